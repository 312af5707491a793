#ifndef IOMMUFD_CONFORM_REFERENCE_MODEL_MAPPED_FILE_H_
#define IOMMUFD_CONFORM_REFERENCE_MODEL_MAPPED_FILE_H_

#include <sys/types.h>

#include <cstdint>
#include <memory>

namespace iommufd_conform::model {

// The file behind an IOMMU_IOAS_MAP_FILE area. The kernel holds a reference on the file for
// as long as the area lives; the model holds a duplicate of the caller's descriptor (the
// caller's process is the model's, so the descriptor names the same open file).
class MappedFile {
 public:
  // The caller's descriptor `fd` (CurrentCaller); nullptr when it is not open.
  static std::shared_ptr<const MappedFile> Open(int fd);
  // One of the model's own descriptors (an iommufd, an access, an event queue): to the
  // kernel an anonymous-inode file, never memfd pages, and nothing the process can read.
  static std::shared_ptr<const MappedFile> ModelDescriptor();
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  int fd() const { return fd_; }
  // Whether its pages are memfd pages (shmem or hugetlbfs), the only kind MAP_FILE pins.
  bool IsMemfd() const;
  // Whether the caller may write it: opened for writing and not sealed against writes.
  bool Writable() const;
  // The file's current size; 0 when it cannot be read.
  uint64_t Size() const;
  dev_t device() const { return device_; }
  ino_t inode() const { return inode_; }

 private:
  MappedFile(int fd, dev_t device, ino_t inode) : fd_(fd), device_(device), inode_(inode) {}
  int fd_;
  dev_t device_;
  ino_t inode_;
};

}  // namespace iommufd_conform::model

#endif  // IOMMUFD_CONFORM_REFERENCE_MODEL_MAPPED_FILE_H_
