#include "reference/model/physical_frames.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <string>

#include "reference/model/user_memory.h"
#include "reference/model/user_pages.h"

namespace iommufd_conform::model {
namespace {

constexpr uint64_t kPresent = uint64_t{1} << 63;
constexpr uint64_t kFrameMask = (uint64_t{1} << 55) - 1;

}  // namespace

PhysicalFrames::PhysicalFrames() : pagemap_(open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC)) {}

PhysicalFrames::~PhysicalFrames() {
  if (pagemap_ >= 0) close(pagemap_);
}

std::optional<uint64_t> PhysicalFrames::OfUserPage(const CallerProcess& process,
                                                   uint64_t address) const {
  if (process.IsSelf()) return Read(pagemap_, address);
  std::string path = "/proc/" + std::to_string(process.pid()) + "/pagemap";
  int pagemap = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  std::optional<uint64_t> frame = Read(pagemap, address);
  if (pagemap >= 0) close(pagemap);
  return frame;
}

std::optional<uint64_t> PhysicalFrames::Read(int pagemap, uint64_t address) const {
  if (pagemap < 0) return std::nullopt;
  uint64_t entry = 0;
  off_t at = static_cast<off_t>(address / CpuPageSize() * sizeof(entry));
  if (pread(pagemap, &entry, sizeof(entry), at) != sizeof(entry)) return std::nullopt;
  // Without CAP_SYS_ADMIN a present page reads as frame 0.
  if (!(entry & kPresent) || !(entry & kFrameMask)) return std::nullopt;
  return entry & kFrameMask;
}

std::optional<uint64_t> PhysicalFrames::OfFilePage(int fd, uint64_t offset) const {
  const uint64_t page = CpuPageSize();
  const auto start = static_cast<off_t>(offset / page * page);
  void* view = mmap(nullptr, page, PROT_READ, MAP_SHARED, fd, start);
  if (view == MAP_FAILED) return std::nullopt;
  const auto address = reinterpret_cast<uint64_t>(view);
  unsigned char byte;
  // Past the end of the file the read faults (SIGBUS), which the copy turns into an error.
  std::optional<uint64_t> frame;
  // The view is in this process, whoever the call came from.
  CallerScope here(CallerProcess::Self());
  if (UserMemory::CopyFrom(&byte, address, 1) == 0) frame = Read(pagemap_, address);
  munmap(view, page);
  return frame;
}

}  // namespace iommufd_conform::model
