#ifndef IOMMUFD_CONFORM_HARNESS_GUEST_VFIO_BINDER_H_
#define IOMMUFD_CONFORM_HARNESS_GUEST_VFIO_BINDER_H_

#include <chrono>
#include <string>
#include <vector>

#include "harness/common/harness_error.h"
#include "harness/guest/init_config.h"

namespace iommufd_conform::guest {

struct BoundDevice {
  std::string pci_address;  // 0000:00:03.0
  PciId id;
  std::string cdev;  // /dev/vfio/devices/vfio0
};

// Binds every PCI device whose id is in `ids` to vfio-pci (driver_override + drivers_probe) and
// waits up to `timeout` for each one's /dev/vfio/devices/vfioN. A matching device that does not
// bind is an error (kNoDevice): a run must not silently lose the device its platform promises.
HarnessResult<std::vector<BoundDevice>> BindToVfio(const std::vector<PciId>& ids,
                                                    std::chrono::milliseconds timeout);

}  // namespace iommufd_conform::guest

#endif  // IOMMUFD_CONFORM_HARNESS_GUEST_VFIO_BINDER_H_
