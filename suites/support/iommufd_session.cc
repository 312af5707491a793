#include "suites/support/iommufd_session.h"

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

Outcome IommufdSession::Raw(unsigned long request, void* arg, size_t arg_size) {
  return backend_.Ioctl(fd_, request, arg, arg_size);
}

Outcome IommufdSession::RawOn(int fd, unsigned long request, void* arg, size_t arg_size) {
  return backend_.Ioctl(fd, request, arg, arg_size);
}

}  // namespace iommufd_conform
