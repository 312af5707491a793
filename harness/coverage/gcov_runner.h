#ifndef IOMMUFD_CONFORM_HARNESS_COVERAGE_GCOV_RUNNER_H_
#define IOMMUFD_CONFORM_HARNESS_COVERAGE_GCOV_RUNNER_H_

#include <filesystem>
#include <optional>
#include <string>

#include "harness/common/arch.h"
#include "harness/common/harness_error.h"
#include "harness/coverage/coverage_map.h"

namespace iommufd_conform {

// The gcov matching the compiler that built kernels for `arch` (harness/kernel/kbuild_args.h).
std::string GcovTool(Arch arch);

// "<anything>/drivers/iommu/iommufd/main.gcda" -> "drivers/iommu/iommufd/main": the object's
// path inside the kbuild object directory, without extension; nullopt outside "drivers/".
std::optional<std::string> ObjectStem(const std::filesystem::path& gcda);

// Runs gcov on every .gcda under `gcda_dir` (as a guest's gcov dump left them), pairing each
// with <gcno_dir>/<ObjectStem>.gcno from the kernel's cache entry, and adds the results to
// `into`. Returns how many data files were read. A .gcda without its .gcno is an error: the
// data came from another kernel.
HarnessResult<int> AddGcdaTree(const std::filesystem::path& gcda_dir,
                               const std::filesystem::path& gcno_dir, Arch arch,
                               CoverageMap& into);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_COVERAGE_GCOV_RUNNER_H_
