#ifndef IOMMUFD_CONFORM_HARNESS_CLI_EXIT_CODES_H_
#define IOMMUFD_CONFORM_HARNESS_CLI_EXIT_CODES_H_

#include "harness/common/harness_error.h"

namespace iommufd_conform {

// The CLI's documented exit codes (README, "Exit codes").
inline constexpr int kExitOk = 0;
inline constexpr int kExitTestsFailed = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitMissingTool = 3;
inline constexpr int kExitSourceUnavailable = 4;
inline constexpr int kExitBuildFailed = 5;
inline constexpr int kExitConfigMissing = 6;
inline constexpr int kExitBootFailed = 7;
inline constexpr int kExitGuestCrashed = 8;
inline constexpr int kExitNoDevice = 9;
inline constexpr int kExitIo = 10;

constexpr int ExitCodeFor(HarnessErrorKind kind) {
  switch (kind) {
    case HarnessErrorKind::kUsage: return kExitUsage;
    case HarnessErrorKind::kMissingTool: return kExitMissingTool;
    case HarnessErrorKind::kSourceUnavailable: return kExitSourceUnavailable;
    case HarnessErrorKind::kBuildFailed: return kExitBuildFailed;
    case HarnessErrorKind::kConfigMissing: return kExitConfigMissing;
    case HarnessErrorKind::kBootFailed: return kExitBootFailed;
    case HarnessErrorKind::kGuestCrashed: return kExitGuestCrashed;
    case HarnessErrorKind::kNoDevice: return kExitNoDevice;
    case HarnessErrorKind::kIo: return kExitIo;
  }
  return kExitIo;
}

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_CLI_EXIT_CODES_H_
