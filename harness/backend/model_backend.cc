#include "harness/backend/model_backend.h"

#include <cerrno>
#include <cstdint>
#include <span>

namespace iommufd_conform {

Outcome ModelBackend::OpenDevice(const std::string&) {
  // The model has no VFIO devices yet: as on a machine without any.
  return Outcome::Failure(ENOENT);
}

Outcome ModelBackend::Ioctl(int fd, unsigned long request, void* arg, size_t arg_size) {
  Outcome outcome = model_.Ioctl(fd, request, reinterpret_cast<uintptr_t>(arg));
  if (arg) {
    auto bytes = std::span<const std::byte>(static_cast<const std::byte*>(arg), arg_size);
    outcome.out.assign(bytes.begin(), bytes.end());
  }
  return outcome;
}

Outcome ModelBackend::Read(int fd, void* buf, size_t count) {
  Outcome outcome = model_.Read(fd, reinterpret_cast<uintptr_t>(buf), count);
  if (outcome.ok()) {
    auto bytes = std::span<const std::byte>(static_cast<const std::byte*>(buf), outcome.ret);
    outcome.out.assign(bytes.begin(), bytes.end());
  }
  return outcome;
}

Outcome ModelBackend::Write(int fd, const void* buf, size_t count) {
  return model_.Write(fd, reinterpret_cast<uintptr_t>(buf), count);
}

std::vector<DeviceInfo> ModelBackend::Devices() { return {}; }

}  // namespace iommufd_conform
