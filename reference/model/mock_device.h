#ifndef IOMMUFD_CONFORM_REFERENCE_MODEL_MOCK_DEVICE_H_
#define IOMMUFD_CONFORM_REFERENCE_MODEL_MOCK_DEVICE_H_

#include <array>
#include <cstdint>
#include <map>

#include "reference/model/fault_queue.h"
#include "reference/model/hw_pagetable.h"
#include "reference/model/object_table.h"

namespace iommufd_conform::model {

struct Vdevice;
struct Viommu;

// The iommufd DEVICE object of a selftest mock device (MOCK_DOMAIN's out_idev_id). Its
// selftest object holds it, so IOMMU_DESTROY on it is EBUSY.
struct IommuProfile;

// Also the DEVICE object of a VFIO cdev bound with VFIO_DEVICE_BIND_IOMMUFD, which its
// driver holds the same way.
struct Device : Object {
  explicit Device(uint32_t flags) : Object(ObjectType::kDevice), dev_flags(flags) { users = 1; }
  void ForEachHeld(const std::function<void(const Object&)>& visit) const override {
    if (hwpt) visit(*hwpt);
    for (const auto& [pasid, attachment] : pasids) visit(*attachment.hwpt);
  }
  uint32_t dev_flags;      // kMockFlagsDevice*
  Object* hwpt = nullptr;  // the HwptPaging or HwptNested its RID is attached to
  AttachHandle rid_handle = 0;
  // PASID attachments (PASID_ATTACH), each holding its HWPT.
  struct PasidAttachment {
    Hwpt* hwpt;
    AttachHandle handle;
  };
  std::map<uint32_t, PasidAttachment> pasids;
  // The mock driver fails every second driver call that puts PASID 1024 on a domain
  // (kIommuTestPasidReserved) with ENOMEM; detaching it starts over.
  bool reserved_pasid_armed = false;
  // The mock device's caches (DEV_CHECK_CACHE), cleared by vIOMMU invalidation.
  std::array<uint32_t, 4> cache{};
  Vdevice* vdevice = nullptr;  // its vDEVICE, at most one
  // Attached to a nested HWPT on a vIOMMU, the mock device raises its events there, for the
  // virtual id its vDEVICE had at attach time.
  Viommu* event_viommu = nullptr;
  uint64_t event_virt_id = 0;
  const IommuProfile* iommu = nullptr;  // a platform IOMMU; nullptr for the mock one
};

// The selftest object (out_stdev_id) that owns a mock device: destroying it detaches the
// device, unbinds it and frees its DEVICE object.
struct SelftestDevice : Object {
  explicit SelftestDevice(Device& owned) : Object(ObjectType::kSelftest), device(&owned) {}
  void ForEachHeld(const std::function<void(const Object&)>& visit) const override {
    visit(*device);
  }
  Device* device;
};

}  // namespace iommufd_conform::model

#endif  // IOMMUFD_CONFORM_REFERENCE_MODEL_MOCK_DEVICE_H_
