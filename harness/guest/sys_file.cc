#include "harness/guest/sys_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace iommufd_conform::guest {
namespace {

HarnessError IoError(const char* what, const std::string& path, int error) {
  return MakeError(HarnessErrorKind::kIo,
                   std::string(what) + " " + path + ": " + std::strerror(error));
}

}  // namespace

HarnessResult<std::string> ReadWholeFile(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return IoError("open", path, errno);
  std::string data;
  char buf[4096];
  for (;;) {
    ssize_t got = read(fd, buf, sizeof(buf));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      int error = errno;
      close(fd);
      return IoError("read", path, error);
    }
    if (got == 0) break;
    data.append(buf, static_cast<size_t>(got));
  }
  close(fd);
  return data;
}

HarnessStatus WriteSysFile(const std::string& path, const std::string& value) {
  int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return IoError("open", path, errno);
  ssize_t put = write(fd, value.data(), value.size());
  int error = errno;
  close(fd);
  if (put < 0) return IoError("write", path, error);
  if (static_cast<size_t>(put) != value.size()) return IoError("short write", path, EIO);
  return Done{};
}

}  // namespace iommufd_conform::guest
