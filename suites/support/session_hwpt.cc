// IommufdSession's calls on HWPTs, devices' hardware info, vIOMMUs and their objects.
#include "suites/support/iommufd_session.h"

namespace iommufd_conform {

Outcome IommufdSession::HwptAlloc(uint32_t dev_id, uint32_t pt_id, uint32_t flags,
                                  uint32_t data_type, std::span<const std::byte> data,
                                  uint32_t fault_id) {
  uapi::IommuHwptAlloc arg{};
  arg.flags = flags;
  arg.dev_id = dev_id;
  arg.pt_id = pt_id;
  arg.data_type = data_type;
  arg.data_len = static_cast<uint32_t>(data.size());
  arg.data_uptr = reinterpret_cast<uintptr_t>(data.data());
  arg.fault_id = fault_id;
  return Call(uapi::kIoctlHwptAlloc, arg);
}

Outcome IommufdSession::HwptInvalidate(uint32_t hwpt_id, uint32_t data_type, const void* entries,
                                       uint32_t entry_len, uint32_t entry_num) {
  uapi::IommuHwptInvalidate arg{};
  arg.hwpt_id = hwpt_id;
  arg.data_uptr = reinterpret_cast<uintptr_t>(entries);
  arg.data_type = data_type;
  arg.entry_len = entry_len;
  arg.entry_num = entry_num;
  return Call(uapi::kIoctlHwptInvalidate, arg);
}

Outcome IommufdSession::HwptSetDirtyTracking(uint32_t hwpt_id, uint32_t flags) {
  uapi::IommuHwptSetDirtyTracking arg{};
  arg.flags = flags;
  arg.hwpt_id = hwpt_id;
  return Call(uapi::kIoctlHwptSetDirtyTracking, arg);
}

Outcome IommufdSession::HwptGetDirtyBitmap(uint32_t hwpt_id, uint64_t iova, uint64_t length,
                                           uint64_t page_size, void* data, uint32_t flags) {
  uapi::IommuHwptGetDirtyBitmap arg{};
  arg.hwpt_id = hwpt_id;
  arg.flags = flags;
  arg.iova = iova;
  arg.length = length;
  arg.page_size = page_size;
  arg.data = reinterpret_cast<uintptr_t>(data);
  return Call(uapi::kIoctlHwptGetDirtyBitmap, arg);
}

Outcome IommufdSession::GetHwInfo(uint32_t dev_id, std::span<std::byte> data, uint32_t flags,
                                  uint32_t in_type) {
  uapi::IommuHwInfo arg{};
  arg.flags = flags;
  arg.dev_id = dev_id;
  arg.data_len = static_cast<uint32_t>(data.size());
  arg.data_uptr = reinterpret_cast<uintptr_t>(data.data());
  arg.in_data_type = in_type;
  return Call(uapi::kIoctlGetHwInfo, arg);
}

Outcome IommufdSession::ViommuAlloc(uint32_t dev_id, uint32_t hwpt_id, uint32_t type,
                                    std::span<const std::byte> data, uint32_t flags) {
  uapi::IommuViommuAlloc arg{};
  arg.flags = flags;
  arg.type = type;
  arg.dev_id = dev_id;
  arg.hwpt_id = hwpt_id;
  arg.data_len = static_cast<uint32_t>(data.size());
  arg.data_uptr = reinterpret_cast<uintptr_t>(data.data());
  return Call(uapi::kIoctlViommuAlloc, arg);
}

Outcome IommufdSession::VdeviceAlloc(uint32_t viommu_id, uint32_t dev_id, uint64_t virt_id) {
  uapi::IommuVdeviceAlloc arg{};
  arg.viommu_id = viommu_id;
  arg.dev_id = dev_id;
  arg.virt_id = virt_id;
  return Call(uapi::kIoctlVdeviceAlloc, arg);
}

Outcome IommufdSession::VeventqAlloc(uint32_t viommu_id, uint32_t depth, uint32_t type,
                                     uint32_t flags) {
  uapi::IommuVeventqAlloc arg{};
  arg.flags = flags;
  arg.viommu_id = viommu_id;
  arg.type = type;
  arg.veventq_depth = depth;
  return Call(uapi::kIoctlVeventqAlloc, arg);
}

Outcome IommufdSession::HwQueueAlloc(uint32_t viommu_id, uint32_t index, uint64_t iova,
                                     uint64_t length, uint32_t type, uint32_t flags) {
  uapi::IommuHwQueueAlloc arg{};
  arg.flags = flags;
  arg.viommu_id = viommu_id;
  arg.type = type;
  arg.index = index;
  arg.nesting_parent_iova = iova;
  arg.length = length;
  return Call(uapi::kIoctlHwQueueAlloc, arg);
}

}  // namespace iommufd_conform
