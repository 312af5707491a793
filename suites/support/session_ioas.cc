// IommufdSession's IOAS calls.
#include "suites/support/iommufd_session.h"

namespace iommufd_conform {

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

Outcome IommufdSession::IoasMapFile(uint32_t ioas_id, int fd, uint64_t start, uint64_t length,
                                    uint64_t iova, uint32_t flags) {
  uapi::IommuIoasMapFile arg{};
  arg.flags = flags;
  arg.ioas_id = ioas_id;
  arg.fd = fd;
  arg.start = start;
  arg.length = length;
  arg.iova = iova;
  return Call(uapi::kIoctlIoasMapFile, arg);
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

Outcome IommufdSession::IoasChangeProcess() {
  uapi::IommuIoasChangeProcess arg{};
  return Call(uapi::kIoctlIoasChangeProcess, arg);
}

}  // namespace iommufd_conform
