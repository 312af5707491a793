// VFIO device cdevs of a platform IOMMU on an iommufd context: bind, attach (with replace),
// detach, unbind, and IOMMU_HWPT_ALLOC for them.
#include <cerrno>

#include "reference/model/context.h"
#include "reference/uapi/iommufd.h"

namespace iommufd_conform::model {
namespace {

using namespace uapi;

// The IOAS a device attached to `hwpt` maps through, or nullptr (nothing, or a nested HWPT).
Ioas* IoasOf(Object* hwpt) {
  if (!hwpt || hwpt->type != ObjectType::kHwptPaging) return nullptr;
  return static_cast<HwptPaging*>(hwpt)->ioas;
}

}  // namespace

int Context::BindVfioDevice(const PlatformDevice& platform_device, uint32_t* dev_id) {
  auto device = std::make_unique<Device>(0);
  device->iommu = platform_device.iommu;
  *dev_id = objects_.Add(std::move(device));
  return 0;
}

int Context::AttachVfioDevice(uint32_t dev_id, uint32_t* pt_id) {
  auto* device = objects_.Find<Device>(dev_id, ObjectType::kDevice);
  Object* hwpt;
  if (int error = ResolveAttachTarget(*device, *pt_id, &hwpt)) return error;
  *pt_id = hwpt->id;
  if (hwpt == device->hwpt) return 0;
  // The device's reserved regions go into the new IOAS before the old one lets them go, so a
  // failure leaves the old attachment as it was.
  Ioas* to = IoasOf(hwpt);
  Ioas* from = IoasOf(device->hwpt);
  if (to && to != from) {
    for (const IovaRange& region : device->iommu->reserved_regions) {
      if (int error = to->iopt.AddReserved(region, dev_id)) {
        to->iopt.RemoveReserved(dev_id);
        // An automatic HWPT made for this attach goes again.
        auto* paging = static_cast<HwptPaging*>(hwpt);
        if (paging->auto_domain && paging->users == 0) RemoveObject(*paging);
        return error;
      }
    }
  }
  if (from && from != to) from->iopt.RemoveReserved(dev_id);
  Detach(*device);
  Attach(*device, *hwpt);
  return 0;
}

void Context::DetachVfioDevice(uint32_t dev_id) {
  auto* device = objects_.Find<Device>(dev_id, ObjectType::kDevice);
  if (Ioas* from = IoasOf(device->hwpt)) from->iopt.RemoveReserved(dev_id);
  Detach(*device);
}

void Context::UnbindVfioDevice(uint32_t dev_id) {
  DetachVfioDevice(dev_id);
  (void)objects_.Remove(dev_id);
}

int Context::PlatformHwptAlloc(const Device& device, Command& cmd) {
  auto& arg = cmd.As<IommuHwptAlloc>();
  const IommuProfile& iommu = *device.iommu;
  Object* pt = objects_.Find(arg.pt_id);
  if (pt && pt->type == ObjectType::kIoas) {
    if (arg.flags & ~config_.kernel.paging_hwpt_flags) return EOPNOTSUPP;
    // The driver takes no data for a paging domain and only the flags it supports.
    if (arg.data_type != kIommuHwptDataNone) return EOPNOTSUPP;
    uint32_t driver_flags = iommu.paging_hwpt_flags;
    if (!(config_.kernel.iommufd_drivers & (1u << iommu.hw_info_type))) {
      driver_flags &= ~kIommuHwptAllocNestParent;
    }
    if (arg.flags & ~(driver_flags | kIommuHwptFaultIdValid)) return EOPNOTSUPP;
    // No fault queue exists in the model, so any fault_id names nothing.
    if (arg.flags & kIommuHwptFaultIdValid) return ENOENT;
    HwptPaging* hwpt;
    if (int error = AllocHwptPaging(*static_cast<Ioas*>(pt), /*auto_domain=*/false,
                                    iommu.geometry, &hwpt)) {
      return error;
    }
    hwpt->iommu = &iommu;
    hwpt->nest_parent = arg.flags & kIommuHwptAllocNestParent;
    arg.out_hwpt_id = hwpt->id;
    cmd.respond = true;
    return 0;
  }
  if (pt && pt->type == ObjectType::kHwptPaging) {
    // A nested domain of a platform IOMMU needs a vIOMMU, which the model does not serve.
    if (arg.flags & ~config_.kernel.nested_hwpt_flags) return EOPNOTSUPP;
    return EOPNOTSUPP;
  }
  return EINVAL;
}

}  // namespace iommufd_conform::model
