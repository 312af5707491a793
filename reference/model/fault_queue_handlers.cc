// IOMMU_FAULT_QUEUE_ALLOC and the selftest's TRIGGER_IOPF, which raises a page request on a
// mock device the way an IOMMU reports one.
#include <cerrno>

#include "reference/model/context.h"

namespace iommufd_conform::model {
namespace {

using namespace uapi;

}  // namespace

int Context::FaultQueueAlloc(Command& cmd) {
  auto& arg = cmd.As<IommuFaultAlloc>();
  if (arg.flags) return EOPNOTSUPP;
  auto owned = std::make_unique<FaultQueue>();
  FaultQueue& queue = *owned;
  arg.out_fault_id = objects_.Add(std::move(owned));
  arg.out_fault_fd = files_.Install(std::make_shared<FaultQueueFile>(shared_from_this(), queue));
  cmd.respond = true;
  return 0;
}

int Context::TestTriggerIopf(IommuTestCmd& cmd) {
  const auto& request = cmd.trigger_iopf;
  auto* device = objects_.Find<Device>(request.dev_id, ObjectType::kDevice);
  if (!device) return ENOENT;
  // The fault goes to the HWPT on its PASID, or on the RID when it has no PASID. A PASID
  // with nothing attached falls back to the RID only when that is nested: the mock IOMMU
  // lets a nested domain's owner manage the PASID table. Without a fault queue on the way
  // the fault is answered at once, and the op still succeeds.
  Hwpt* hwpt = nullptr;
  AttachHandle handle = 0;
  auto on_pasid = device->pasids.find(request.pasid);
  if (request.pasid != 0 && on_pasid != device->pasids.end()) {
    hwpt = on_pasid->second.hwpt;
    handle = on_pasid->second.handle;
  } else if (device->hwpt &&
             (request.pasid == 0 || device->hwpt->type == ObjectType::kHwptNested)) {
    hwpt = static_cast<Hwpt*>(device->hwpt);
    handle = device->rid_handle;
  }
  if (!hwpt || !hwpt->fault) return 0;
  IommuHwptPgfault record{};
  record.flags = kIommuPgfaultFlagsLastPage;
  if (request.pasid != 0) record.flags |= kIommuPgfaultFlagsPasidValid;
  record.dev_id = device->id;
  record.pasid = request.pasid;
  record.grpid = request.grpid;
  record.perm = request.perm;
  record.addr = request.addr;
  hwpt->fault->Deliver(record, handle);
  return 0;
}

}  // namespace iommufd_conform::model
