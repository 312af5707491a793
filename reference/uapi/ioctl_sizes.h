#ifndef IOMMUFD_CONFORM_REFERENCE_UAPI_IOCTL_SIZES_H_
#define IOMMUFD_CONFORM_REFERENCE_UAPI_IOCTL_SIZES_H_

// The argument sizes iommufd's dispatcher enforces before any handler runs, derived from the
// descriptions (ioctl_descriptions.h): a `size` below
// min_size fails with EINVAL; bytes beyond struct_size must be zero (else E2BIG); a short
// struct is zero-extended. min_size is offsetofend() of the field the kernel's ioctl table
// names as the struct's "last" mandatory one, which never changes once an ioctl exists.

#include <array>
#include <cstddef>
#include <span>

#include "reference/uapi/ioctl_descriptions.h"

namespace iommufd_conform::uapi {

struct IoctlSizes {
  unsigned long ioctl;
  std::size_t min_size;
  std::size_t struct_size;
};

// The sizes of the iommufd-family ioctls of `table`, in its order.
template <std::size_t kCount>
constexpr std::size_t IommufdFamilyCount(const IoctlDescription (&table)[kCount]) {
  std::size_t count = 0;
  for (const IoctlDescription& description : table) {
    if (description.family == IoctlFamily::kIommufd) ++count;
  }
  return count;
}
template <std::size_t kOut, std::size_t kCount>
constexpr std::array<IoctlSizes, kOut> DeriveIoctlSizes(const IoctlDescription (&table)[kCount]) {
  std::array<IoctlSizes, kOut> sizes{};
  std::size_t at = 0;
  for (const IoctlDescription& description : table) {
    if (description.family != IoctlFamily::kIommufd) continue;
    sizes[at++] = {description.request, description.min_size, description.struct_size};
  }
  return sizes;
}

inline constexpr auto kIoctlSizes =
    DeriveIoctlSizes<IommufdFamilyCount(kIoctlDescriptions)>(kIoctlDescriptions);

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
