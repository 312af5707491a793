#include "reference/model/physical_frames.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "reference/model/user_memory.h"

namespace iommufd_conform::model {
namespace {

constexpr uint64_t kPresent = uint64_t{1} << 63;
constexpr uint64_t kFrameMask = (uint64_t{1} << 55) - 1;

uint64_t PageSize() { return static_cast<uint64_t>(sysconf(_SC_PAGESIZE)); }

}  // namespace

std::optional<uint64_t> FrameOfUserPage(uint64_t address) {
  // Opened per call: a descriptor kept across fork() would name the parent's pages.
  const int pagemap = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
  if (pagemap < 0) return std::nullopt;
  uint64_t entry = 0;
  off_t at = static_cast<off_t>(address / PageSize() * sizeof(entry));
  const bool read = pread(pagemap, &entry, sizeof(entry), at) == sizeof(entry);
  close(pagemap);
  if (!read) return std::nullopt;
  // Without CAP_SYS_ADMIN a present page reads as frame 0.
  if (!(entry & kPresent) || !(entry & kFrameMask)) return std::nullopt;
  return entry & kFrameMask;
}

std::optional<uint64_t> FrameOfFilePage(int fd, uint64_t offset) {
  const uint64_t page = PageSize();
  const auto start = static_cast<off_t>(offset / page * page);
  void* view = mmap(nullptr, page, PROT_READ, MAP_SHARED, fd, start);
  if (view == MAP_FAILED) return std::nullopt;
  const auto address = reinterpret_cast<uint64_t>(view);
  unsigned char byte;
  // Past the end of the file the read faults (SIGBUS), which the copy turns into an error.
  std::optional<uint64_t> frame;
  if (UserMemory::CopyFrom(&byte, address, 1) == 0) frame = FrameOfUserPage(address);
  munmap(view, page);
  return frame;
}

}  // namespace iommufd_conform::model
