#ifndef IOMMUFD_CONFORM_REFERENCE_MODEL_USER_PAGES_H_
#define IOMMUFD_CONFORM_REFERENCE_MODEL_USER_PAGES_H_

#include <cstdint>

namespace iommufd_conform::model {

// Whether the kernel could pin [address, address + length) of the calling process: every
// page mapped readable, and writable too when `writable`. Where it cannot, pinning fails
// with EFAULT. The model runs in the caller's process, so its mappings are ours.
bool CanPinUserPages(uint64_t address, uint64_t length, bool writable);

// The address pinning looks up: on arm64 the kernel's page pinning ignores a user address's
// top byte (Top Byte Ignore tags) whatever the process asked for (found by the arm64
// differential fuzzer: MD_CHECK_REFS of 0x8f00ffff86a00000 is the page at 0xffff86a00000);
// elsewhere the address itself.
uint64_t UntaggedUserAddress(uint64_t address);

// The CPU page size of this process, the unit pinning works in.
uint64_t CpuPageSize();

}  // namespace iommufd_conform::model

#endif  // IOMMUFD_CONFORM_REFERENCE_MODEL_USER_PAGES_H_
