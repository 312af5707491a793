#include "reference/model/struct_tail.h"

#include <algorithm>
#include <cerrno>
#include <cstddef>

#include "reference/model/user_memory.h"
#include "reference/model/user_pages.h"

namespace iommufd_conform::model {

int CheckStructTail(uint64_t arg, uint64_t kernel_size, uint64_t user_size) {
  // The whole tail must lie in the user address space before a byte of it is looked at.
  if (user_size > kernel_size &&
      !UserMemory::AccessOk(arg + kernel_size, user_size - kernel_size)) {
    return EFAULT;
  }
  for (uint64_t at = kernel_size; at < user_size;) {
    std::byte chunk[256];
    // Chunks stop at page ends: a non-zero byte before an unmapped page is E2BIG, not EFAULT
    // (found by the arm64 differential fuzzer, 7.2).
    uint64_t to_page_end = CpuPageSize() - (arg + at) % CpuPageSize();
    size_t n = std::min<uint64_t>({sizeof(chunk), user_size - at, to_page_end});
    if (UserMemory::CopyFrom(chunk, arg + at, n)) return EFAULT;
    for (size_t i = 0; i < n; ++i) {
      if (chunk[i] != std::byte{0}) return E2BIG;
    }
    at += n;
  }
  return 0;
}

}  // namespace iommufd_conform::model
