#ifndef IOMMUFD_CONFORM_REFERENCE_MODEL_PAGES_IO_H_
#define IOMMUFD_CONFORM_REFERENCE_MODEL_PAGES_IO_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>

#include "reference/model/io_pagetable.h"

namespace iommufd_conform::model {

// What pinning [offset, offset + length) of `pages` would answer: 0, EFAULT for user memory
// that is not mapped (or not writable when `writable`), EINVAL for a file that is not a
// memfd or pages past the end of the file; always 0 for a dmabuf's pages. Pages an access holds pinned are not looked at. Whole CPU pages are pinned, so the range is widened to them.
int CheckPinnable(const Pages& pages, uint64_t offset, uint64_t length, bool writable);

// Holds the CPU pages of [offset, offset + length) of `pages` pinned while it lives.
class PagePin {
 public:
  PagePin(std::shared_ptr<const Pages> pages, uint64_t offset, uint64_t length);
  ~PagePin();
  PagePin(const PagePin&) = delete;
  PagePin& operator=(const PagePin&) = delete;

 private:
  std::shared_ptr<const Pages> pages_;
  uint64_t first_;  // page addresses in the pages' space, inclusive
  uint64_t last_;
};

// Copies between `data` and [offset, offset + length) of `pages`: the caller's memory for a
// user map, the file for a file map. 0 or EFAULT; EINVAL for a dmabuf's pages and for a
// file that is not a memfd.
int PagesRw(const Pages& pages, uint64_t offset, void* data, size_t length, bool write);

// Whether the CPU page at user address `va` (page aligned) is the page of `pages` holding
// byte `offset` (page aligned in the pages' address space). EFAULT in *error when `va` is
// not a readable page.
bool IsSamePage(const Pages& pages, uint64_t offset, uint64_t va, int* error);

// The page of `pages` (a MAP_FILE area's file) that the process's page at `va` maps, as a
// page-aligned offset in the file; nullopt when `va` maps another file, anonymous memory or
// nothing. Reads /proc/self/maps.
std::optional<uint64_t> FileOffsetOfUserPage(const Pages& pages, uint64_t va);

}  // namespace iommufd_conform::model

#endif  // IOMMUFD_CONFORM_REFERENCE_MODEL_PAGES_IO_H_
