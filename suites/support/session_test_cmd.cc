// IommufdSession's IOMMU_TEST_CMD ops (the selftest driver, CONFIG_IOMMUFD_TEST).
#include "suites/support/iommufd_session.h"

namespace iommufd_conform {

using uapi::IommuTestCmd;

namespace {

IommuTestCmd Op(uint32_t op, uint32_t id = 0) {
  IommuTestCmd cmd{};
  cmd.op = op;
  cmd.id = id;
  return cmd;
}

}  // namespace

Outcome IommufdSession::TestCmd(IommuTestCmd& cmd) { return Call(uapi::kIoctlTestCmd, cmd); }

Outcome IommufdSession::AddReserved(uint32_t ioas_id, uint64_t start, uint64_t length) {
  IommuTestCmd cmd = Op(uapi::kIommuTestOpAddReserved, ioas_id);
  cmd.add_reserved.start = start;
  cmd.add_reserved.length = length;
  return TestCmd(cmd);
}

Outcome IommufdSession::MockDomain(uint32_t pt_id, std::optional<uint32_t> dev_flags) {
  IommuTestCmd cmd =
      Op(dev_flags ? uapi::kIommuTestOpMockDomainFlags : uapi::kIommuTestOpMockDomain, pt_id);
  cmd.mock_domain_flags.dev_flags = dev_flags.value_or(0);
  return TestCmd(cmd);
}

Outcome IommufdSession::MockDomainReplace(uint32_t stdev_id, uint32_t pt_id) {
  IommuTestCmd cmd = Op(uapi::kIommuTestOpMockDomainReplace, stdev_id);
  cmd.mock_domain_replace.pt_id = pt_id;
  return TestCmd(cmd);
}

Outcome IommufdSession::CheckMap(uint32_t hwpt_id, uint64_t iova, uint64_t length,
                                 const void* uptr) {
  IommuTestCmd cmd = Op(uapi::kIommuTestOpMdCheckMap, hwpt_id);
  cmd.check_map.iova = iova;
  cmd.check_map.length = length;
  cmd.check_map.uptr = reinterpret_cast<uintptr_t>(uptr);
  return TestCmd(cmd);
}

Outcome IommufdSession::CheckRefs(const void* uptr, uint64_t length, uint32_t refs) {
  IommuTestCmd cmd = Op(uapi::kIommuTestOpMdCheckRefs);
  cmd.check_refs.length = length;
  cmd.check_refs.uptr = reinterpret_cast<uintptr_t>(uptr);
  cmd.check_refs.refs = refs;
  return TestCmd(cmd);
}

Outcome IommufdSession::CheckIotlb(uint32_t hwpt_id, uint32_t iotlb_id, uint32_t value) {
  IommuTestCmd cmd = Op(uapi::kIommuTestOpMdCheckIotlb, hwpt_id);
  cmd.check_iotlb.id = iotlb_id;
  cmd.check_iotlb.iotlb = value;
  return TestCmd(cmd);
}

Outcome IommufdSession::CheckDevCache(uint32_t idev_id, uint32_t cache_id, uint32_t value) {
  IommuTestCmd cmd = Op(uapi::kIommuTestOpDevCheckCache, idev_id);
  cmd.check_dev_cache.id = cache_id;
  cmd.check_dev_cache.cache = value;
  return TestCmd(cmd);
}

Outcome IommufdSession::SetTempMemoryLimit(uint32_t limit) {
  IommuTestCmd cmd = Op(uapi::kIommuTestOpSetTempMemoryLimit);
  cmd.memory_limit.limit = limit;
  return TestCmd(cmd);
}

Outcome IommufdSession::CreateAccess(uint32_t ioas_id, uint32_t flags) {
  IommuTestCmd cmd = Op(uapi::kIommuTestOpCreateAccess, ioas_id);
  cmd.create_access.flags = flags;
  return TestCmd(cmd);
}

Outcome IommufdSession::AccessPages(int access_fd, uint64_t iova, uint64_t length, const void* uptr,
                                    uint32_t flags) {
  IommuTestCmd cmd = Op(uapi::kIommuTestOpAccessPages, static_cast<uint32_t>(access_fd));
  cmd.access_pages.flags = flags;
  cmd.access_pages.iova = iova;
  cmd.access_pages.length = length;
  cmd.access_pages.uptr = reinterpret_cast<uintptr_t>(uptr);
  return TestCmd(cmd);
}

Outcome IommufdSession::DestroyAccessPages(int access_fd, uint32_t access_pages_id) {
  IommuTestCmd cmd = Op(uapi::kIommuTestOpDestroyAccessPages, static_cast<uint32_t>(access_fd));
  cmd.destroy_access_pages.access_pages_id = access_pages_id;
  return TestCmd(cmd);
}

Outcome IommufdSession::AccessRw(int access_fd, uint64_t iova, uint64_t length, void* uptr,
                                 uint32_t flags) {
  IommuTestCmd cmd = Op(uapi::kIommuTestOpAccessRw, static_cast<uint32_t>(access_fd));
  cmd.access_rw.iova = iova;
  cmd.access_rw.length = length;
  cmd.access_rw.uptr = reinterpret_cast<uintptr_t>(uptr);
  cmd.access_rw.flags = flags;
  return TestCmd(cmd);
}

Outcome IommufdSession::AccessReplaceIoas(int access_fd, uint32_t ioas_id) {
  IommuTestCmd cmd = Op(uapi::kIommuTestOpAccessReplaceIoas, static_cast<uint32_t>(access_fd));
  cmd.access_replace_ioas.ioas_id = ioas_id;
  return TestCmd(cmd);
}

Outcome IommufdSession::MarkDirty(uint32_t hwpt_id, uint64_t iova, uint64_t length,
                                  uint64_t page_size, const uint64_t* bits, uint32_t flags) {
  IommuTestCmd cmd = Op(uapi::kIommuTestOpDirty, hwpt_id);
  cmd.dirty.flags = flags;
  cmd.dirty.iova = iova;
  cmd.dirty.length = length;
  cmd.dirty.page_size = page_size;
  cmd.dirty.uptr = reinterpret_cast<uintptr_t>(bits);
  return TestCmd(cmd);
}

Outcome IommufdSession::TriggerIopf(uint32_t dev_id, uint32_t pasid, uint32_t grpid, uint32_t perm,
                                    uint64_t addr) {
  IommuTestCmd cmd = Op(uapi::kIommuTestOpTriggerIopf);
  cmd.trigger_iopf = {dev_id, pasid, grpid, perm, addr};
  return TestCmd(cmd);
}

Outcome IommufdSession::TriggerVevent(uint32_t dev_id) {
  IommuTestCmd cmd = Op(uapi::kIommuTestOpTriggerVevent);
  cmd.trigger_vevent.dev_id = dev_id;
  return TestCmd(cmd);
}

Outcome IommufdSession::PasidAttach(uint32_t stdev_id, uint32_t pasid, uint32_t pt_id) {
  IommuTestCmd cmd = Op(uapi::kIommuTestOpPasidAttach, stdev_id);
  cmd.pasid_attach = {pasid, pt_id};
  return TestCmd(cmd);
}

Outcome IommufdSession::PasidReplace(uint32_t stdev_id, uint32_t pasid, uint32_t pt_id) {
  IommuTestCmd cmd = Op(uapi::kIommuTestOpPasidReplace, stdev_id);
  cmd.pasid_replace = {pasid, pt_id};
  return TestCmd(cmd);
}

Outcome IommufdSession::PasidDetach(uint32_t stdev_id, uint32_t pasid) {
  IommuTestCmd cmd = Op(uapi::kIommuTestOpPasidDetach, stdev_id);
  cmd.pasid_detach.pasid = pasid;
  return TestCmd(cmd);
}

Outcome IommufdSession::PasidCheckHwpt(uint32_t stdev_id, uint32_t pasid, uint32_t hwpt_id) {
  IommuTestCmd cmd = Op(uapi::kIommuTestOpPasidCheckHwpt, stdev_id);
  cmd.pasid_check = {pasid, hwpt_id};
  return TestCmd(cmd);
}

Outcome IommufdSession::DmabufGet(uint32_t length, uint32_t open_flags) {
  IommuTestCmd cmd = Op(uapi::kIommuTestOpDmabufGet);
  cmd.dmabuf_get.length = length;
  cmd.dmabuf_get.open_flags = open_flags;
  return TestCmd(cmd);
}

Outcome IommufdSession::DmabufRevoke(int dmabuf_fd, uint32_t revoked) {
  IommuTestCmd cmd = Op(uapi::kIommuTestOpDmabufRevoke);
  cmd.dmabuf_revoke.dmabuf_fd = dmabuf_fd;
  cmd.dmabuf_revoke.revoked = revoked;
  return TestCmd(cmd);
}

}  // namespace iommufd_conform
