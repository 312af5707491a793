#include "reference/model/unmodelled.h"

#include "reference/uapi/iommufd.h"
#include "reference/uapi/vfio.h"

namespace iommufd_conform::model {

std::optional<std::string_view> UnmodelledIommufdIoctl(unsigned long request) {
  if (request == uapi::kIoctlIoasNoiommuGetPa) return "7.3's noiommu mode is not modelled";
  return std::nullopt;
}

std::optional<std::string_view> UnmodelledDeviceIoctl(unsigned long request) {
  switch (request) {
    case uapi::kIoctlVfioDeviceBindIommufd:
    case uapi::kIoctlVfioDeviceAttachIommufdPt:
    case uapi::kIoctlVfioDeviceDetachIommufdPt:
    case uapi::kIoctlVfioDeviceGetInfo:
      return std::nullopt;
    default:
      return "the VFIO device's own regions, interrupts and resets are not modelled";
  }
}

}  // namespace iommufd_conform::model
