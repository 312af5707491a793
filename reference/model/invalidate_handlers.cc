// IOMMU_HWPT_INVALIDATE for the selftest driver: a nested HWPT's mock IOTLB and, through a
// vIOMMU, the caches of its vDEVICEs' mock devices; MD_CHECK_IOTLB to look at the former.
#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <vector>

#include "reference/model/context.h"
#include "reference/model/user_memory.h"
#include "reference/uapi/iommufd.h"

namespace iommufd_conform::model {
namespace {

using namespace uapi;

// The caller's array of `entry_num` entries of `entry_len` bytes each.
struct EntryArray {
  uint64_t uptr;
  uint32_t type;
  uint32_t entry_len;
  uint32_t entry_num;
};

// Entry `index` into a T as a struct of a newer or older size is taken: a shorter entry
// must reach `min_len` (else EINVAL) and is zero-extended, a longer one must be zero past T
// (else E2BIG).
template <typename T>
int CopyEntry(const EntryArray& array, uint32_t index, size_t min_len, T* entry) {
  if (array.entry_len < min_len) return EINVAL;
  *entry = {};
  uint64_t at = array.uptr + uint64_t{index} * array.entry_len;
  size_t copy = std::min<size_t>(sizeof(T), array.entry_len);
  if (UserMemory::CopyFrom(entry, at, copy)) return EFAULT;
  for (uint64_t tail = sizeof(T); tail < array.entry_len; ++tail) {
    std::byte byte;
    if (UserMemory::CopyFrom(&byte, at + tail, 1)) return EFAULT;
    if (byte != std::byte{0}) return E2BIG;
  }
  return 0;
}

// The nested mock domain handles entries one at a time; `*handled` counts those done. Its
// entries must be exactly its struct's size: longer ones are EINVAL even with zero tails
// (observed on 7.2).
int InvalidateIotlb(HwptNested& hwpt, const EntryArray& array, uint32_t* handled) {
  if (array.type != kIommuHwptInvalidateDataSelftest) return EINVAL;
  if (array.entry_num && array.entry_len > sizeof(IommuHwptInvalidateSelftest)) return EINVAL;
  constexpr size_t kMinLen = offsetof(IommuHwptInvalidateSelftest, iotlb_id) + sizeof(uint32_t);
  for (; *handled < array.entry_num; ++*handled) {
    IommuHwptInvalidateSelftest entry;
    if (int error = CopyEntry(array, *handled, kMinLen, &entry)) return error;
    if (entry.flags & ~kIommuTestInvalidateFlagAll) return EOPNOTSUPP;
    if (entry.iotlb_id > kMockNestedDomainIotlbIdMax) return EINVAL;
    if (entry.flags & kIommuTestInvalidateFlagAll) {
      hwpt.iotlb.fill(0);
    } else {
      hwpt.iotlb[entry.iotlb_id] = 0;
    }
  }
  return 0;
}

// The mock vIOMMU reads the whole array first, so a bad entry anywhere stops it before any
// is handled; entries are not checked for a minimum length.
int InvalidateCaches(Viommu& viommu, const EntryArray& array, uint32_t* handled) {
  if (array.type != kIommuViommuInvalidateDataSelftest) return EINVAL;
  std::vector<IommuViommuInvalidateSelftest> entries(array.entry_num);
  for (uint32_t i = 0; i < array.entry_num; ++i) {
    if (int error = CopyEntry(array, i, 0, &entries[i])) return error;
  }
  for (const IommuViommuInvalidateSelftest& entry : entries) {
    if (entry.flags & ~kIommuTestInvalidateFlagAll) return EOPNOTSUPP;
    if (entry.cache_id > kMockDevCacheIdMax) return EINVAL;
    auto vdevice = viommu.vdevices.find(entry.vdev_id);
    if (vdevice == viommu.vdevices.end()) return EINVAL;
    Device& device = *vdevice->second->device;
    if (entry.flags & kIommuTestInvalidateFlagAll) {
      device.cache.fill(0);
    } else {
      device.cache[entry.cache_id] = 0;
    }
    ++*handled;
  }
  return 0;
}

}  // namespace

int Context::HwptInvalidate(Command& cmd) {
  auto& arg = cmd.As<IommuHwptInvalidate>();
  // entry_num goes back as the number of entries handled, whatever the outcome.
  cmd.respond = true;
  uint32_t handled = 0;
  int error = 0;
  EntryArray array{arg.data_uptr, arg.data_type, arg.entry_len, arg.entry_num};
  Object* target = nullptr;
  // Seen on 6.12, 7.2 and 7.3: more entries than this, or entries longer than a page, are
  // refused before the lookup (7.2 vtd, differential fuzzer).
  constexpr uint32_t kMaxEntries = 0x80000;
  if (arg.reserved) {
    error = EOPNOTSUPP;
  } else if (arg.entry_num > kMaxEntries ||
             (arg.entry_num &&
              (!arg.data_uptr || !arg.entry_len || arg.entry_len > config_.page_size))) {
    error = EINVAL;
  } else if (!(target = objects_.Find(arg.hwpt_id)) ||
             (!config_.kernel.invalidate_any_object && target->type != ObjectType::kHwptNested)) {
    error = ENOENT;
  } else if (target->type == ObjectType::kHwptNested) {
    error = InvalidateIotlb(*static_cast<HwptNested*>(target), array, &handled);
  } else if (target->type == ObjectType::kViommu) {
    error = InvalidateCaches(*static_cast<Viommu*>(target), array, &handled);
  } else {
    error = EINVAL;
  }
  arg.entry_num = handled;
  return error;
}

int Context::TestMdCheckIotlb(IommuTestCmd& cmd) {
  auto* hwpt = objects_.Find<HwptNested>(cmd.id, ObjectType::kHwptNested);
  if (!hwpt) return ENOENT;
  uint32_t id = cmd.check_iotlb.id;
  if (id > kMockNestedDomainIotlbIdMax || hwpt->iotlb[id] != cmd.check_iotlb.iotlb) return EINVAL;
  return 0;
}

int Context::TestDevCheckCache(IommuTestCmd& cmd) {
  auto* device = objects_.Find<Device>(cmd.id, ObjectType::kDevice);
  if (!device) return ENOENT;
  uint32_t id = cmd.check_dev_cache.id;
  if (id > kMockDevCacheIdMax || device->cache[id] != cmd.check_dev_cache.cache) return EINVAL;
  return 0;
}

}  // namespace iommufd_conform::model
