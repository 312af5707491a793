// The vIOMMU family for the selftest driver: IOMMU_VIOMMU_ALLOC, IOMMU_VDEVICE_ALLOC,
// IOMMU_VEVENTQ_ALLOC, IOMMU_HW_QUEUE_ALLOC, nested HWPTs on a vIOMMU, TRIGGER_VEVENT, and
// what each of these objects holds.
#include <algorithm>
#include <sys/mman.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <optional>
#include <vector>

#include "reference/model/context.h"
#include "reference/model/mapped_file.h"
#include "reference/model/physical_frames.h"
#include "reference/model/user_memory.h"
#include "reference/model/user_pages.h"
#include "reference/uapi/iommufd.h"

namespace iommufd_conform::model {
namespace {

using namespace uapi;


// The selftest vIOMMU's driver data: at least up to out_data and, unlike ioctl structs,
// never longer than the driver's struct, zero tail or not (observed on 7.2). `*data` gets
// what was there, zero-extended.
int CopyViommuData(uint64_t uptr, uint32_t length, IommuViommuSelftest* data) {
  constexpr size_t kMinimum = offsetof(IommuViommuSelftest, out_data) + sizeof(uint32_t);
  if (length < kMinimum || length > sizeof(*data)) return EINVAL;
  *data = {};
  return UserMemory::CopyFrom(data, uptr, length);
}

// Whether the pages behind [iova, last] sit at consecutive physical frames, as a HW queue's
// must. Where a frame cannot be seen (no CAP_SYS_ADMIN, a page not present, a dmabuf), the
// model cannot know and takes them as contiguous.
bool PhysicallyContiguous(const IoPagetable& iopt, uint64_t iova, uint64_t last) {
  const uint64_t page = CpuPageSize();
  std::vector<IoPagetable::Slice> slices;
  if (iopt.GetSlices(iova, last, &slices)) return true;
  const PhysicalFrames frames;
  std::optional<uint64_t> previous;
  for (const IoPagetable::Slice& slice : slices) {
    const Pages& pages = *slice.pages;
    if (pages.dmabuf) return true;
    // Each page of the slice, from the one holding its first byte.
    uint64_t first = (pages.user_va + slice.pages_offset) / page * page;
    uint64_t end = pages.user_va + slice.pages_offset + slice.length;
    for (uint64_t address = first; address < end; address += page) {
      std::optional<uint64_t> frame = pages.file ? frames.OfFilePage(pages.file->fd(), address)
                                                 : frames.OfUserPage(*pages.owner, address);
      if (!frame) return true;
      if (previous && *frame != *previous + 1) return false;
      previous = frame;
    }
  }
  return true;
}

}  // namespace

uint64_t Context::AllocMmap(uint64_t length) {
  // Offsets start one page in (observed on 7.2).
  uint64_t offset = config_.page_size;
  for (const auto& [start, taken] : mmap_regions_) {
    if (start >= offset + length) break;
    offset = std::max(offset, start + taken);
  }
  mmap_regions_[offset] = length;
  return offset;
}

int Context::Mmap(size_t length, int prot, int flags, uint64_t offset,
                  std::shared_ptr<void>* hold) {
  if (!(flags & MAP_SHARED)) return EINVAL;
  if (prot & PROT_EXEC) return EPERM;
  // Only a whole exported region, from its first byte, maps.
  for (const auto& [id, object] : objects_.objects()) {
    if (object->type != ObjectType::kViommu) continue;
    auto* viommu = static_cast<Viommu*>(object.get());
    if (!viommu->mmap || viommu->mmap->offset > offset ||
        offset >= viommu->mmap->offset + viommu->mmap->length) {
      continue;
    }
    if (offset != viommu->mmap->offset || length != viommu->mmap->length) return ENXIO;
    ++viommu->users;
    ++viommu->file_users;  // a live mapping holds it like a descriptor
    auto context = shared_from_this();
    *hold = std::shared_ptr<void>(nullptr, [context, viommu](void*) {
      --viommu->users;
      --viommu->file_users;
    });
    return 0;
  }
  return ENXIO;
}

int Context::ViommuAlloc(Command& cmd) {
  auto& arg = cmd.As<IommuViommuAlloc>();
  if (arg.flags || arg.type == kIommuViommuTypeDefault) return EOPNOTSUPP;
  auto* device = objects_.Find<Device>(arg.dev_id, ObjectType::kDevice);
  if (!device) return ENOENT;
  if (arg.type != kIommuViommuTypeSelftest) return EOPNOTSUPP;
  auto* parent = objects_.Find<HwptPaging>(arg.hwpt_id, ObjectType::kHwptPaging);
  if (!parent) return ENOENT;
  if (!parent->nest_parent) return EINVAL;
  auto viommu = std::make_unique<Viommu>(*parent);
  if (arg.data_len) {
    IommuViommuSelftest data;
    if (int error = CopyViommuData(arg.data_uptr, arg.data_len, &data)) return error;
    // The mock exports two pages of its own and echoes in_data.
    uint64_t length = 2 * config_.page_size;
    data.out_data = data.in_data;
    data.out_mmap_offset = AllocMmap(length);
    data.out_mmap_length = length;
    viommu->mmap = MmapRegion{data.out_mmap_offset, length};
    size_t copy = std::min<size_t>(arg.data_len, sizeof(data));
    if (UserMemory::CopyTo(arg.data_uptr, &data, copy)) {
      mmap_regions_.erase(data.out_mmap_offset);
      return EFAULT;
    }
  }
  ++parent->users;
  arg.out_viommu_id = objects_.Add(std::move(viommu));
  cmd.respond = true;
  return 0;
}

int Context::VdeviceAlloc(Command& cmd) {
  auto& arg = cmd.As<IommuVdeviceAlloc>();
  auto* viommu = objects_.Find<Viommu>(arg.viommu_id, ObjectType::kViommu);
  if (!viommu) return ENOENT;
  auto* device = objects_.Find<Device>(arg.dev_id, ObjectType::kDevice);
  if (!device) return ENOENT;
  if (device->vdevice || viommu->vdevices.count(arg.virt_id)) return EEXIST;
  auto owned = std::make_unique<Vdevice>(*viommu, *device, arg.virt_id);
  Vdevice* vdevice = owned.get();
  arg.out_vdevice_id = objects_.Add(std::move(owned));
  ++viommu->users;
  viommu->vdevices[arg.virt_id] = vdevice;
  device->vdevice = vdevice;
  cmd.respond = true;
  return 0;
}

int Context::VeventqAlloc(Command& cmd) {
  auto& arg = cmd.As<IommuVeventqAlloc>();
  if (arg.flags || arg.reserved || arg.type == kIommuVeventqTypeDefault) return EOPNOTSUPP;
  if (arg.veventq_depth == 0 || arg.veventq_depth > config_.kernel.veventq_max_depth) {
    return EINVAL;
  }
  auto* viommu = objects_.Find<Viommu>(arg.viommu_id, ObjectType::kViommu);
  if (!viommu) return ENOENT;
  if (viommu->veventqs.count(arg.type)) return EEXIST;
  auto queue = std::make_shared<VeventQueue>(arg.veventq_depth);
  auto owned = std::make_unique<VeventqObject>(*viommu, arg.type, queue);
  VeventqObject* object = owned.get();
  arg.out_veventq_id = objects_.Add(std::move(owned));
  ++viommu->users;
  viommu->veventqs[arg.type] = object;
  // The descriptor holds the object until it is closed.
  ++object->users;
  ++object->file_users;
  auto on_close = [object] {
    --object->users;
    --object->file_users;
  };
  arg.out_veventq_fd = static_cast<uint32_t>(
      files_.Install(std::make_shared<VeventqFile>(shared_from_this(), queue, on_close)));
  cmd.respond = true;
  return 0;
}

int Context::HwQueueAlloc(Command& cmd) {
  auto& arg = cmd.As<IommuHwQueueAlloc>();
  if (arg.flags || arg.type == kIommuHwQueueTypeDefault) return EOPNOTSUPP;
  if (arg.length == 0) return EINVAL;
  uint64_t last;
  if (__builtin_add_overflow(arg.nesting_parent_iova, arg.length - 1, &last)) return EOVERFLOW;
  auto* viommu = objects_.Find<Viommu>(arg.viommu_id, ObjectType::kViommu);
  if (!viommu) return ENOENT;
  if (arg.type != kIommuHwQueueTypeSelftest) return EOPNOTSUPP;
  IoPagetable& iopt = viommu->parent->ioas->iopt;
  // The queue's memory is pinned and locked, and must be physically contiguous, before the
  // driver sees the index.
  if (int error = iopt.LockRange(arg.nesting_parent_iova, last)) return error;
  int error = 0;
  HwQueue* predecessor = nullptr;
  if (!PhysicallyContiguous(iopt, arg.nesting_parent_iova, last)) {
    error = EFAULT;
  } else if (arg.index >= kIommuTestHwQueueMax) {
    error = EINVAL;
  } else if (viommu->hw_queues[arg.index]) {
    error = EEXIST;
  } else if (arg.index && !(predecessor = viommu->hw_queues[arg.index - 1])) {
    error = EIO;
  }
  if (error) {
    iopt.UnlockRange(arg.nesting_parent_iova, last);
    return error;
  }
  auto owned = std::make_unique<HwQueue>(*viommu, arg.index, arg.nesting_parent_iova, last);
  HwQueue* queue = owned.get();
  arg.out_hw_queue_id = objects_.Add(std::move(owned));
  auto access = std::make_unique<Object>(ObjectType::kAccess);
  access->internal = true;
  access->users = 1;  // held by the queue
  queue->access = access.get();
  queue->access_id = objects_.Add(std::move(access));
  ++viommu->users;
  viommu->hw_queues[arg.index] = queue;
  if (predecessor) {
    queue->predecessor = predecessor;
    ++predecessor->users;
  }
  cmd.respond = true;
  return 0;
}

int Context::AllocNestedOnViommu(Command& cmd, Viommu& viommu) {
  auto& arg = cmd.As<IommuHwptAlloc>();
  if (arg.flags & ~config_.kernel.nested_hwpt_flags) return EOPNOTSUPP;
  if (arg.data_type != kIommuHwptDataSelftest) return EOPNOTSUPP;
  IommuHwptSelftest data;
  if (int error = CopySelftestData(arg.data_uptr, arg.data_len, config_.kernel.mock.hwpt_data_size,
                                   &data)) {
    return error;
  }
  auto nested = std::make_unique<HwptNested>(*viommu.parent);
  // As on a paging parent: a fault queue by id, and PASID use by flag.
  if (int error = UseFaultQueue(arg, *nested)) return error;
  nested->pasid_compat = arg.flags & kIommuHwptAllocPasid;
  nested->viommu = &viommu;
  nested->iotlb.fill(data.iotlb);
  ++viommu.users;
  arg.out_hwpt_id = objects_.Add(std::move(nested));
  cmd.respond = true;
  return 0;
}

int Context::TestTriggerVevent(IommuTestCmd& cmd) {
  auto* device = objects_.Find<Device>(cmd.trigger_vevent.dev_id, ObjectType::kDevice);
  if (!device || !device->event_viommu) return ENOENT;
  Viommu& viommu = *device->event_viommu;
  auto queue = viommu.veventqs.find(kIommuVeventqTypeSelftest);
  if (queue == viommu.veventqs.end()) return EOPNOTSUPP;
  IommuViommuEventSelftest event{static_cast<uint32_t>(device->event_virt_id)};
  std::vector<std::byte> data(sizeof(event));
  std::memcpy(data.data(), &event, sizeof(event));
  queue->second->queue->Raise(std::move(data));
  return 0;
}

void Context::ReleaseViommuObject(Object& object) {
  switch (object.type) {
    case ObjectType::kViommu: {
      auto& viommu = static_cast<Viommu&>(object);
      --viommu.parent->users;
      if (viommu.mmap) mmap_regions_.erase(viommu.mmap->offset);
      break;
    }
    case ObjectType::kVdevice: {
      auto& vdevice = static_cast<Vdevice&>(object);
      --vdevice.viommu->users;
      vdevice.viommu->vdevices.erase(vdevice.virt_id);
      vdevice.device->vdevice = nullptr;
      break;
    }
    case ObjectType::kHwQueue: {
      auto& queue = static_cast<HwQueue&>(object);
      queue.viommu->parent->ioas->iopt.UnlockRange(queue.iova, queue.last);
      --queue.viommu->users;
      queue.viommu->hw_queues[queue.index] = nullptr;
      if (queue.predecessor) --queue.predecessor->users;
      (void)objects_.Remove(queue.access_id);
      break;
    }
    case ObjectType::kVeventq: {
      auto& veventq = static_cast<VeventqObject&>(object);
      --veventq.viommu->users;
      veventq.viommu->veventqs.erase(veventq.type);
      break;
    }
    default:
      break;
  }
}

void Context::RemoveVdeviceOf(Device& device) {
  Vdevice* vdevice = device.vdevice;
  if (!vdevice) return;
  ReleaseViommuObject(*vdevice);
  (void)objects_.RemoveLeavingTombstone(vdevice->id);
}

}  // namespace iommufd_conform::model
