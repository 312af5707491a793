#ifndef IOMMUFD_CONFORM_FUZZ_SEQUENCE_PIN_CHECK_H_
#define IOMMUFD_CONFORM_FUZZ_SEQUENCE_PIN_CHECK_H_

// Whether the running kernel still counts a pin on user memory, asked with the selftest's
// MD_CHECK_REFS on an iommufd of its own: after a sequence closed every descriptor, no page
// it mapped may stay pinned. Guest-only: it talks to /dev/iommu directly, not to a Backend.

#include <cstdint>
#include <optional>

namespace iommufd_conform::fuzz {

// The first page of [start, start + bytes) the kernel still counts a pin on, if any;
// nullopt also when /dev/iommu cannot be opened.
std::optional<uint64_t> FirstPinnedPage(uint64_t start, uint64_t bytes, uint64_t page_size);

}  // namespace iommufd_conform::fuzz

#endif  // IOMMUFD_CONFORM_FUZZ_SEQUENCE_PIN_CHECK_H_
