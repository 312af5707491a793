#ifndef IOMMUFD_CONFORM_REFERENCE_MODEL_PHYSICAL_FRAMES_H_
#define IOMMUFD_CONFORM_REFERENCE_MODEL_PHYSICAL_FRAMES_H_

#include <cstdint>
#include <optional>

#include "reference/model/caller.h"

namespace iommufd_conform::model {

// The physical page frames behind pages of memory, as /proc/self/pagemap shows them. The
// kernel refuses a HW queue whose pages are not physically contiguous: where the allocator
// put them, which no uAPI call reveals. Frames show only to a process with CAP_SYS_ADMIN and
// only for pages present; elsewhere the answer is nullopt and the model cannot know.
//
// One object per check: it holds the pagemap open, and a descriptor kept across fork()
// would name the parent's pages.
class PhysicalFrames {
 public:
  PhysicalFrames();
  ~PhysicalFrames();
  PhysicalFrames(const PhysicalFrames&) = delete;
  PhysicalFrames& operator=(const PhysicalFrames&) = delete;

  // The page at `address` of `process`'s memory.
  std::optional<uint64_t> OfUserPage(const CallerProcess& process, uint64_t address) const;
  // The page of the file open as `fd` at byte `offset`. It is mapped and read to find out,
  // which brings a memfd page in as pinning it would; past the file's end there is none.
  std::optional<uint64_t> OfFilePage(int fd, uint64_t offset) const;

 private:
  std::optional<uint64_t> Read(int pagemap, uint64_t address) const;

  int pagemap_;  // our own
};

}  // namespace iommufd_conform::model

#endif  // IOMMUFD_CONFORM_REFERENCE_MODEL_PHYSICAL_FRAMES_H_
