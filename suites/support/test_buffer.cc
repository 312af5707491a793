#include "suites/support/test_buffer.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace iommufd_conform {

TestBuffer::TestBuffer(size_t pages)
    : page_size_(static_cast<uint64_t>(sysconf(_SC_PAGESIZE))), size_(pages * page_size_) {
  void* p = mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) std::abort();  // nothing sensible can be tested without memory
  data_ = static_cast<uint8_t*>(p);
  std::memset(data_, 0xa5, size_);
}

TestBuffer::~TestBuffer() { munmap(data_, size_); }

}  // namespace iommufd_conform
