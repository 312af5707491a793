// Attaching mock devices to IOASes and HWPTs, and the automatic HWPTs that come with it.
#include <cerrno>

#include "reference/model/context.h"

namespace iommufd_conform::model {

int Context::AllocHwptPaging(Ioas& ioas, bool auto_domain, const DomainGeometry& geometry,
                             HwptPaging** hwpt) {
  auto owned = std::make_unique<HwptPaging>(ioas, auto_domain);
  HwptPaging* created = owned.get();
  uint32_t id = objects_.Add(std::move(owned));
  if (int error = ioas.iopt.AddDomain(id, geometry)) {
    (void)objects_.Remove(id);
    return error;
  }
  ++ioas.users;
  *hwpt = created;
  return 0;
}

int Context::ResolveAttachTarget(const Device& device, uint32_t pt_id, Object** hwpt) {
  Object* pt = objects_.Find(pt_id);
  if (!pt) return ENOENT;
  switch (pt->type) {
    case ObjectType::kIoas: {
      // Devices attached to an IOAS share its automatic HWPT when it is their IOMMU's:
      // every mock device fits a mock one.
      for (const auto& [id, object] : objects_.objects()) {
        if (object->type != ObjectType::kHwptPaging) continue;
        auto* candidate = static_cast<HwptPaging*>(object.get());
        if (config_.fault == ModelFault::kAutoHwptNeverShared) break;
        if (candidate->auto_domain && candidate->ioas == pt && candidate->iommu == device.iommu) {
          *hwpt = candidate;
          return 0;
        }
      }
      HwptPaging* created;
      DomainGeometry geometry =
          device.iommu ? device.iommu->geometry : mock_iommu_.DefaultGeometry();
      if (int error =
              AllocHwptPaging(*static_cast<Ioas*>(pt), /*auto_domain=*/true, geometry, &created)) {
        return error;
      }
      created->iommu = device.iommu;
      *hwpt = created;
      return 0;
    }
    case ObjectType::kHwptPaging:
      // A domain of another IOMMU cannot take the device.
      if (static_cast<HwptPaging*>(pt)->iommu != device.iommu) return EINVAL;
      // A domain that tracks dirty pages needs devices that can report them.
      if (static_cast<HwptPaging*>(pt)->dirty_tracking &&
          !MockIommu::CanTrackDirty(device.dev_flags)) {
        return EINVAL;
      }
      *hwpt = pt;
      return 0;
    case ObjectType::kHwptNested: {
      // The mock driver attaches to a nested HWPT on a vIOMMU only a device with a vDEVICE
      // in that vIOMMU.
      Viommu* viommu = static_cast<HwptNested*>(pt)->viommu;
      if (viommu && (!device.vdevice || device.vdevice->viommu != viommu)) return ENOENT;
      *hwpt = pt;
      return 0;
    }
    default:
      return EINVAL;
  }
}

void Context::Attach(Device& device, Object& hwpt) {
  ++hwpt.users;
  device.hwpt = &hwpt;
  device.rid_handle = NewAttachHandle();
  device.event_viommu = nullptr;
  if (hwpt.type == ObjectType::kHwptNested) {
    device.event_viommu = static_cast<HwptNested&>(hwpt).viommu;
    if (device.event_viommu) device.event_virt_id = device.vdevice->virt_id;
  }
}

void Context::Detach(Device& device) {
  Object* hwpt = device.hwpt;
  device.hwpt = nullptr;
  if (!hwpt) return;
  // Faults that came through the attachment are answered as it ends.
  if (FaultQueue* fault = static_cast<Hwpt*>(hwpt)->fault) fault->DropAttachment(device.rid_handle);
  --hwpt->users;
  if (config_.fault == ModelFault::kAutoHwptOutlivesItsDevices) return;
  if (hwpt->type == ObjectType::kHwptPaging && static_cast<HwptPaging*>(hwpt)->auto_domain &&
      hwpt->users == 0) {
    RemoveObject(*hwpt);
  }
}

int Context::PasidCompatible(const Device& device, uint32_t pasid, const Object& hwpt) {
  bool compatible = static_cast<const Hwpt&>(hwpt).pasid_compat;
  if (pasid == 0) return compatible || device.pasids.empty() ? 0 : EINVAL;
  if (!compatible) return EINVAL;
  return !device.hwpt || static_cast<const Hwpt*>(device.hwpt)->pasid_compat ? 0 : EINVAL;
}

void Context::DropIfUnusedAuto(Object& hwpt) {
  if (hwpt.type == ObjectType::kHwptPaging && static_cast<HwptPaging&>(hwpt).auto_domain &&
      hwpt.users == 0) {
    RemoveObject(hwpt);
  }
}

void Context::RemoveObject(Object& object) {
  if (object.id == compat_ioas_id_) compat_ioas_id_ = 0;
  switch (object.type) {
    case ObjectType::kHwptPaging: {
      auto& hwpt = static_cast<HwptPaging&>(object);
      hwpt.ioas->iopt.RemoveDomain(hwpt.id);
      --hwpt.ioas->users;
      if (hwpt.fault) --hwpt.fault->users;
      break;
    }
    case ObjectType::kHwptNested: {
      auto& nested = static_cast<HwptNested&>(object);
      if (nested.viommu) {
        --nested.viommu->users;
      } else {
        --nested.parent->users;
      }
      if (nested.fault) --nested.fault->users;
      break;
    }
    case ObjectType::kViommu:
    case ObjectType::kVdevice:
    case ObjectType::kHwQueue:
    case ObjectType::kVeventq:
      ReleaseViommuObject(object);
      break;
    case ObjectType::kSelftest: {
      Device* device = static_cast<SelftestDevice&>(object).device;
      // The kernel's selftest object detaches the RID only and then trips over the PASIDs
      // still attached (see reference/divergences.txt); the model detaches them all.
      while (!device->pasids.empty()) PasidDetach(*device, device->pasids.begin()->first);
      RemoveVdeviceOf(*device);
      Detach(*device);
      (void)objects_.Remove(device->id);
      break;
    }
    default:
      break;
  }
  (void)objects_.Remove(object.id);
}

}  // namespace iommufd_conform::model
