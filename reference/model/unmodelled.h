#ifndef IOMMUFD_CONFORM_REFERENCE_MODEL_UNMODELLED_H_
#define IOMMUFD_CONFORM_REFERENCE_MODEL_UNMODELLED_H_

// The calls the model knowingly does not serve, and answers ENOTTY to, each with why. A
// differential run counts such a call as not covered; an ENOTTY from the model for any other
// call the kernel serves is a divergence like any other, so a model that stopped serving an
// ioctl could not pass for one that was never asked to.

#include <optional>
#include <string_view>

namespace iommufd_conform::model {

// On an iommufd (numbers of the iommufd table and the VFIO compat container alike).
std::optional<std::string_view> UnmodelledIommufdIoctl(unsigned long request);
// On a VFIO device cdev.
std::optional<std::string_view> UnmodelledDeviceIoctl(unsigned long request);

}  // namespace iommufd_conform::model

#endif  // IOMMUFD_CONFORM_REFERENCE_MODEL_UNMODELLED_H_
