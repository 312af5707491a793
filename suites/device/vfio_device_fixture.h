#ifndef IOMMUFD_CONFORM_SUITES_DEVICE_VFIO_DEVICE_FIXTURE_H_
#define IOMMUFD_CONFORM_SUITES_DEVICE_VFIO_DEVICE_FIXTURE_H_

#include <cstdint>
#include <string>

#include "suites/support/conform_test.h"

namespace iommufd_conform {

// A ConformTest with the platform's first VFIO cdev open (not yet bound). On `none`, which
// has no such device, the case is skipped; on any other platform a missing device fails.
// The calls are the session's (its Vfio* calls take device_fd()); FooOk() stops the case when
// the call fails.
class VfioDeviceTest : public ConformTest {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Closes the device fd (which unbinds it); later calls on it are meaningless.
  void CloseDevice();

  // VFIO_DEVICE_BIND_IOMMUFD to the session's iommufd: the device's id.
  uint32_t BindOk();
  // VFIO_DEVICE_ATTACH_IOMMUFD_PT: the HWPT the device ends up on.
  uint32_t AttachOk(uint32_t pt);
  void DetachOk();
  // IOMMU_HWPT_ALLOC for the bound device: the new HWPT.
  uint32_t HwptAllocOk(uint32_t dev, uint32_t pt, uint32_t flags = 0);

  int device_fd() const { return device_fd_; }

 private:
  std::string path_;
  int device_fd_ = -1;
};

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_SUITES_DEVICE_VFIO_DEVICE_FIXTURE_H_
