#ifndef IOMMUFD_CONFORM_HARNESS_GUEST_GCOV_DUMP_H_
#define IOMMUFD_CONFORM_HARNESS_GUEST_GCOV_DUMP_H_

#include <string>

#include "harness/common/harness_error.h"

namespace iommufd_conform::guest {

// The kernel's gcov counters (CONFIG_GCOV_KERNEL) live in debugfs: one .gcda file per profiled
// object under kGcovRoot/<the build's object directory>/..., next to .gcno links to the build.
inline constexpr const char* kGcovRoot = "/sys/kernel/debug/gcov";

// Zeroes every counter, so what a payload reaches is not mixed with what booting reached.
HarnessStatus ResetGcovCounters();

// Copies every .gcda under kGcovRoot to `out_dir`, keeping the paths below kGcovRoot. Returns
// how many files were copied.
HarnessResult<int> DumpGcovData(const std::string& out_dir);

}  // namespace iommufd_conform::guest

#endif  // IOMMUFD_CONFORM_HARNESS_GUEST_GCOV_DUMP_H_
