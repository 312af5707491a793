#include "reference/model/pages_io.h"

#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <string>

#include "reference/model/caller.h"
#include "reference/model/user_memory.h"
#include "reference/model/user_pages.h"

namespace iommufd_conform::model {
namespace {

uint64_t PageSize() {
  static const uint64_t page = static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
  return page;
}

// The /proc/self/maps line holding `va`: its file identity and the file offset of `va`.
struct VmaFile {
  bool found = false;
  bool anonymous = true;
  unsigned major = 0, minor = 0;
  uint64_t inode = 0;
  uint64_t offset = 0;
};

// In the caller's maps: `va` is the caller's address.
VmaFile FindVma(uint64_t va) {
  VmaFile vma;
  const CallerProcess& caller = *CurrentCaller();
  std::string path =
      caller.IsSelf() ? "/proc/self/maps" : "/proc/" + std::to_string(caller.pid()) + "/maps";
  std::FILE* maps = std::fopen(path.c_str(), "r");
  if (!maps) return vma;
  char line[512];
  while (std::fgets(line, sizeof(line), maps)) {
    uint64_t start, stop, offset, inode;
    unsigned major, minor;
    char perms[5];
    if (std::sscanf(line, "%" SCNx64 "-%" SCNx64 " %4s %" SCNx64 " %x:%x %" SCNu64, &start,
                    &stop, perms, &offset, &major, &minor, &inode) != 7) {
      continue;
    }
    if (va < start || va >= stop) continue;
    vma = {true, inode == 0, major, minor, inode, offset + (va - start)};
    break;
  }
  std::fclose(maps);
  return vma;
}

}  // namespace

int CheckPinnable(const Pages& pages, uint64_t offset, uint64_t length, bool writable) {
  uint64_t page = PageSize();
  uint64_t first = (pages.user_va + offset) & ~(page - 1);
  uint64_t end = (pages.user_va + offset + length + page - 1) & ~(page - 1);
  // The exporter's memory is there for as long as the area (a revoked buffer's areas are
  // skipped, not refused, when a domain is filled).
  if (pages.dmabuf) return 0;
  if (pages.file) {
    // Only memfd pages can be pinned, and only up to the file's size.
    if (!pages.file->IsMemfd()) return EINVAL;
    return end <= ((pages.file->Size() + page - 1) & ~(page - 1)) ? 0 : EINVAL;
  }
  // Check each run of pages no access holds, in the process that mapped them.
  CallerScope owner(pages.owner);
  for (uint64_t at = first; at < end;) {
    auto pinned = pages.access_pins.find(at);
    if (pinned != pages.access_pins.end()) {
      at += page;
      continue;
    }
    uint64_t run_end = at + page;
    while (run_end < end && !pages.access_pins.count(run_end)) run_end += page;
    if (!CanPinUserPages(at, run_end - at, writable)) return EFAULT;
    at = run_end;
  }
  return 0;
}

PagePin::PagePin(std::shared_ptr<const Pages> pages, uint64_t offset, uint64_t length)
    : pages_(std::move(pages)) {
  uint64_t page = PageSize();
  first_ = (pages_->user_va + offset) & ~(page - 1);
  last_ = (pages_->user_va + offset + length - 1) & ~(page - 1);
  for (uint64_t at = first_; at <= last_; at += page) ++pages_->access_pins[at];
}

PagePin::~PagePin() {
  for (uint64_t at = first_; at <= last_; at += PageSize()) {
    auto it = pages_->access_pins.find(at);
    if (it != pages_->access_pins.end() && --it->second == 0) pages_->access_pins.erase(it);
  }
}

int PagesRw(const Pages& pages, uint64_t offset, void* data, size_t length, bool write) {
  // In-kernel users cannot read or write a dmabuf through an access.
  if (pages.dmabuf) return EINVAL;
  uint64_t at = pages.user_va + offset;
  if (pages.file) {
    // Only memfd pages up to the file's size can be reached, as for pinning (differential
    // fuzzer: 7.2 smmuv3 read /dev/null, 7.2 vtd wrote past the end of a memfd).
    if (int error = CheckPinnable(pages, offset, length, false)) return error;
    ssize_t done = write ? pwrite(pages.file->fd(), data, length, static_cast<off_t>(at))
                         : pread(pages.file->fd(), data, length, static_cast<off_t>(at));
    return done == static_cast<ssize_t>(length) ? 0 : EFAULT;
  }
  CallerScope owner(pages.owner);
  return write ? UserMemory::CopyTo(at, data, length) : UserMemory::CopyFrom(data, at, length);
}

bool IsSamePage(const Pages& pages, uint64_t offset, uint64_t va, int* error) {
  *error = 0;
  // Looked up as get_user_pages does (for reading): an inaccessible page is EFAULT too.
  if (!CanPinUserPages(va & ~(CpuPageSize() - 1), CpuPageSize(), /*writable=*/false)) {
    *error = EFAULT;
    return false;
  }
  // No process maps the exporter's memory.
  if (pages.dmabuf) return false;
  uint64_t page_of_pages = (pages.user_va + offset) & ~(PageSize() - 1);
  // User memory is the same page only in the process that mapped it.
  if (!pages.file) return va == page_of_pages && pages.owner->SameProcess(*CurrentCaller());
  return FileOffsetOfUserPage(pages, va) == page_of_pages;
}

std::optional<uint64_t> FileOffsetOfUserPage(const Pages& pages, uint64_t va) {
  if (!pages.file) return std::nullopt;
  VmaFile vma = FindVma(va & ~(PageSize() - 1));
  if (!vma.found || vma.anonymous || makedev(vma.major, vma.minor) != pages.file->device() ||
      vma.inode != pages.file->inode()) {
    return std::nullopt;
  }
  return vma.offset;
}

}  // namespace iommufd_conform::model
