#ifndef IOMMUFD_CONFORM_REFERENCE_MODEL_STRUCT_TAIL_H_
#define IOMMUFD_CONFORM_REFERENCE_MODEL_STRUCT_TAIL_H_

#include <cstdint>

namespace iommufd_conform::model {

// The rule for a caller's struct longer than the kernel's (copy_struct_from_user, which the
// iommufd ioctls and VFIO_DEVICE_BIND_IOMMUFD follow): the bytes past `kernel_size` up to
// `user_size` must lie in the user address space (else EFAULT) and be zero (else E2BIG), so
// an old kernel refuses a request it does not understand. 0 when they are.
int CheckStructTail(uint64_t arg, uint64_t kernel_size, uint64_t user_size);

}  // namespace iommufd_conform::model

#endif  // IOMMUFD_CONFORM_REFERENCE_MODEL_STRUCT_TAIL_H_
