#ifndef IOMMUFD_CONFORM_HARNESS_VM_CPIO_WRITER_H_
#define IOMMUFD_CONFORM_HARNESS_VM_CPIO_WRITER_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace iommufd_conform {

// Builds an uncompressed "newc" (070701) cpio archive in memory: the format the kernel unpacks
// as an initramfs, so no external cpio or gzip is needed. Paths are stored without a leading
// '/'; add a directory before anything inside it. Owner is root, mtime 0 (reproducible).
class CpioWriter {
 public:
  void AddDirectory(std::string_view path, uint32_t permissions = 0755);
  void AddFile(std::string_view path, std::string_view contents, uint32_t permissions = 0644);
  void AddCharDevice(std::string_view path, uint32_t major, uint32_t minor,
                     uint32_t permissions = 0600);
  // Appends the trailer; the writer is spent afterwards.
  std::string Finish();

 private:
  void AddEntry(std::string_view path, uint32_t mode, std::string_view data, uint32_t rdev_major,
                uint32_t rdev_minor);

  std::string archive_;
  uint32_t next_inode_ = 1;
};

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_VM_CPIO_WRITER_H_
