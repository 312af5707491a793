#ifndef IOMMUFD_CONFORM_REFERENCE_MODEL_USER_MEMORY_H_
#define IOMMUFD_CONFORM_REFERENCE_MODEL_USER_MEMORY_H_

#include <cstddef>
#include <cstdint>

namespace iommufd_conform::model {

// The caller's memory, as the kernel sees it through copy_from_user: a bad address is an
// EFAULT, never a crash. The model runs in the caller's process, so "user" memory is ours.
class UserMemory {
 public:
  // 0 on success, EFAULT if any byte is not readable / writable.
  static int CopyFrom(void* dst, uint64_t user_address, size_t length);
  // As much of the range as can be read, in one call: how many bytes (0 to `length`) were
  // copied. For reading ahead of what the kernel would read; callers fall back to CopyFrom.
  static size_t CopyFromPrefix(void* dst, uint64_t user_address, size_t length);
  static int CopyTo(uint64_t user_address, const void* src, size_t length);
  // Whether every page of [address, address+length) is mapped in this process.
  static bool IsMapped(uint64_t address, uint64_t length);
};

}  // namespace iommufd_conform::model

#endif  // IOMMUFD_CONFORM_REFERENCE_MODEL_USER_MEMORY_H_
