#ifndef IOMMUFD_CONFORM_REFERENCE_MODEL_PROFILE_H_
#define IOMMUFD_CONFORM_REFERENCE_MODEL_PROFILE_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace iommufd_conform::model {

// The kernel lines the model speaks for. Behaviour that changed between them is looked up
// here, by property, never by comparing versions at the call site.
enum class KernelVersion { k6_12, k7_2, k7_3 };

struct KernelProfile {
  KernelVersion version;
  // The highest iommufd command number (0x80-based) this kernel serves.
  unsigned last_ioctl_nr;
};

// Which IOMMU the devices sit behind. `none` means: no real device, mock devices only.
enum class Platform { kNone, kVtd, kSmmuV3, kAmdVi, kVirtio };

struct ModelConfig {
  KernelProfile kernel;
  Platform platform = Platform::kNone;
  uint64_t page_size = 4096;
};

std::optional<KernelProfile> KernelProfileFor(std::string_view version);  // "6.12", "7.2", ...
std::optional<Platform> ParsePlatform(std::string_view name);             // "none", "vtd", ...
std::string_view PlatformName(Platform platform);

}  // namespace iommufd_conform::model

#endif  // IOMMUFD_CONFORM_REFERENCE_MODEL_PROFILE_H_
