#ifndef IOMMUFD_CONFORM_REFERENCE_MODEL_MOCK_DEVICE_H_
#define IOMMUFD_CONFORM_REFERENCE_MODEL_MOCK_DEVICE_H_

#include <cstdint>

#include "reference/model/object_table.h"

namespace iommufd_conform::model {

// The iommufd DEVICE object of a selftest mock device (MOCK_DOMAIN's out_idev_id). Its
// selftest object holds it, so IOMMU_DESTROY on it is EBUSY.
struct IommuProfile;

// Also the DEVICE object of a VFIO cdev bound with VFIO_DEVICE_BIND_IOMMUFD, which its
// driver holds the same way.
struct Device : Object {
  explicit Device(uint32_t flags) : Object(ObjectType::kDevice), dev_flags(flags) { users = 1; }
  uint32_t dev_flags;      // kMockFlagsDevice*
  Object* hwpt = nullptr;  // the HwptPaging or HwptNested it is attached to
  const IommuProfile* iommu = nullptr;  // a platform IOMMU; nullptr for the mock one
};

// The selftest object (out_stdev_id) that owns a mock device: destroying it detaches the
// device, unbinds it and frees its DEVICE object.
struct SelftestDevice : Object {
  explicit SelftestDevice(Device& owned) : Object(ObjectType::kSelftest), device(&owned) {}
  Device* device;
};

}  // namespace iommufd_conform::model

#endif  // IOMMUFD_CONFORM_REFERENCE_MODEL_MOCK_DEVICE_H_
