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
struct FaultQueue;

// What paging and nested HWPTs share: whether they may serve PASIDs
// (IOMMU_HWPT_ALLOC_PASID), and the fault queue they report IO page faults to, which they
// hold (IOMMU_HWPT_FAULT_ID_VALID).
struct Hwpt : Object {
  using Object::Object;
  bool pasid_compat = false;
  FaultQueue* fault = nullptr;
};

// Reads the selftest driver data of a nested (or selftest paging) HWPT: `length` bytes at
// `uptr`, of a struct `size` bytes long on this kernel. 0 or an errno.
int CopySelftestData(uint64_t uptr, uint32_t length, uint32_t size, uapi::IommuHwptSelftest* data);
struct IommuProfile;

// A paging domain on an IOAS: from IOMMU_HWPT_ALLOC, or the automatic one the kernel makes
// when a device is attached to the IOAS itself. It holds a `users` reference on its IOAS.
struct HwptPaging : Hwpt {
  HwptPaging(Ioas& owner, bool is_auto)
      : Hwpt(ObjectType::kHwptPaging), ioas(&owner), auto_domain(is_auto) {}
  void ForEachHeld(const std::function<void(const Object&)>& visit) const override;
  Ioas* ioas;
  // Automatic HWPTs are shared by every device attached to their IOAS and die with the
  // last one; IOMMU_DESTROY never sees them unused.
  bool auto_domain;
  bool nest_parent = false;
  bool dirty_tracking = false;  // allocated with IOMMU_HWPT_ALLOC_DIRTY_TRACKING
  bool dirty_enabled = false;   // IOMMU_HWPT_SET_DIRTY_TRACKING
  const IommuProfile* iommu = nullptr;  // whose domain it is; nullptr for the mock IOMMU
};

struct Viommu;

// A nested (stage-1) HWPT on a NEST_PARENT paging parent, which it holds, or on a vIOMMU
// (then `viommu` is set, and the vIOMMU is what it holds).
struct HwptNested : Hwpt {
  explicit HwptNested(HwptPaging& of) : Hwpt(ObjectType::kHwptNested), parent(&of) {}
  void ForEachHeld(const std::function<void(const Object&)>& visit) const override;
  HwptPaging* parent;
  Viommu* viommu = nullptr;
  // The selftest domain's mock IOTLB (MD_CHECK_IOTLB), cleared by invalidation.
  std::array<uint32_t, 4> iotlb{};
};

}  // namespace iommufd_conform::model

#endif  // IOMMUFD_CONFORM_REFERENCE_MODEL_HW_PAGETABLE_H_
