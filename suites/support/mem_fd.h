#ifndef IOMMUFD_CONFORM_SUITES_SUPPORT_MEM_FD_H_
#define IOMMUFD_CONFORM_SUITES_SUPPORT_MEM_FD_H_

#include <cstddef>
#include <cstdint>

namespace iommufd_conform {

// A memfd of `pages` pages, byte i holding (i % 251), closed on destruction. A real
// descriptor of this process, whatever the backend: IOMMU_IOAS_MAP_FILE takes it as is.
class MemFd {
 public:
  MemFd(size_t pages, unsigned flags = 0);
  ~MemFd();
  MemFd(const MemFd&) = delete;
  MemFd& operator=(const MemFd&) = delete;

  int fd() const { return fd_; }
  size_t size() const { return size_; }
  void Close();

  static uint8_t PatternAt(uint64_t offset) { return static_cast<uint8_t>(offset % 251); }

 private:
  int fd_;
  size_t size_;
};

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_SUITES_SUPPORT_MEM_FD_H_
