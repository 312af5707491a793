#ifndef IOMMUFD_CONFORM_REFERENCE_MODEL_WRITTEN_MEMORY_H_
#define IOMMUFD_CONFORM_REFERENCE_MODEL_WRITTEN_MEMORY_H_

#include <cstdint>

namespace iommufd_conform::model {

// Memory the caller can see that a call writes as a side effect rather than through a
// pointer of its argument (an access writing through an IOAS): user memory of this process,
// or bytes of a file the caller mapped (MAP_FILE areas).
struct WrittenMemory {
  uint64_t address;  // a user address, or the offset in the file
  uint64_t length;
  int file_fd = -1;  // a descriptor of the file, or -1 for user memory
};

}  // namespace iommufd_conform::model

#endif  // IOMMUFD_CONFORM_REFERENCE_MODEL_WRITTEN_MEMORY_H_
