#ifndef IOMMUFD_CONFORM_REFERENCE_MODEL_DEVICE_DMA_H_
#define IOMMUFD_CONFORM_REFERENCE_MODEL_DEVICE_DMA_H_

#include <cstdint>
#include <vector>

namespace iommufd_conform::model {

// What a DMA transfer of a bound device does through the translation iommufd gave it: every
// byte either reaches the memory an area of the attached IOAS names, when the area allows the
// direction (IOMMU_IOAS_MAP_READABLE lets the device read, WRITEABLE write), or is refused.
// A device attached to nothing, or between attachments, reaches nothing.
struct DeviceDmaResult {
  struct Run {
    uint64_t offset;  // in the transfer
    uint64_t length;
  };
  // 0; ENODEV when the descriptor is not a bound device; ENOTTY where the model cannot say:
  // a nested HWPT (its stage 1 is the guest's), or pages the caller no longer maps.
  int error = 0;
  // The bytes the IOMMU refused: a refused read brings the device nothing from memory, a
  // refused write lands nowhere.
  std::vector<Run> refused;
  // Whether the IOMMU's driver hears of the refusal through its fault interrupt.
  bool fault_reported = false;
};

}  // namespace iommufd_conform::model

#endif  // IOMMUFD_CONFORM_REFERENCE_MODEL_DEVICE_DMA_H_
