#ifndef IOMMUFD_CONFORM_REFERENCE_MODEL_PHYSICAL_FRAMES_H_
#define IOMMUFD_CONFORM_REFERENCE_MODEL_PHYSICAL_FRAMES_H_

#include <cstdint>
#include <optional>

namespace iommufd_conform::model {

// The physical page frame behind a page of memory, as /proc/self/pagemap shows it. The
// kernel refuses a HW queue whose pages are not physically contiguous: where the allocator
// put them, which no uAPI call reveals. Frames show only to a process with CAP_SYS_ADMIN and
// only for pages present; elsewhere the answer is nullopt and the model cannot know.

// A page of this process's memory at `address`.
std::optional<uint64_t> FrameOfUserPage(uint64_t address);
// The page of the file open as `fd` at byte `offset`. It is mapped and read to find out,
// which brings a memfd page in as pinning it would; past the file's end there is none.
std::optional<uint64_t> FrameOfFilePage(int fd, uint64_t offset);

}  // namespace iommufd_conform::model

#endif  // IOMMUFD_CONFORM_REFERENCE_MODEL_PHYSICAL_FRAMES_H_
