// The selftest operations (IOMMU_TEST_CMD): each fills its part of the command; SendTest
// sends it and keeps what a successful one made.
#include <fcntl.h>

#include <cstring>

#include "fuzz/sequence/sequence_runner.h"
#include "reference/uapi/iommufd_test.h"

namespace iommufd_conform::fuzz {
namespace {

using namespace uapi;

IommuTestCmd TestCmd(uint32_t test_op) {
  IommuTestCmd arg{};
  arg.size = sizeof(arg);
  arg.op = test_op;
  return arg;
}

}  // namespace

void SequenceRunner::SendTest(OpCode op, Ref target, IommuTestCmd& arg, const Shape& shape) {
  arg.id = target.id;
  Outcome outcome = SendStruct(op, target.fd, kIoctlTestCmd, arg, shape);
  if (outcome.ok()) KeepTestResult(target, arg, outcome);
}

void SequenceRunner::KeepTestResult(Ref target, const IommuTestCmd& arg, const Outcome& outcome) {
  if (arg.op == kIommuTestOpMockDomain || arg.op == kIommuTestOpMockDomainFlags) {
    Remember(Kind::kStdev, target.fd, arg.mock_domain.out_stdev_id);
    Remember(Kind::kDevice, target.fd, arg.mock_domain.out_idev_id);
    Remember(Kind::kHwpt, target.fd, arg.mock_domain.out_hwpt_id);
  } else if (arg.op == kIommuTestOpCreateAccess) {
    Keep(access_fds_, static_cast<int>(arg.create_access.out_access_fd));
  } else if (arg.op == kIommuTestOpDmabufGet && outcome.ret > 0) {
    // 7.3 answers 0 and the descriptor stays out of reach.
    Keep(dmabuf_fds_, static_cast<int>(outcome.ret));
  } else if (arg.op == kIommuTestOpAccessPages) {
    Remember(Kind::kAccessPages, target.fd, arg.access_pages.out_access_pages_id);
  }
}

void SequenceRunner::Do(const ops::TestAddReserved& op) {
  auto arg = TestCmd(kIommuTestOpAddReserved);
  Ref target = Pick(Kind::kIoas, op.ioas);
  arg.add_reserved.start = PickIova(op.start);
  arg.add_reserved.length = PickLength(op.length);
  SendTest(op.kCode, target, arg, op.shape);
}

void SequenceRunner::Do(const ops::TestMockDomain& op) {
  bool flags = op.with_flags.value & 1;
  auto arg = TestCmd(flags ? kIommuTestOpMockDomainFlags : kIommuTestOpMockDomain);
  Ref target = Pick(op.on_hwpt.value & 1 ? Kind::kHwpt : Kind::kIoas, op.pt);
  if (flags) arg.mock_domain_flags.dev_flags = FlagsValue(op.dev_flags, 0x7);
  SendTest(op.kCode, target, arg, op.shape);
}

void SequenceRunner::Do(const ops::TestMockDomainReplace& op) {
  auto arg = TestCmd(kIommuTestOpMockDomainReplace);
  Ref target = Pick(Kind::kStdev, op.stdev);
  arg.mock_domain_replace.pt_id = Pick(op.on_hwpt.value & 1 ? Kind::kHwpt : Kind::kIoas, op.pt).id;
  SendTest(op.kCode, target, arg, op.shape);
}

void SequenceRunner::Do(const ops::TestMdCheckMap& op) {
  auto arg = TestCmd(kIommuTestOpMdCheckMap);
  Ref target = Pick(Kind::kHwpt, op.hwpt);
  arg.check_map.iova = PickIova(op.iova);
  arg.check_map.length = PickLength(op.length);
  arg.check_map.uptr = PickAddress(op.uptr);
  SendTest(op.kCode, target, arg, op.shape);
}

void SequenceRunner::Do(const ops::TestMdCheckRefs& op) {
  auto arg = TestCmd(kIommuTestOpMdCheckRefs);
  Ref target{PickIommufd(op.iommufd), 0};
  arg.check_refs.length = PickLength(op.length);
  arg.check_refs.uptr = PickAddress(op.uptr);
  arg.check_refs.refs = op.refs.value % 4;
  SendTest(op.kCode, target, arg, op.shape);
}

void SequenceRunner::Do(const ops::TestCreateAccess& op) {
  auto arg = TestCmd(kIommuTestOpCreateAccess);
  Ref target = Pick(Kind::kIoas, op.ioas);
  arg.create_access.flags = FlagsValue(op.flags, kMockFlagsAccessCreateNeedsPinPages);
  SendTest(op.kCode, target, arg, op.shape);
}

SequenceRunner::Ref SequenceRunner::PickAccess(Byte access, Byte iommufd) const {
  // An access is named by its descriptor.
  uint32_t id = access_fds_.empty()
                    ? access.value
                    : static_cast<uint32_t>(access_fds_[access.value % access_fds_.size()]);
  return {PickIommufd(iommufd), id};
}

void SequenceRunner::Do(const ops::TestAccessPages& op) {
  auto arg = TestCmd(kIommuTestOpAccessPages);
  Ref target = PickAccess(op.access, op.iommufd);
  arg.access_pages.flags = FlagsValue(op.flags, kMockFlagsAccessWrite);
  arg.access_pages.iova = PickIova(op.iova);
  arg.access_pages.length = PickLength(op.length);
  arg.access_pages.uptr = PickAddress(op.uptr);
  SendTest(op.kCode, target, arg, op.shape);
}

void SequenceRunner::Do(const ops::TestAccessRw& op) {
  auto arg = TestCmd(kIommuTestOpAccessRw);
  Ref target = PickAccess(op.access, op.iommufd);
  arg.access_rw.flags = FlagsValue(op.flags, kMockAccessRwWrite | kMockAccessRwSlowPath);
  arg.access_rw.iova = PickIova(op.iova);
  arg.access_rw.length = op.length.value % 64 + 1;
  arg.access_rw.uptr = arena_.scratch();
  SendTest(op.kCode, target, arg, op.shape);
}

void SequenceRunner::Do(const ops::TestDestroyAccessPages& op) {
  auto arg = TestCmd(kIommuTestOpDestroyAccessPages);
  Ref target = PickAccess(op.access, op.iommufd);
  arg.destroy_access_pages.access_pages_id = Pick(Kind::kAccessPages, op.object).id;
  SendTest(op.kCode, target, arg, op.shape);
}

void SequenceRunner::Do(const ops::TestAccessReplaceIoas& op) {
  auto arg = TestCmd(kIommuTestOpAccessReplaceIoas);
  Ref target = PickAccess(op.access, op.iommufd);
  arg.access_replace_ioas.ioas_id = Pick(Kind::kIoas, op.object).id;
  SendTest(op.kCode, target, arg, op.shape);
}

void SequenceRunner::Do(const ops::TestDirty& op) {
  auto arg = TestCmd(kIommuTestOpDirty);
  Ref target = Pick(Kind::kHwpt, op.hwpt);
  arg.dirty.iova = PickIova(op.iova);
  arg.dirty.length = PickLength(op.length);
  arg.dirty.page_size = arena_.page_size();
  arg.dirty.uptr = arena_.scratch();
  std::memset(reinterpret_cast<void*>(arena_.scratch()), op.fill.value, 64);
  SendTest(op.kCode, target, arg, op.shape);
}

template <OpCode kOp>
void SequenceRunner::Do(const ops::CheckCache<kOp>& op) {
  // MD_CHECK_IOTLB of a HWPT's IOTLB entry, or DEV_CHECK_CACHE of a device's cache entry.
  constexpr bool kIotlb = kOp == OpCode::kTestMdCheckIotlb;
  auto arg = TestCmd(kIotlb ? kIommuTestOpMdCheckIotlb : kIommuTestOpDevCheckCache);
  Ref target = Pick(kIotlb ? Kind::kHwpt : Kind::kDevice, op.object);
  uint32_t id = op.id.value % 5;
  bool is_default = op.is_default.value & 1;
  if constexpr (kIotlb) {
    arg.check_iotlb.id = id;
    arg.check_iotlb.iotlb = is_default ? kIommuTestIotlbDefault : 0;
  } else {
    arg.check_dev_cache.id = id;
    arg.check_dev_cache.cache = is_default ? kIommuTestDevCacheDefault : 0;
  }
  SendTest(kOp, target, arg, op.shape);
}

template void SequenceRunner::Do(const ops::TestMdCheckIotlb& op);
template void SequenceRunner::Do(const ops::TestDevCheckCache& op);

void SequenceRunner::Do(const ops::TestTriggerIopf& op) {
  auto arg = TestCmd(kIommuTestOpTriggerIopf);
  Ref target = Pick(Kind::kHwpt, op.hwpt);
  arg.trigger_iopf.dev_id = Pick(Kind::kDevice, op.device).id;
  arg.trigger_iopf.pasid = op.pasid.value % 4;
  arg.trigger_iopf.grpid = op.grpid.value % 4;
  arg.trigger_iopf.perm = op.perm.value & 0xf;
  arg.trigger_iopf.addr = PickIova(op.addr);
  SendTest(op.kCode, target, arg, op.shape);
}

void SequenceRunner::Do(const ops::TestTriggerVevent& op) {
  auto arg = TestCmd(kIommuTestOpTriggerVevent);
  Ref target = Pick(Kind::kStdev, op.stdev);
  arg.trigger_vevent.dev_id = Pick(Kind::kDevice, op.device).id;
  SendTest(op.kCode, target, arg, op.shape);
}

template <OpCode kOp>
void SequenceRunner::Do(const ops::Pasid<kOp>& op) {
  Ref target = Pick(Kind::kStdev, op.stdev);
  uint32_t pasid = op.pasid.value % 4;
  uint32_t pt = Pick(op.on_hwpt.value & 1 ? Kind::kHwpt : Kind::kIoas, op.pt).id;
  IommuTestCmd arg{};
  if constexpr (kOp == OpCode::kTestPasidAttach) {
    arg = TestCmd(kIommuTestOpPasidAttach);
    arg.pasid_attach = {pasid, pt};
  } else if constexpr (kOp == OpCode::kTestPasidReplace) {
    arg = TestCmd(kIommuTestOpPasidReplace);
    arg.pasid_replace = {pasid, pt};
  } else if constexpr (kOp == OpCode::kTestPasidDetach) {
    arg = TestCmd(kIommuTestOpPasidDetach);
    arg.pasid_detach.pasid = pasid;
  } else {
    arg = TestCmd(kIommuTestOpPasidCheckHwpt);
    arg.pasid_check = {pasid, pt};
  }
  SendTest(kOp, target, arg, op.shape);
}

template void SequenceRunner::Do(const ops::TestPasidAttach& op);
template void SequenceRunner::Do(const ops::TestPasidReplace& op);
template void SequenceRunner::Do(const ops::TestPasidDetach& op);
template void SequenceRunner::Do(const ops::TestPasidCheckHwpt& op);

void SequenceRunner::Do(const ops::TestDmabufGet& op) {
  auto arg = TestCmd(kIommuTestOpDmabufGet);
  Ref target{PickIommufd(op.iommufd), 0};
  // Mostly a few pages; sometimes a ragged or oversized length.
  arg.dmabuf_get.length = op.length.has_wide()
                              ? op.length.wide
                              : static_cast<uint32_t>((op.length.choice % 8 + 1) *
                                                      arena_.page_size());
  arg.dmabuf_get.open_flags = op.cloexec.value & 1 ? O_CLOEXEC : 0;
  SendTest(op.kCode, target, arg, op.shape);
}

void SequenceRunner::Do(const ops::TestDmabufRevoke& op) {
  auto arg = TestCmd(kIommuTestOpDmabufRevoke);
  Ref target{PickIommufd(op.iommufd), 0};
  arg.dmabuf_revoke.dmabuf_fd = PickDmabufFd(op.dmabuf);
  arg.dmabuf_revoke.revoked = op.revoked.value % 3;
  SendTest(op.kCode, target, arg, op.shape);
}

void SequenceRunner::Do(const ops::TestSetTempMemoryLimit& op) {
  auto arg = TestCmd(kIommuTestOpSetTempMemoryLimit);
  Ref target{PickIommufd(op.iommufd), 0};
  arg.memory_limit.limit = op.value.value % 64;
  SendTest(op.kCode, target, arg, op.shape);
}

}  // namespace iommufd_conform::fuzz
