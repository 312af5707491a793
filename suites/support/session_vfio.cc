// IommufdSession's VFIO calls: the cdev's on a device descriptor, and the type1 container's
// that an iommufd answers in compat mode.
#include <cstring>

#include "suites/support/iommufd_session.h"

namespace iommufd_conform {

Outcome IommufdSession::VfioDeviceBind(int device_fd, uint32_t flags, std::optional<int> iommufd_fd,
                                       uint32_t argsz, const void* token_uuid) {
  uapi::VfioDeviceBindIommufd arg{};
  arg.argsz = argsz;
  arg.flags = flags;
  arg.iommufd = iommufd_fd.value_or(fd_);
  arg.token_uuid_ptr = reinterpret_cast<uintptr_t>(token_uuid);
  return CallOn(device_fd, uapi::kIoctlVfioDeviceBindIommufd, arg);
}

Outcome IommufdSession::VfioDeviceAttach(int device_fd, uint32_t pt_id, uint32_t flags,
                                         uint32_t pasid, uint32_t argsz) {
  uapi::VfioDeviceAttachIommufdPt arg{};
  arg.argsz = argsz;
  arg.flags = flags;
  arg.pt_id = pt_id;
  arg.pasid = pasid;
  return CallOn(device_fd, uapi::kIoctlVfioDeviceAttachIommufdPt, arg);
}

Outcome IommufdSession::VfioDeviceDetach(int device_fd, uint32_t flags, uint32_t pasid,
                                         uint32_t argsz) {
  uapi::VfioDeviceDetachIommufdPt arg{};
  arg.argsz = argsz;
  arg.flags = flags;
  arg.pasid = pasid;
  return CallOn(device_fd, uapi::kIoctlVfioDeviceDetachIommufdPt, arg);
}

Outcome IommufdSession::VfioDeviceGetInfo(int device_fd, uint32_t argsz) {
  uapi::VfioDeviceInfo arg{};
  arg.argsz = argsz;
  return CallOn(device_fd, uapi::kIoctlVfioDeviceGetInfo, arg);
}

Outcome IommufdSession::VfioIoas(uint16_t op, uint32_t ioas_id) {
  uapi::IommuVfioIoas arg{};
  arg.ioas_id = ioas_id;
  arg.op = op;
  return Call(uapi::kIoctlVfioIoas, arg);
}

Outcome IommufdSession::VfioValue(unsigned long request, uint64_t value) {
  return backend_.Ioctl(fd_, request, reinterpret_cast<void*>(static_cast<uintptr_t>(value)), 0);
}

Outcome IommufdSession::VfioMapDma(uint64_t iova, const void* va, uint64_t size, uint32_t flags,
                                   uint32_t argsz) {
  uapi::VfioIommuType1DmaMap arg{argsz, flags, reinterpret_cast<uintptr_t>(va), iova, size};
  return CallOn(fd_, uapi::kIoctlVfioIommuMapDma, arg);
}

Outcome IommufdSession::VfioUnmapDma(uint64_t iova, uint64_t size, uint32_t flags, uint32_t argsz) {
  uapi::VfioIommuType1DmaUnmap arg{argsz, flags, iova, size};
  return CallOn(fd_, uapi::kIoctlVfioIommuUnmapDma, arg);
}

Outcome IommufdSession::VfioIommuGetInfo(std::span<std::byte> buffer, uint32_t argsz) {
  std::memcpy(buffer.data(), &argsz, sizeof(argsz));
  return backend_.Ioctl(fd_, uapi::kIoctlVfioIommuGetInfo, buffer.data(), buffer.size());
}

}  // namespace iommufd_conform
