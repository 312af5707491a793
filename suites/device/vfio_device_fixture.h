#ifndef IOMMUFD_CONFORM_SUITES_DEVICE_VFIO_DEVICE_FIXTURE_H_
#define IOMMUFD_CONFORM_SUITES_DEVICE_VFIO_DEVICE_FIXTURE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "reference/uapi/iommufd.h"
#include "reference/uapi/vfio.h"
#include "suites/support/conform_test.h"

namespace iommufd_conform {

// A ConformTest with the platform's first VFIO cdev open (not yet bound). On `none`, which
// has no such device, the case is skipped; on any other platform a missing device fails.
// Calls come as triads: Foo() returns the outcome, FooOk() expects success, FooFails(errno).
class VfioDeviceTest : public ConformTest {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Closes the device fd (which unbinds it); later calls on it are meaningless.
  void CloseDevice();

  // VFIO_DEVICE_BIND_IOMMUFD of the device to `iommufd` (the session's by default).
  // -2 for `iommufd` names the session's descriptor.
  Outcome Bind(uint32_t flags = 0, int iommufd = -2,
               uint32_t argsz = sizeof(uapi::VfioDeviceBindIommufd));
  uint32_t BindOk();

  // VFIO_DEVICE_ATTACH_IOMMUFD_PT: the HWPT the device ends up on.
  Outcome Attach(uint32_t pt, uint32_t flags = 0, uint32_t pasid = 0,
                 uint32_t argsz = sizeof(uapi::VfioDeviceAttachIommufdPt));
  uint32_t AttachOk(uint32_t pt);
  void AttachFails(int error, uint32_t pt);

  Outcome Detach(uint32_t flags = 0, uint32_t pasid = 0,
                 uint32_t argsz = sizeof(uapi::VfioDeviceDetachIommufdPt));
  void DetachOk();

  // IOMMU_HWPT_ALLOC for the bound device.
  Outcome HwptAlloc(uint32_t dev, uint32_t pt, uint32_t flags = 0, uint32_t data_type = 0,
                    uint32_t data_len = 0, const void* data = nullptr);
  uint32_t HwptAllocOk(uint32_t dev, uint32_t pt, uint32_t flags = 0);

  // IOMMU_GET_HW_INFO into `data`.
  Outcome HwInfo(uint32_t dev, std::vector<std::byte>& data, uint32_t flags = 0,
                 uint32_t in_type = 0);

  // VFIO_DEVICE_GET_INFO, the device's own call, with `argsz` claimed.
  Outcome GetInfo(uint32_t argsz = sizeof(uapi::VfioDeviceInfo));

  int device_fd() const { return device_fd_; }

 private:
  std::string path_;
  int device_fd_ = -1;
};

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_SUITES_DEVICE_VFIO_DEVICE_FIXTURE_H_
