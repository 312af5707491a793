#ifndef IOMMUFD_CONFORM_HARNESS_KERNEL_FILE_LOCK_H_
#define IOMMUFD_CONFORM_HARNESS_KERNEL_FILE_LOCK_H_

#include <filesystem>
#include <string_view>

#include "harness/common/harness_error.h"

namespace iommufd_conform {

// An exclusive flock(2) on a lock file, released when the object goes away (or the process
// dies, so a killed build never leaves a stale lock behind).
class FileLock {
 public:
  // Blocks until the lock is ours; prints `waiting_message` on stderr first if someone else
  // holds it.
  static HarnessResult<FileLock> Acquire(const std::filesystem::path& path,
                                         std::string_view waiting_message);
  // Takes the lock only if it is free right now.
  static HarnessResult<FileLock> TryAcquire(const std::filesystem::path& path);

  FileLock(FileLock&& other) noexcept;
  FileLock& operator=(FileLock&& other) noexcept;
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  ~FileLock();

 private:
  explicit FileLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_KERNEL_FILE_LOCK_H_
