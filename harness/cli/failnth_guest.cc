#include "harness/cli/failnth_guest.h"

#include "harness/common/paths.h"

namespace iommufd_conform {

HarnessResult<GuestRunSpec> FailNthWalkSpec(Arch arch, const std::string& platform,
                                            std::chrono::seconds timeout) {
  if (arch != Arch::kX86_64) {
    return MakeError(HarnessErrorKind::kUsage, "the fail-nth walker runs on x86_64 guests");
  }
  const std::filesystem::path walker = BuildDir() / "iommufd-conform-failnth";
  if (!std::filesystem::exists(walker)) {
    return MakeError(HarnessErrorKind::kMissingTool, walker.string() + " is not built");
  }
  GuestRunSpec spec;
  spec.arch = arch;
  spec.platform = platform;
  spec.payload = walker;
  spec.run_timeout = timeout;
  return spec;
}

}  // namespace iommufd_conform
