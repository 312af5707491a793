// IOMMU_HWPT_ALLOC, IOMMU_GET_HW_INFO and dirty tracking, for mock devices.
#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <span>
#include <utility>

#include "reference/model/context.h"
#include "reference/model/user_memory.h"
#include "reference/uapi/iommufd.h"

namespace iommufd_conform::model {
namespace {

using namespace uapi;

}  // namespace

// The mock driver takes its iommu_hwpt_selftest with the iotlb field at least and never
// more than its own struct (`size` bytes), zero tail or not.
int CopySelftestData(uint64_t uptr, uint32_t length, uint32_t size, IommuHwptSelftest* data) {
  constexpr size_t kMinimum = offsetof(IommuHwptSelftest, iotlb) + sizeof(data->iotlb);
  if (length < kMinimum || length > size) return EINVAL;
  *data = {};
  return UserMemory::CopyFrom(data, uptr, length);
}

namespace {

int SetUserBit(uint64_t bitmap, uint64_t bit) {
  uint64_t address = bitmap + bit / 64 * sizeof(uint64_t);
  uint64_t word;
  if (UserMemory::CopyFrom(&word, address, sizeof(word))) return EFAULT;
  word |= uint64_t{1} << (bit % 64);
  return UserMemory::CopyTo(address, &word, sizeof(word));
}

}  // namespace

int Context::UseFaultQueue(const IommuHwptAlloc& arg, Hwpt& hwpt) {
  if (!(arg.flags & kIommuHwptFaultIdValid)) return 0;
  auto* fault = objects_.Find<FaultQueue>(arg.fault_id, ObjectType::kFault);
  if (!fault) return ENOENT;
  hwpt.fault = fault;
  ++fault->users;
  return 0;
}

int Context::HwptAlloc(Command& cmd) {
  auto& arg = cmd.As<IommuHwptAlloc>();
  bool reserved_late = config_.fault == ModelFault::kHwptAllocReservedCheckedLate;
  if (arg.reserved && !reserved_late) return EOPNOTSUPP;
  if ((arg.data_type == kIommuHwptDataNone) != (arg.data_len == 0)) return EINVAL;
  auto* device = objects_.Find<Device>(arg.dev_id, ObjectType::kDevice);
  if (!device) return ENOENT;
  if (arg.reserved && reserved_late) return EOPNOTSUPP;
  if (device->iommu) return PlatformHwptAlloc(*device, cmd);
  Object* pt = objects_.Find(arg.pt_id);
  const MockDriverProfile& mock = config_.kernel.mock;
  if (pt && pt->type == ObjectType::kIoas) {
    if (arg.flags & ~config_.kernel.paging_hwpt_flags) return EOPNOTSUPP;
    bool any_device = config_.fault == ModelFault::kHwptDirtyTrackingUnchecked;
    if ((arg.flags & kIommuHwptAllocDirtyTracking) &&
        !MockIommu::CanTrackDirty(device->dev_flags) && !any_device) {
      return EOPNOTSUPP;
    }
    // A nest parent cannot report faults.
    if ((arg.flags & kIommuHwptFaultIdValid) && (arg.flags & kIommuHwptAllocNestParent)) {
      return EOPNOTSUPP;
    }
    DomainGeometry geometry = mock_iommu_.DefaultGeometry();
    if (arg.data_type != kIommuHwptDataNone) {
      if (arg.data_type != kIommuHwptDataSelftest || !mock.paging_hwpt_data) return EOPNOTSUPP;
      IommuHwptSelftest data;
      if (int error = CopySelftestData(arg.data_uptr, arg.data_len, mock.hwpt_data_size, &data)) {
        return error;
      }
      auto chosen = mock_iommu_.GeometryFor(data.pagetable_type);
      if (!chosen) return EOPNOTSUPP;
      geometry = *chosen;
    }
    HwptPaging* hwpt;
    if (int error =
            AllocHwptPaging(*static_cast<Ioas*>(pt), /*auto_domain=*/false, geometry, &hwpt)) {
      return error;
    }
    // The fault queue is looked up last; the HWPT made so far goes again.
    if (int error = UseFaultQueue(arg, *hwpt)) {
      RemoveObject(*hwpt);
      return error;
    }
    hwpt->nest_parent = arg.flags & kIommuHwptAllocNestParent;
    hwpt->dirty_tracking = arg.flags & kIommuHwptAllocDirtyTracking;
    hwpt->pasid_compat = arg.flags & kIommuHwptAllocPasid;
    arg.out_hwpt_id = hwpt->id;
    if (config_.fault == ModelFault::kHwptAllocIdOffByOne) ++arg.out_hwpt_id;
    cmd.respond = true;
    return 0;
  }
  if (pt && pt->type == ObjectType::kHwptPaging) {
    auto* parent = static_cast<HwptPaging*>(pt);
    if (arg.flags & ~config_.kernel.nested_hwpt_flags) return EOPNOTSUPP;
    if (arg.data_type == kIommuHwptDataNone) return EOPNOTSUPP;
    if (!parent->nest_parent || parent->auto_domain) return EINVAL;
    if (arg.data_type != kIommuHwptDataSelftest) return EOPNOTSUPP;
    IommuHwptSelftest data;
    if (int error = CopySelftestData(arg.data_uptr, arg.data_len, mock.hwpt_data_size, &data)) {
      return error;
    }
    auto nested = std::make_unique<HwptNested>(*parent);
    if (int error = UseFaultQueue(arg, *nested)) return error;
    nested->pasid_compat = arg.flags & kIommuHwptAllocPasid;
    ++parent->users;
    nested->iotlb.fill(data.iotlb);
    arg.out_hwpt_id = objects_.Add(std::move(nested));
    cmd.respond = true;
    return 0;
  }
  if (pt && pt->type == ObjectType::kViommu) return AllocNestedOnViommu(cmd, *static_cast<Viommu*>(pt));
  // A missing or unsuitable pt_id is EINVAL here, unlike the ENOENT of most lookups.
  return config_.fault == ModelFault::kHwptAllocMissingPtIsEnoent ? ENOENT : EINVAL;
}

int Context::GetHwInfo(Command& cmd) {
  auto& arg = cmd.As<IommuHwInfo>();
  if (arg.flags & ~config_.kernel.hw_info_flags) return EOPNOTSUPP;
  if (std::any_of(std::begin(arg.reserved), std::end(arg.reserved), [](uint8_t b) { return b; })) {
    return EOPNOTSUPP;
  }
  auto* device = objects_.Find<Device>(arg.dev_id, ObjectType::kDevice);
  if (!device) return ENOENT;
  // The driver's facts: the mock IOMMU's, or the platform IOMMU's the device sits behind.
  static const IommuTestHwInfo kMockInfo{0, kIommuHwInfoSelftestRegval};
  uint32_t type = kIommuHwInfoTypeSelftest;
  auto info = std::as_bytes(std::span<const IommuTestHwInfo>(&kMockInfo, 1));
  uint8_t max_pasid_log2 = mock_iommu_.MaxPasidLog2(device->dev_flags);
  uint64_t capabilities = mock_iommu_.Capabilities(device->dev_flags);
  if (device->iommu) {
    type = device->iommu->hw_info_type;
    info = device->iommu->hw_info_data;
    max_pasid_log2 = device->iommu->max_pasid_log2;
    capabilities = device->iommu->capabilities & config_.kernel.hw_capabilities;
    if (!(config_.kernel.iommufd_drivers & (1u << type))) {
      type = kIommuHwInfoTypeNone;
      info = {};
    }
  }
  // A driver without hw_info data answers NONE whatever type was asked for (virtio-iommu).
  if ((arg.flags & kIommuHwInfoFlagInputType) && type != kIommuHwInfoTypeNone &&
      arg.in_data_type != kIommuHwInfoTypeDefault && arg.in_data_type != type) {
    return EOPNOTSUPP;
  }
  // The driver's data goes out as far as data_len allows; a longer buffer is zero-filled.
  uint32_t copied = std::min<uint32_t>(arg.data_len, info.size());
  if (UserMemory::CopyTo(arg.data_uptr, info.data(), copied)) return EFAULT;
  static const std::byte kZeros[4096] = {};
  for (uint64_t at = copied; at < arg.data_len;) {
    if (config_.fault == ModelFault::kHwInfoNoZeroFill) break;
    uint64_t chunk = std::min<uint64_t>(sizeof(kZeros), arg.data_len - at);
    if (UserMemory::CopyTo(arg.data_uptr + at, kZeros, chunk)) return EFAULT;
    at += chunk;
  }
  arg.data_len = static_cast<uint32_t>(info.size());
  arg.out_data_type = type;
  if (config_.fault == ModelFault::kHwInfoWrongDataType) arg.out_data_type = kIommuHwInfoTypeNone;
  arg.out_max_pasid_log2 = max_pasid_log2;
  arg.out_capabilities = capabilities;
  if (config_.fault == ModelFault::kHwInfoCapabilitiesDropped) arg.out_capabilities = 0;
  cmd.respond = true;
  return 0;
}

int Context::HwptSetDirtyTracking(Command& cmd) {
  const auto& arg = cmd.As<IommuHwptSetDirtyTracking>();
  // `__reserved` is not checked.
  if (arg.flags & ~kIommuHwptDirtyTrackingEnable) return EOPNOTSUPP;
  auto* hwpt = objects_.Find<HwptPaging>(arg.hwpt_id, ObjectType::kHwptPaging);
  if (!hwpt) return ENOENT;
  bool any_hwpt = config_.fault == ModelFault::kDirtyTrackingCapabilityUnchecked;
  if (!hwpt->dirty_tracking && !any_hwpt) return EOPNOTSUPP;
  hwpt->dirty_enabled = arg.flags & kIommuHwptDirtyTrackingEnable;
  // Enabling starts from a clean slate, even when tracking was already on; where bits are
  // not reported while tracking is off, they might as well go at once.
  if (hwpt->dirty_enabled || !config_.kernel.dirty_bits_while_disabled) {
    hwpt->ioas->iopt.ClearDirty(hwpt->id, {0, kULongMax});
  }
  return 0;
}

int Context::HwptGetDirtyBitmap(Command& cmd) {
  const auto& arg = cmd.As<IommuHwptGetDirtyBitmap>();
  if (arg.flags & ~kIommuHwptGetDirtyBitmapNoClear || arg.reserved) return EOPNOTSUPP;
  auto* hwpt = objects_.Find<HwptPaging>(arg.hwpt_id, ObjectType::kHwptPaging);
  if (!hwpt) return ENOENT;
  // Before 7.3 only iova + (length - 1) was checked, so length 0 overflowed for any iova
  // but 0, and from 0 read the whole address space.
  if (arg.length == 0 && config_.kernel.dirty_bitmap_rejects_empty) return EINVAL;
  uint64_t last;
  if (__builtin_add_overflow(arg.iova, arg.length - 1, &last)) return EOVERFLOW;
  uint64_t alignment = hwpt->ioas->iopt.iova_alignment();
  bool any_range = config_.fault == ModelFault::kDirtyBitmapAlignmentUnchecked;
  if (arg.page_size == 0 || (((arg.iova | arg.length) & (arg.page_size - 1)) && !any_range) ||
      arg.iova % alignment || arg.length % alignment) {
    return EINVAL;
  }
  if (!hwpt->dirty_tracking) return EOPNOTSUPP;
  // Bits are OR-ed into the caller's bitmap, which the caller zeroes first; they are
  // cleared only once they are out.
  int error = 0;
  bool lose_one = config_.fault == ModelFault::kDirtyBitmapLosesFirstBit;
  hwpt->ioas->iopt.ForEachDirty(hwpt->id, {arg.iova, last}, [&](IovaRange pte) {
    if (std::exchange(lose_one, false)) return;
    uint64_t from = std::max(pte.start, arg.iova);
    uint64_t to = std::min(pte.last, last);
    for (uint64_t bit = (from - arg.iova) / arg.page_size;
         bit <= (to - arg.iova) / arg.page_size && !error; ++bit) {
      error = SetUserBit(arg.data, bit);
    }
  });
  if (error) return error;
  if (!(arg.flags & kIommuHwptGetDirtyBitmapNoClear)) {
    hwpt->ioas->iopt.ClearDirty(hwpt->id, {arg.iova, last});
  }
  return 0;
}

}  // namespace iommufd_conform::model
