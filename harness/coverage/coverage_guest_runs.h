#ifndef IOMMUFD_CONFORM_HARNESS_COVERAGE_COVERAGE_GUEST_RUNS_H_
#define IOMMUFD_CONFORM_HARNESS_COVERAGE_COVERAGE_GUEST_RUNS_H_

#include <chrono>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "harness/common/arch.h"
#include "harness/common/harness_error.h"
#include "harness/coverage/coverage_report.h"

namespace iommufd_conform {

// One payload to run in a coverage guest: ours (the suite binary) or a kernel selftest.
struct CoveragePayload {
  std::string what;  // for the report: "suite (kernel backend)", "selftest iommufd"
  std::filesystem::path binary;
  std::vector<std::string> args;  // /share is the run's directory
  std::vector<std::string> env;   // NAME=value
  // Files or folders copied into the run's directory (the guest's /share) before it starts,
  // each under the given name.
  std::vector<std::pair<std::filesystem::path, std::string>> inputs;
};

struct CoverageGuest {
  Arch arch = Arch::kX86_64;
  std::string platform;
  std::filesystem::path kernel_image;
  std::filesystem::path gcno_dir;  // the kernel's cache entry's gcno/
  int hugepages = 0;
  std::chrono::seconds timeout{1800};
};

// Boots `guest` with `payload` in `dir` (console.log, gcov/, what the payload writes to
// /share) and adds the returned counters to `into`. The returned run says how it went; a
// payload failing its own tests still counts (its coverage is real), a guest that returned no
// data adds nothing. Errors are only those that make the data unusable (gcov failing).
HarnessResult<CoverageRun> RunForCoverage(const CoverageGuest& guest,
                                          const CoveragePayload& payload,
                                          const std::filesystem::path& dir, CoverageMap& into);

// The kernel's iommufd selftests for `version` and `arch`, built once and cached
// (harness/coverage/build-selftests.sh): the paths of the iommufd and iommufd_fail_nth binaries.
HarnessResult<std::vector<std::filesystem::path>> KernelSelftests(const std::string& version,
                                                                  Arch arch);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_COVERAGE_COVERAGE_GUEST_RUNS_H_
