#include "reference/model/profile.h"

namespace iommufd_conform::model {

std::optional<KernelProfile> KernelProfileFor(std::string_view version) {
  // 6.12 ends at IOMMU_FAULT_QUEUE_ALLOC (0x8e); 7.2 and 7.3 at IOMMU_HW_QUEUE_ALLOC (0x94).
  if (version == "6.12") return KernelProfile{KernelVersion::k6_12, 0x8e};
  if (version == "7.2") return KernelProfile{KernelVersion::k7_2, 0x94};
  if (version == "7.3") return KernelProfile{KernelVersion::k7_3, 0x94};
  return std::nullopt;
}

std::optional<Platform> ParsePlatform(std::string_view name) {
  if (name == "none") return Platform::kNone;
  if (name == "vtd") return Platform::kVtd;
  if (name == "smmuv3") return Platform::kSmmuV3;
  if (name == "amd") return Platform::kAmdVi;
  if (name == "virtio") return Platform::kVirtio;
  return std::nullopt;
}

std::string_view PlatformName(Platform platform) {
  switch (platform) {
    case Platform::kNone: return "none";
    case Platform::kVtd: return "vtd";
    case Platform::kSmmuV3: return "smmuv3";
    case Platform::kAmdVi: return "amd";
    case Platform::kVirtio: return "virtio";
  }
  return "none";
}

}  // namespace iommufd_conform::model
