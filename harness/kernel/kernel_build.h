#ifndef IOMMUFD_CONFORM_HARNESS_KERNEL_KERNEL_BUILD_H_
#define IOMMUFD_CONFORM_HARNESS_KERNEL_KERNEL_BUILD_H_

#include <filesystem>
#include <string>
#include <vector>

#include "harness/common/arch.h"
#include "harness/common/harness_error.h"
#include "harness/kernel/config_fragments.h"

namespace iommufd_conform {

// One kbuild run in an object directory; every step appends to <objects>/build.log.
struct BuildPlan {
  std::filesystem::path tree{};
  std::filesystem::path objects{};
  Arch arch = Arch::kX86_64;
  std::vector<Fragment> fragments{};
  std::vector<std::string> make_variables{};  // InstrumentationVariables()
};

std::filesystem::path BuildLogPath(const BuildPlan& plan);
std::filesystem::path FinalConfigPath(const BuildPlan& plan);
std::filesystem::path ImagePath(const BuildPlan& plan);

// tinyconfig, merge_config.sh of the fragments, olddefconfig. Starts a new build.log.
HarnessStatus ConfigureKernel(const BuildPlan& plan);
// make -j<cores + 1> of the image target.
HarnessStatus CompileKernel(const BuildPlan& plan);
// make -s kernelrelease, e.g. "7.2.13".
HarnessResult<std::string> KernelRelease(const BuildPlan& plan);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_KERNEL_KERNEL_BUILD_H_
