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

Outcome IoasMapFile(IommufdSession& iommufd, uint32_t ioas, int fd, uint64_t start,
                    uint64_t length, uint64_t iova, uint32_t flags) {
  uapi::IommuIoasMapFile arg{};
  arg.size = sizeof(arg);
  arg.flags = flags;
  arg.ioas_id = ioas;
  arg.fd = fd;
  arg.start = start;
  arg.length = length;
  arg.iova = iova;
  return iommufd.Raw(uapi::kIoctlIoasMapFile, &arg, sizeof(arg));
}

}  // namespace iommufd_conform
