#include "reference/model/profile.h"

#include "reference/uapi/iommufd.h"
#include "reference/uapi/iommufd_test.h"

namespace iommufd_conform::model {
namespace {

using namespace uapi;

// The mock domain's pgsize_bitmap: 2 KiB up to 64 GiB (observed on 7.2).
constexpr uint64_t kMockPageSizes = ((uint64_t{1} << 37) - 1) & ~((uint64_t{1} << 11) - 1);

// 6.12 ends at IOMMU_FAULT_QUEUE_ALLOC (0x8e) and its mock driver at TRIGGER_IOPF (15).
constexpr KernelProfile k6_12Profile{
    .version = KernelVersion::k6_12,
    .last_ioctl_nr = 0x8e,
    .paging_hwpt_flags = kIommuHwptAllocNestParent | kIommuHwptAllocDirtyTracking,
    .nested_hwpt_flags = kIommuHwptFaultIdValid,
    .hw_info_flags = 0,
    .dirty_bits_while_disabled = false,
    .dirty_bitmap_rejects_empty = false,
    .invalidate_any_object = false,
    .veventq_max_depth = 0,  // no IOMMU_VEVENTQ_ALLOC
    .hw_capabilities = kIommuHwCapDirtyTracking | kIommuHwCapPciPasidExec | kIommuHwCapPciPasidPriv,
    .iommufd_drivers = 1u << kIommuHwInfoTypeIntelVtd,
    .vfio_bind_token = false,
    .vfio_attach_pasid = false,
    .mock = {
        .last_test_op = kIommuTestOpTriggerIopf,
        .device_flags = kMockFlagsDeviceNoDirty | kMockFlagsDeviceHugeIova,
        .hwpt_data_size = 4,
        .paging_hwpt_data = false,
        .refused_on_platforms = PlatformBit(Platform::kVtd) | PlatformBit(Platform::kAmdVi),
        // Only the 2 KiB mock page.
        .page_sizes = kMockPageSize,
        .hw_capabilities = 0,
        .dirty_op_by_iova = false,
        .check_map_args_first = true,
    },
    .file_mmap = false,
};

// 7.2 and 7.3 end at IOMMU_HW_QUEUE_ALLOC (0x94) and DMABUF_REVOKE (23).
constexpr KernelProfile k7_2Profile{
    .version = KernelVersion::k7_2,
    .last_ioctl_nr = 0x94,
    .paging_hwpt_flags = kIommuHwptAllocNestParent | kIommuHwptAllocDirtyTracking |
                         kIommuHwptFaultIdValid | kIommuHwptAllocPasid,
    .nested_hwpt_flags = kIommuHwptFaultIdValid | kIommuHwptAllocPasid,
    .hw_info_flags = kIommuHwInfoFlagInputType,
    .dirty_bits_while_disabled = true,
    .dirty_bitmap_rejects_empty = false,
    .invalidate_any_object = true,
    .veventq_max_depth = 1u << 19,
    .hw_capabilities = kIommuHwCapDirtyTracking | kIommuHwCapPciPasidExec |
                       kIommuHwCapPciPasidPriv | kIommuHwCapPciAtsNotSupported,
    .iommufd_drivers = (1u << kIommuHwInfoTypeIntelVtd) | (1u << kIommuHwInfoTypeArmSmmuv3) |
                       (1u << kIommuHwInfoTypeAmd),
    .vfio_bind_token = true,
    .vfio_attach_pasid = true,
    .mock = {
        .last_test_op = kIommuTestOpDmabufRevoke,
        .device_flags = kMockFlagsDeviceNoDirty | kMockFlagsDevicePasid,
        .hwpt_data_size = sizeof(IommuHwptSelftest),
        .paging_hwpt_data = true,
        .refused_on_platforms = 0,
        .page_sizes = kMockPageSizes,
        .hw_capabilities = kIommuHwCapPciAtsNotSupported,
        .dirty_op_by_iova = true,
        .check_map_args_first = false,
        .dirty_op_max_bits = uint64_t{1} << 27,  // a 16 MiB bitmap
        .dmabuf_get_returns_fd = true,
    },
};

}  // namespace

std::optional<KernelProfile> KernelProfileFor(std::string_view version) {
  if (version == "6.12") return k6_12Profile;
  if (version == "7.2") return k7_2Profile;
  if (version == "7.3") {
    KernelProfile profile = k7_2Profile;
    profile.version = KernelVersion::k7_3;
    profile.dirty_bitmap_rejects_empty = true;
    profile.mock.dmabuf_get_returns_fd = false;
    return profile;
  }
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
