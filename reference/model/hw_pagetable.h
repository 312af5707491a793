#ifndef IOMMUFD_CONFORM_REFERENCE_MODEL_HW_PAGETABLE_H_
#define IOMMUFD_CONFORM_REFERENCE_MODEL_HW_PAGETABLE_H_

#include <array>
#include <cstdint>

#include "reference/model/object_table.h"

namespace iommufd_conform::uapi {
struct IommuHwptSelftest;
}  // namespace iommufd_conform::uapi

namespace iommufd_conform::model {

struct Ioas;

// Reads the selftest driver data of a nested (or selftest paging) HWPT: `length` bytes at
// `uptr`, of a struct `size` bytes long on this kernel. 0 or an errno.
int CopySelftestData(uint64_t uptr, uint32_t length, uint32_t size, uapi::IommuHwptSelftest* data);

// A paging domain on an IOAS: from IOMMU_HWPT_ALLOC, or the automatic one the kernel makes
// when a device is attached to the IOAS itself. It holds a `users` reference on its IOAS.
struct HwptPaging : Object {
  HwptPaging(Ioas& owner, bool is_auto)
      : Object(ObjectType::kHwptPaging), ioas(&owner), auto_domain(is_auto) {}
  Ioas* ioas;
  // Automatic HWPTs are shared by every device attached to their IOAS and die with the
  // last one; IOMMU_DESTROY never sees them unused.
  bool auto_domain;
  bool nest_parent = false;
  bool dirty_tracking = false;  // allocated with IOMMU_HWPT_ALLOC_DIRTY_TRACKING
  bool dirty_enabled = false;   // IOMMU_HWPT_SET_DIRTY_TRACKING
};

struct Viommu;

// A nested (stage-1) HWPT on a NEST_PARENT paging parent, which it holds, or on a vIOMMU
// (then `viommu` is set, and the vIOMMU is what it holds).
struct HwptNested : Object {
  explicit HwptNested(HwptPaging& of) : Object(ObjectType::kHwptNested), parent(&of) {}
  HwptPaging* parent;
  Viommu* viommu = nullptr;
  // The selftest domain's mock IOTLB (MD_CHECK_IOTLB), cleared by invalidation.
  std::array<uint32_t, 4> iotlb{};
};

}  // namespace iommufd_conform::model

#endif  // IOMMUFD_CONFORM_REFERENCE_MODEL_HW_PAGETABLE_H_
