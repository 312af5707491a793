// The selftest PASID ops: attaching HWPTs to PASIDs of mock devices. PASID 0 is the RID,
// so these ops also attach, replace and detach it.
#include <cerrno>

#include "reference/model/context.h"

namespace iommufd_conform::model {
namespace {

using namespace uapi;

// How many PASIDs a mock device has: 2^pasid-num-bits, so a device without PASID support
// (0 bits) has PASID 0 only, its RID.
uint32_t PasidCount(const Device& device) {
  return device.dev_flags & kMockFlagsDevicePasid ? 1u << kMockPasidWidth : 1;
}

// The mock driver's part of putting a PASID on `hwpt`.
int DriverSetPasid(Device& device, uint32_t pasid, const Object& hwpt) {
  // As for the RID, a device that cannot track dirty pages cannot use a domain that does.
  // The 7.2 kernel lets it through here (reference/divergences.txt).
  if (hwpt.type == ObjectType::kHwptPaging && static_cast<const HwptPaging&>(hwpt).dirty_tracking &&
      !MockIommu::CanTrackDirty(device.dev_flags)) {
    return EINVAL;
  }
  if (pasid != kIommuTestPasidReserved) return 0;
  device.reserved_pasid_armed = !device.reserved_pasid_armed;
  return device.reserved_pasid_armed ? 0 : ENOMEM;
}

bool IsHwpt(const Object& object) {
  return object.type == ObjectType::kHwptPaging || object.type == ObjectType::kHwptNested;
}

}  // namespace

int Context::TestPasidOp(IommuTestCmd& cmd) {
  auto* stdev = objects_.Find<SelftestDevice>(cmd.id, ObjectType::kSelftest);
  if (!stdev) return ENOENT;
  Device& device = *stdev->device;
  switch (cmd.op) {
    case kIommuTestOpPasidAttach:
      return PasidAttach(device, cmd.pasid_attach.pasid, &cmd.pasid_attach.pt_id);
    case kIommuTestOpPasidReplace:
      return PasidReplace(device, cmd.pasid_replace.pasid, &cmd.pasid_replace.pt_id);
    case kIommuTestOpPasidDetach:
      PasidDetach(device, cmd.pasid_detach.pasid);
      return 0;
    default: {
      uint32_t pasid = cmd.pasid_check.pasid;
      const Object* attached = device.hwpt;
      if (pasid != 0) {
        auto it = device.pasids.find(pasid);
        attached = it == device.pasids.end() ? nullptr : it->second.hwpt;
      }
      // hwpt_id 0 asks whether nothing is attached.
      if (cmd.pasid_check.hwpt_id == 0) return attached ? EINVAL : 0;
      Object* hwpt = objects_.Find(cmd.pasid_check.hwpt_id);
      if (!hwpt) return ENOENT;
      if (!IsHwpt(*hwpt)) return EINVAL;
      return attached == hwpt ? 0 : EINVAL;
    }
  }
}

int Context::PasidAttach(Device& device, uint32_t pasid, uint32_t* pt_id) {
  Object* pt = objects_.Find(*pt_id);
  if (!pt) return ENOENT;
  if (pt->type != ObjectType::kIoas && !IsHwpt(*pt)) return EINVAL;
  bool attached = pasid == 0 ? device.hwpt != nullptr : device.pasids.count(pasid) != 0;
  if (attached) return EBUSY;
  if (pasid == 0) {
    Object* hwpt;
    if (int error = ResolveAttachTarget(device, *pt_id, &hwpt)) return error;
    if (int error = PasidCompatible(device, 0, *hwpt)) {
      DropIfUnusedAuto(*hwpt);
      return error;
    }
    Attach(device, *hwpt);
    *pt_id = hwpt->id;
    return 0;
  }
  // Automatic HWPTs are never PASID-compatible: an IOAS cannot go on a PASID.
  if (pt->type == ObjectType::kIoas) return EINVAL;
  if (int error = PasidCompatible(device, pasid, *pt)) return error;
  if (pasid >= PasidCount(device)) return EINVAL;
  if (int error = DriverSetPasid(device, pasid, *pt)) return error;
  auto* hwpt = static_cast<Hwpt*>(pt);
  ++hwpt->users;
  device.pasids[pasid] = {hwpt, NewAttachHandle()};
  return 0;
}

int Context::PasidReplace(Device& device, uint32_t pasid, uint32_t* pt_id) {
  if (pasid == 0) return ReplaceRid(device, pt_id);
  Object* pt = objects_.Find(*pt_id);
  if (!pt) return ENOENT;
  auto it = device.pasids.find(pasid);
  if (pt->type == ObjectType::kIoas) {
    // The automatic HWPT is made (and must fit the IOAS) before it is refused.
    HwptPaging* created;
    if (int error = AllocHwptPaging(*static_cast<Ioas*>(pt), /*auto_domain=*/true,
                                    mock_iommu_.DefaultGeometry(), &created)) {
      return error;
    }
    RemoveObject(*created);
    return EINVAL;
  }
  if (!IsHwpt(*pt) || it == device.pasids.end()) return EINVAL;
  Device::PasidAttachment& attachment = it->second;
  if (attachment.hwpt == pt) return 0;
  if (int error = PasidCompatible(device, pasid, *pt)) return error;
  if (int error = DriverSetPasid(device, pasid, *pt)) return error;
  Hwpt* old = attachment.hwpt;
  if (old->fault) old->fault->DropAttachment(attachment.handle);
  --old->users;
  attachment = {static_cast<Hwpt*>(pt), NewAttachHandle()};
  ++pt->users;
  return 0;
}

void Context::PasidDetach(Device& device, uint32_t pasid) {
  if (pasid == 0) {
    Detach(device);
    return;
  }
  auto it = device.pasids.find(pasid);
  if (it == device.pasids.end()) return;
  Hwpt* hwpt = it->second.hwpt;
  if (hwpt->fault) hwpt->fault->DropAttachment(it->second.handle);
  --hwpt->users;
  device.pasids.erase(it);
  // The PASID goes to the blocking domain, which resets the driver's reserved-PASID count.
  if (pasid == kIommuTestPasidReserved) device.reserved_pasid_armed = false;
}

int Context::ReplaceRid(Device& device, uint32_t* pt_id) {
  Object* hwpt;
  if (int error = ResolveAttachTarget(device, *pt_id, &hwpt)) return error;
  if (hwpt != device.hwpt) {
    // Only an attached RID can be replaced; the target must suit its PASIDs.
    int error = device.hwpt ? PasidCompatible(device, 0, *hwpt) : EINVAL;
    if (error) {
      DropIfUnusedAuto(*hwpt);
      return error;
    }
    // The new HWPT exists before the old one goes, so it never takes the old one's id.
    Detach(device);
    Attach(device, *hwpt);
  }
  *pt_id = hwpt->id;
  return 0;
}

}  // namespace iommufd_conform::model
