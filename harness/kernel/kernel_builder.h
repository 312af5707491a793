#ifndef IOMMUFD_CONFORM_HARNESS_KERNEL_KERNEL_BUILDER_H_
#define IOMMUFD_CONFORM_HARNESS_KERNEL_KERNEL_BUILDER_H_

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "harness/common/arch.h"
#include "harness/common/harness_error.h"
#include "harness/kernel/built_kernel.h"

namespace iommufd_conform {

struct KernelRequest {
  std::string source{};  // a known Debian version ("6.12", "7.2", "7.3") or a kernel tree's path
  Arch arch = Arch::kX86_64;
  std::vector<std::string> extras{};                    // "kcov", "coverage", "type1"
  std::vector<std::filesystem::path> user_fragments{};  // merged last, e.g. to try an option
};

// Returns the cached kernel for the request or builds it (minutes; progress lines on stderr).
// Errors: kUsage (unknown version or extra), kSourceUnavailable (fetch failed, not a kernel
// tree), kMissingTool (no make, compiler, flex, bison or bc), kConfigMissing (a required
// option did not survive olddefconfig), kBuildFailed (with the log's tail), kIo.
HarnessResult<BuiltKernel> EnsureKernel(const KernelRequest& request);

// Resolves a --kernel value: an existing regular file is a prebuilt image, used as is once its
// header matches `arch` (bzImage or arm64 Image); anything else is a source for EnsureKernel.
HarnessResult<BuiltKernel> ResolveKernel(std::string_view value, Arch arch,
                                         const std::vector<std::string>& extras = {});

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_KERNEL_KERNEL_BUILDER_H_
