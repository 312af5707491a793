#ifndef IOMMUFD_CONFORM_REFERENCE_MODEL_CAPABILITIES_H_
#define IOMMUFD_CONFORM_REFERENCE_MODEL_CAPABILITIES_H_

namespace iommufd_conform::model {

// Whether the calling process holds `capability` (CAP_*) in its effective set, as the
// kernel's capable() would answer for it.
bool HasCapability(int capability);

}  // namespace iommufd_conform::model

#endif  // IOMMUFD_CONFORM_REFERENCE_MODEL_CAPABILITIES_H_
