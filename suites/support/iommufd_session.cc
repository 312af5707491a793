#include "suites/support/iommufd_session.h"

#include "reference/uapi/iommufd_test.h"

namespace iommufd_conform {

IommufdSession::IommufdSession(Backend& backend)
    : backend_(backend), open_outcome_(backend.OpenIommufd()) {
  if (open_outcome_.ok()) fd_ = static_cast<int>(open_outcome_.ret);
}

IommufdSession::~IommufdSession() {
  if (fd_ >= 0) (void)backend_.Close(fd_);
}

Outcome IommufdSession::Destroy(uint32_t id) {
  uapi::IommuDestroy arg{};
  arg.id = id;
  return Call(uapi::kIoctlDestroy, arg);
}

Outcome IommufdSession::IoasAlloc(uint32_t flags) {
  uapi::IommuIoasAlloc arg{};
  arg.flags = flags;
  return Call(uapi::kIoctlIoasAlloc, arg);
}

Outcome IommufdSession::IoasMap(uint32_t ioas_id, const void* user_va, uint64_t length,
                                uint64_t iova, uint32_t flags) {
  uapi::IommuIoasMap arg{};
  arg.flags = flags;
  arg.ioas_id = ioas_id;
  arg.user_va = reinterpret_cast<uintptr_t>(user_va);
  arg.length = length;
  arg.iova = iova;
  return Call(uapi::kIoctlIoasMap, arg);
}

Outcome IommufdSession::IoasUnmap(uint32_t ioas_id, uint64_t iova, uint64_t length) {
  uapi::IommuIoasUnmap arg{};
  arg.ioas_id = ioas_id;
  arg.iova = iova;
  arg.length = length;
  return Call(uapi::kIoctlIoasUnmap, arg);
}

Outcome IommufdSession::IoasCopy(uint32_t dst_ioas_id, uint32_t src_ioas_id, uint64_t src_iova,
                                 uint64_t length, uint64_t dst_iova, uint32_t flags) {
  uapi::IommuIoasCopy arg{};
  arg.flags = flags;
  arg.dst_ioas_id = dst_ioas_id;
  arg.src_ioas_id = src_ioas_id;
  arg.length = length;
  arg.dst_iova = dst_iova;
  arg.src_iova = src_iova;
  return Call(uapi::kIoctlIoasCopy, arg);
}

Outcome IommufdSession::IoasIovaRanges(uint32_t ioas_id, std::span<uapi::IommuIovaRange> ranges) {
  uapi::IommuIoasIovaRanges arg{};
  arg.ioas_id = ioas_id;
  arg.num_iovas = static_cast<uint32_t>(ranges.size());
  arg.allowed_iovas = reinterpret_cast<uintptr_t>(ranges.data());
  return Call(uapi::kIoctlIoasIovaRanges, arg);
}

Outcome IommufdSession::IoasAllowIovas(uint32_t ioas_id,
                                       std::span<const uapi::IommuIovaRange> ranges) {
  uapi::IommuIoasAllowIovas arg{};
  arg.ioas_id = ioas_id;
  arg.num_iovas = static_cast<uint32_t>(ranges.size());
  arg.allowed_iovas = reinterpret_cast<uintptr_t>(ranges.data());
  return Call(uapi::kIoctlIoasAllowIovas, arg);
}

Outcome IommufdSession::Option(uint32_t option_id, uint16_t op, uint32_t object_id,
                               uint64_t val64) {
  uapi::IommuOption arg{};
  arg.option_id = option_id;
  arg.op = op;
  arg.object_id = object_id;
  arg.val64 = val64;
  return Call(uapi::kIoctlOption, arg);
}

Outcome IommufdSession::FaultQueueAlloc(uint32_t flags) {
  uapi::IommuFaultAlloc arg{};
  arg.flags = flags;
  return Call(uapi::kIoctlFaultQueueAlloc, arg);
}

Outcome IommufdSession::CheckRefs(const void* uptr, uint64_t length, uint32_t refs) {
  uapi::IommuTestCmd cmd{};
  cmd.op = uapi::kIommuTestOpMdCheckRefs;
  cmd.check_refs.length = length;
  cmd.check_refs.uptr = reinterpret_cast<uintptr_t>(uptr);
  cmd.check_refs.refs = refs;
  return Call(uapi::kIoctlTestCmd, cmd);
}

Outcome IommufdSession::Raw(unsigned long request, void* arg, size_t arg_size) {
  return backend_.Ioctl(fd_, request, arg, arg_size);
}

}  // namespace iommufd_conform
