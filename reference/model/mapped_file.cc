#include "reference/model/mapped_file.h"

#include <fcntl.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "reference/model/caller.h"

namespace iommufd_conform::model {

std::shared_ptr<const MappedFile> MappedFile::Open(int fd) {
  // The number is the caller's.
  int copy = CurrentCaller()->CopyDescriptor(fd);
  if (copy < 0) return nullptr;
  struct stat st {};
  if (fstat(copy, &st) != 0) {
    close(copy);
    return nullptr;
  }
  return std::shared_ptr<const MappedFile>(new MappedFile(copy, st.st_dev, st.st_ino));
}

std::shared_ptr<const MappedFile> MappedFile::ModelDescriptor() {
  return std::shared_ptr<const MappedFile>(new MappedFile(-1, 0, 0));
}

MappedFile::~MappedFile() {
  if (fd_ >= 0) close(fd_);
}

bool MappedFile::IsMemfd() const {
  if (fd_ < 0) return false;
  struct stat st {};
  struct statfs fs {};
  if (fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode) || fstatfs(fd_, &fs) != 0) return false;
  return fs.f_type == TMPFS_MAGIC || fs.f_type == HUGETLBFS_MAGIC;
}

bool MappedFile::Writable() const {
  int flags = fcntl(fd_, F_GETFL);
  if (flags < 0 || (flags & O_ACCMODE) == O_RDONLY) return false;
  // Files that cannot be sealed answer EINVAL: nothing stops writes to them.
  int seals = fcntl(fd_, F_GET_SEALS);
  return seals < 0 || !(seals & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE));
}

uint64_t MappedFile::Size() const {
  struct stat st {};
  return fstat(fd_, &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0;
}

}  // namespace iommufd_conform::model
