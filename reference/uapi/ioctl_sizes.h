#ifndef IOMMUFD_CONFORM_REFERENCE_UAPI_IOCTL_SIZES_H_
#define IOMMUFD_CONFORM_REFERENCE_UAPI_IOCTL_SIZES_H_

// The argument sizes iommufd's dispatcher enforces before any handler runs: a `size` below
// min_size fails with EINVAL; bytes beyond struct_size must be zero (else E2BIG); a short
// struct is zero-extended. min_size is offsetofend() of the field the kernel's ioctl table
// names as the struct's "last" mandatory one, which never changes once an ioctl exists.

#include <cstddef>

#include "reference/uapi/iommufd.h"
#include "reference/uapi/iommufd_test.h"

namespace iommufd_conform::uapi {

#define IOMMUFD_CONFORM_OFFSETOFEND(type, member) (offsetof(type, member) + sizeof(type::member))

struct IoctlSizes {
  unsigned long ioctl;
  std::size_t min_size;
  std::size_t struct_size;
};

inline constexpr IoctlSizes kIoctlSizes[] = {
    {kIoctlDestroy, IOMMUFD_CONFORM_OFFSETOFEND(IommuDestroy, id), sizeof(IommuDestroy)},
    {kIoctlIoasAlloc, IOMMUFD_CONFORM_OFFSETOFEND(IommuIoasAlloc, out_ioas_id),
     sizeof(IommuIoasAlloc)},
    {kIoctlIoasAllowIovas, IOMMUFD_CONFORM_OFFSETOFEND(IommuIoasAllowIovas, allowed_iovas),
     sizeof(IommuIoasAllowIovas)},
    {kIoctlIoasCopy, IOMMUFD_CONFORM_OFFSETOFEND(IommuIoasCopy, src_iova),
     sizeof(IommuIoasCopy)},
    {kIoctlIoasIovaRanges,
     IOMMUFD_CONFORM_OFFSETOFEND(IommuIoasIovaRanges, out_iova_alignment),
     sizeof(IommuIoasIovaRanges)},
    {kIoctlIoasMap, IOMMUFD_CONFORM_OFFSETOFEND(IommuIoasMap, iova), sizeof(IommuIoasMap)},
    {kIoctlIoasUnmap, IOMMUFD_CONFORM_OFFSETOFEND(IommuIoasUnmap, length),
     sizeof(IommuIoasUnmap)},
    {kIoctlOption, IOMMUFD_CONFORM_OFFSETOFEND(IommuOption, val64), sizeof(IommuOption)},
    {kIoctlVfioIoas, IOMMUFD_CONFORM_OFFSETOFEND(IommuVfioIoas, reserved),
     sizeof(IommuVfioIoas)},
    // HWPT_ALLOC's data_* and fault_id came later, so they are optional.
    {kIoctlHwptAlloc, IOMMUFD_CONFORM_OFFSETOFEND(IommuHwptAlloc, reserved),
     sizeof(IommuHwptAlloc)},
    {kIoctlGetHwInfo, IOMMUFD_CONFORM_OFFSETOFEND(IommuHwInfo, reserved), sizeof(IommuHwInfo)},
    {kIoctlHwptSetDirtyTracking, IOMMUFD_CONFORM_OFFSETOFEND(IommuHwptSetDirtyTracking, reserved),
     sizeof(IommuHwptSetDirtyTracking)},
    {kIoctlHwptGetDirtyBitmap, IOMMUFD_CONFORM_OFFSETOFEND(IommuHwptGetDirtyBitmap, data),
     sizeof(IommuHwptGetDirtyBitmap)},
    {kIoctlHwptInvalidate, IOMMUFD_CONFORM_OFFSETOFEND(IommuHwptInvalidate, reserved),
     sizeof(IommuHwptInvalidate)},
    {kIoctlFaultQueueAlloc, IOMMUFD_CONFORM_OFFSETOFEND(IommuFaultAlloc, out_fault_fd),
     sizeof(IommuFaultAlloc)},
    {kIoctlIoasMapFile, IOMMUFD_CONFORM_OFFSETOFEND(IommuIoasMapFile, iova),
     sizeof(IommuIoasMapFile)},
    // VIOMMU_ALLOC's data_len/data_uptr came later.
    {kIoctlViommuAlloc, IOMMUFD_CONFORM_OFFSETOFEND(IommuViommuAlloc, out_viommu_id),
     sizeof(IommuViommuAlloc)},
    {kIoctlVdeviceAlloc, IOMMUFD_CONFORM_OFFSETOFEND(IommuVdeviceAlloc, virt_id),
     sizeof(IommuVdeviceAlloc)},
    {kIoctlIoasChangeProcess, IOMMUFD_CONFORM_OFFSETOFEND(IommuIoasChangeProcess, reserved),
     sizeof(IommuIoasChangeProcess)},
    {kIoctlVeventqAlloc, IOMMUFD_CONFORM_OFFSETOFEND(IommuVeventqAlloc, out_veventq_fd),
     sizeof(IommuVeventqAlloc)},
    {kIoctlHwQueueAlloc, IOMMUFD_CONFORM_OFFSETOFEND(IommuHwQueueAlloc, length),
     sizeof(IommuHwQueueAlloc)},
    {kIoctlIoasNoiommuGetPa, IOMMUFD_CONFORM_OFFSETOFEND(IommuIoasNoiommuGetPa, out_phys),
     sizeof(IommuIoasNoiommuGetPa)},
    {kIoctlTestCmd, IOMMUFD_CONFORM_OFFSETOFEND(IommuTestCmd, last), sizeof(IommuTestCmd)},
};

#undef IOMMUFD_CONFORM_OFFSETOFEND

// The sizes of an iommufd ioctl, or nullptr for a number iommufd does not dispatch itself.
constexpr const IoctlSizes* FindIoctlSizes(unsigned long ioctl) {
  for (const IoctlSizes& sizes : kIoctlSizes) {
    if (sizes.ioctl == ioctl) return &sizes;
  }
  return nullptr;
}

static_assert(FindIoctlSizes(kIoctlHwptAlloc)->min_size == 24);
static_assert(FindIoctlSizes(kIoctlGetHwInfo)->min_size == 32);
static_assert(FindIoctlSizes(kIoctlViommuAlloc)->min_size == 24);
static_assert(FindIoctlSizes(kIoctlTestCmd)->min_size == 68);

}  // namespace iommufd_conform::uapi

#endif  // IOMMUFD_CONFORM_REFERENCE_UAPI_IOCTL_SIZES_H_
