#include "harness/kernel/file_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

namespace iommufd_conform {
namespace {

HarnessResult<int> OpenLockFile(const std::filesystem::path& path) {
  std::error_code error;
  std::filesystem::create_directories(path.parent_path(), error);
  // O_CLOEXEC: the make processes a build starts must not inherit (and so keep) the lock.
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return MakeError(HarnessErrorKind::kIo,
                     "cannot open lock " + path.string() + ": " + std::strerror(errno));
  }
  return fd;
}

}  // namespace

HarnessResult<FileLock> FileLock::Acquire(const std::filesystem::path& path,
                                          std::string_view waiting_message) {
  auto fd = OpenLockFile(path);
  if (!fd.ok()) return fd.error();
  if (flock(fd.value(), LOCK_EX | LOCK_NB) == 0) return FileLock(fd.value());
  std::fprintf(stderr, "%.*s\n", static_cast<int>(waiting_message.size()), waiting_message.data());
  while (flock(fd.value(), LOCK_EX) != 0) {
    if (errno == EINTR) continue;
    int saved = errno;
    close(fd.value());
    return MakeError(HarnessErrorKind::kIo,
                     "cannot lock " + path.string() + ": " + std::strerror(saved));
  }
  return FileLock(fd.value());
}

HarnessResult<FileLock> FileLock::TryAcquire(const std::filesystem::path& path) {
  auto fd = OpenLockFile(path);
  if (!fd.ok()) return fd.error();
  if (flock(fd.value(), LOCK_EX | LOCK_NB) != 0) {
    close(fd.value());
    return MakeError(HarnessErrorKind::kIo, path.string() + " is locked by another process");
  }
  return FileLock(fd.value());
}

FileLock::FileLock(FileLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

FileLock& FileLock::operator=(FileLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

FileLock::~FileLock() {
  if (fd_ >= 0) close(fd_);
}

}  // namespace iommufd_conform
