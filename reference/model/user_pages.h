#ifndef IOMMUFD_CONFORM_REFERENCE_MODEL_USER_PAGES_H_
#define IOMMUFD_CONFORM_REFERENCE_MODEL_USER_PAGES_H_

#include <cstdint>

namespace iommufd_conform::model {

// Whether the kernel could pin [address, address + length) of the calling process: every
// page mapped readable, and writable too when `writable`. Where it cannot, pinning fails
// with EFAULT. The model runs in the caller's process, so its mappings are ours.
bool CanPinUserPages(uint64_t address, uint64_t length, bool writable);

// The CPU page size of this process, the unit pinning works in.
uint64_t CpuPageSize();

}  // namespace iommufd_conform::model

#endif  // IOMMUFD_CONFORM_REFERENCE_MODEL_USER_PAGES_H_
