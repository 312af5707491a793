#ifndef IOMMUFD_CONFORM_HARNESS_KERNEL_BUILD_TOOLS_H_
#define IOMMUFD_CONFORM_HARNESS_KERNEL_BUILD_TOOLS_H_

#include <string>

#include "harness/common/arch.h"
#include "harness/common/harness_error.h"

namespace iommufd_conform {

// Checks that the programs a kernel build for `arch` runs are installed (kMissingTool naming
// all missing ones) and returns the compiler's version line, which goes into the cache key.
HarnessResult<std::string> CheckBuildTools(Arch arch);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_KERNEL_BUILD_TOOLS_H_
