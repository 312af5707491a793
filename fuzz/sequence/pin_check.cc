#include "fuzz/sequence/pin_check.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "reference/uapi/iommufd_test.h"

namespace iommufd_conform::fuzz {

std::optional<uint64_t> FirstPinnedPage(uint64_t start, uint64_t bytes, uint64_t page_size) {
  int fd = open("/dev/iommu", O_RDWR | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  auto unpinned = [&](uint64_t at, uint64_t length) {
    uapi::IommuTestCmd cmd{};
    cmd.size = sizeof(cmd);
    cmd.op = uapi::kIommuTestOpMdCheckRefs;
    cmd.check_refs.uptr = at;
    cmd.check_refs.length = length;
    return ioctl(fd, uapi::kIoctlTestCmd, &cmd) == 0;
  };
  std::optional<uint64_t> pinned;
  if (!unpinned(start, bytes)) {
    for (uint64_t at = start; at < start + bytes && !pinned; at += page_size) {
      if (!unpinned(at, page_size)) pinned = at;
    }
  }
  close(fd);
  return pinned;
}

}  // namespace iommufd_conform::fuzz
