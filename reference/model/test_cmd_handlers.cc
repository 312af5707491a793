// IOMMU_TEST_CMD: the selftest mock driver's ops, as far as the model speaks for them.
#include <cerrno>
#include <utility>
#include <vector>

#include "reference/model/context.h"
#include "reference/model/user_memory.h"

namespace iommufd_conform::model {
namespace {

using namespace uapi;

}  // namespace

int Context::TestCmd(Command& cmd) {
  auto& arg = cmd.As<IommuTestCmd>();
  // `__reserved` and `last` are never looked at. An op this kernel's driver lacks is
  // EOPNOTSUPP; one it has that the model does not serve is ENOTTY, as for an unserved
  // ioctl number, so nobody mistakes the model's silence for the kernel's answer.
  if (arg.op == 0 || arg.op > config_.kernel.mock.last_test_op) return EOPNOTSUPP;
  switch (arg.op) {
    case kIommuTestOpAddReserved:
      return TestAddReserved(arg);
    case kIommuTestOpMockDomain:
      // Plain MOCK_DOMAIN ignores whatever sits where MOCK_DOMAIN_FLAGS keeps dev_flags.
      cmd.respond = true;
      return TestMockDomain(arg, 0);
    case kIommuTestOpMockDomainFlags:
      cmd.respond = true;
      return TestMockDomain(arg, arg.mock_domain_flags.dev_flags);
    case kIommuTestOpMockDomainReplace:
      cmd.respond = true;
      return TestMockDomainReplace(arg);
    case kIommuTestOpDirty:
      cmd.respond = true;
      return TestDirty(arg);
    case kIommuTestOpTriggerIopf:
      return TestTriggerIopf(arg);
    case kIommuTestOpPasidAttach:
    case kIommuTestOpPasidReplace:
      // Both answer the HWPT now used in pt_id.
      cmd.respond = true;
      return TestPasidOp(arg);
    case kIommuTestOpPasidDetach:
    case kIommuTestOpPasidCheckHwpt:
      return TestPasidOp(arg);
    case kIommuTestOpCreateAccess:
      cmd.respond = true;
      return TestCreateAccess(arg);
    case kIommuTestOpAccessPages:
      cmd.respond = true;
      return TestAccessPages(arg);
    case kIommuTestOpDestroyAccessPages:
      return TestDestroyAccessPages(arg);
    case kIommuTestOpAccessRw:
      return TestAccessRw(arg);
    case kIommuTestOpAccessReplaceIoas:
      return TestAccessReplaceIoas(arg);
    case kIommuTestOpMdCheckMap:
      return TestMdCheckMap(arg);
    case kIommuTestOpMdCheckRefs:
      return TestMdCheckRefs(arg);
    case kIommuTestOpSetTempMemoryLimit:
      return TestSetTempMemoryLimit(arg);
    case kIommuTestOpMdCheckIotlb:
      return TestMdCheckIotlb(arg);
    case kIommuTestOpDevCheckCache:
      return TestDevCheckCache(arg);
    case kIommuTestOpTriggerVevent:
      return TestTriggerVevent(arg);
    case kIommuTestOpDmabufGet:
      return TestDmabufGet(cmd);
    case kIommuTestOpDmabufRevoke:
      return TestDmabufRevoke(arg);
    default:
      return ENOTTY;
  }
}

int Context::TestAddReserved(IommuTestCmd& cmd) {
  uint64_t start = cmd.add_reserved.start;
  uint64_t length = cmd.add_reserved.length;
  if (length == 0) return EINVAL;
  uint64_t last;
  if (__builtin_add_overflow(start, length - 1, &last)) return EOVERFLOW;
  auto* ioas = objects_.Find<Ioas>(cmd.id, ObjectType::kIoas);
  if (!ioas) return ENOENT;
  return ioas->iopt.AddReserved({start, last}, kReservedByTest);
}

int Context::TestMockDomain(IommuTestCmd& cmd, uint32_t dev_flags) {
  // The flags are checked before the pt_id is looked up.
  if (dev_flags & ~config_.kernel.mock.device_flags) return EINVAL;
  if (config_.kernel.mock.refused_on_platforms & PlatformBit(config_.platform)) return EINVAL;
  // The ids go to the selftest object, the DEVICE, then an automatic HWPT if one is made;
  // a failed attach frees them all again.
  auto owned_device = std::make_unique<Device>(dev_flags);
  owned_device->cache.fill(kIommuTestDevCacheDefault);
  Device* device = owned_device.get();
  auto owned_stdev = std::make_unique<SelftestDevice>(*device);
  // The selftest object is unpublished until attached: a pt_id naming it is ENOENT. The
  // DEVICE is published by its bind, before the attach: naming it is EINVAL, as for any
  // object that is no IOAS or HWPT (both found by the differential fuzzer).
  SelftestDevice* stdev = owned_stdev.get();
  stdev->published = false;
  uint32_t stdev_id = objects_.Add(std::move(owned_stdev));
  uint32_t device_id = objects_.Add(std::move(owned_device));
  Object* hwpt;
  if (int error = ResolveAttachTarget(*device, cmd.id, &hwpt)) {
    (void)objects_.Remove(device_id);
    (void)objects_.Remove(stdev_id);
    return error;
  }
  Attach(*device, *hwpt);
  stdev->published = true;
  cmd.mock_domain.out_stdev_id = stdev_id;
  cmd.mock_domain.out_hwpt_id = hwpt->id;
  cmd.mock_domain.out_idev_id = device_id;
  if (config_.fault == ModelFault::kMockDomainIdsSwapped) {
    std::swap(cmd.mock_domain.out_stdev_id, cmd.mock_domain.out_idev_id);
  }
  return 0;
}

int Context::TestMockDomainReplace(IommuTestCmd& cmd) {
  auto* stdev = objects_.Find<SelftestDevice>(cmd.id, ObjectType::kSelftest);
  if (!stdev) return ENOENT;
  return ReplaceRid(*stdev->device, &cmd.mock_domain_replace.pt_id);
}

int Context::TestDirty(IommuTestCmd& cmd) {
  // `flags` is not looked at. The arguments are checked before the HWPT is looked up (found
  // by the differential fuzzer: bad arguments on a missing HWPT are EINVAL).
  const auto& dirty = cmd.dirty;
  if (!dirty.length || !dirty.page_size || !dirty.uptr || dirty.iova % dirty.page_size ||
      dirty.length % dirty.page_size) {
    return EINVAL;
  }
  uint64_t bits = dirty.length / dirty.page_size;
  uint64_t max_bits = config_.kernel.mock.dirty_op_max_bits;
  bool any_count = config_.fault == ModelFault::kDirtyMarkMissingEoverflow;
  if (max_bits && bits > max_bits && !any_count) return EOVERFLOW;
  auto* hwpt = objects_.Find<HwptPaging>(cmd.id, ObjectType::kHwptPaging);
  if (!hwpt) return ENOENT;
  if (!hwpt->dirty_enabled) return EINVAL;
  std::vector<uint8_t> bitmap((bits + 7) / 8);
  if (UserMemory::CopyFrom(bitmap.data(), dirty.uptr, bitmap.size())) return EFAULT;
  IoPagetable& iopt = hwpt->ioas->iopt;
  uint64_t nr_dirty = 0;
  for (uint64_t bit = 0; bit < bits; ++bit) {
    if (!(bitmap[bit / 8] >> (bit % 8) & 1)) continue;
    if (config_.kernel.mock.dirty_op_by_iova) {
      iopt.MarkDirty(hwpt->id, dirty.iova + bit * dirty.page_size);
      ++nr_dirty;
    } else {
      uint64_t pte = (dirty.iova / dirty.page_size + bit) * kMockPageSize;
      nr_dirty += iopt.MarkDirty(hwpt->id, pte);
    }
  }
  cmd.dirty.out_nr_dirty = nr_dirty;
  if (config_.fault == ModelFault::kDirtyMarkCountOffByOne) ++cmd.dirty.out_nr_dirty;
  return 0;
}

}  // namespace iommufd_conform::model
