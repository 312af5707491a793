#include "suites/support/mem_fd.h"

#include <sys/mman.h>
#include <unistd.h>

#include <vector>

namespace iommufd_conform {

MemFd::MemFd(size_t pages, unsigned flags)
    : fd_(memfd_create("iommufd-conform", flags)),
      size_(pages * static_cast<size_t>(sysconf(_SC_PAGESIZE))) {
  if (fd_ < 0) return;
  std::vector<uint8_t> bytes(size_);
  for (size_t i = 0; i < size_; ++i) bytes[i] = PatternAt(i);
  if (pwrite(fd_, bytes.data(), size_, 0) != static_cast<ssize_t>(size_)) Close();
}

MemFd::~MemFd() { Close(); }

void MemFd::Close() {
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
}

}  // namespace iommufd_conform
