#ifndef IOMMUFD_CONFORM_REFERENCE_MODEL_DISPATCHED_IOCTLS_H_
#define IOMMUFD_CONFORM_REFERENCE_MODEL_DISPATCHED_IOCTLS_H_

#include <vector>

namespace iommufd_conform::model {

// The iommufd commands the model has a handler for (context_dispatch.cc), in its order.
std::vector<unsigned long> DispatchedIoctls();

}  // namespace iommufd_conform::model

#endif  // IOMMUFD_CONFORM_REFERENCE_MODEL_DISPATCHED_IOCTLS_H_
