#ifndef IOMMUFD_CONFORM_REFERENCE_MODEL_HW_PAGETABLE_H_
#define IOMMUFD_CONFORM_REFERENCE_MODEL_HW_PAGETABLE_H_

#include "reference/model/object_table.h"

namespace iommufd_conform::model {

struct Ioas;
struct IommuProfile;

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
  const IommuProfile* iommu = nullptr;  // whose domain it is; nullptr for the mock IOMMU
};

// A nested (stage-1) HWPT on a NEST_PARENT paging parent, which it holds.
struct HwptNested : Object {
  explicit HwptNested(HwptPaging& of) : Object(ObjectType::kHwptNested), parent(&of) {}
  HwptPaging* parent;
};

}  // namespace iommufd_conform::model

#endif  // IOMMUFD_CONFORM_REFERENCE_MODEL_HW_PAGETABLE_H_
