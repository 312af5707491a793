#ifndef IOMMUFD_CONFORM_REFERENCE_MODEL_VIOMMU_H_
#define IOMMUFD_CONFORM_REFERENCE_MODEL_VIOMMU_H_

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>

#include "reference/model/hw_pagetable.h"
#include "reference/model/mock_device.h"
#include "reference/model/object_table.h"
#include "reference/model/veventq.h"

namespace iommufd_conform::model {

struct Vdevice;
struct HwQueue;
struct VeventqObject;

// A region of the iommufd's mmap space a vIOMMU exported (IOMMU_VIOMMU_ALLOC driver data).
struct MmapRegion {
  uint64_t offset;
  uint64_t length;
};

// IOMMU_VIOMMU_ALLOC: a virtual IOMMU on a NEST_PARENT paging HWPT, which it holds. Its
// vDEVICEs, vEVENTQs, HW queues and nested HWPTs each hold it.
struct Viommu : Object {
  explicit Viommu(HwptPaging& of) : Object(ObjectType::kViommu), parent(&of) {}
  void ForEachHeld(const std::function<void(const Object&)>& visit) const override;
  HwptPaging* parent;
  std::optional<MmapRegion> mmap;          // with selftest data only
  std::map<uint64_t, Vdevice*> vdevices;   // by virtual id
  std::map<uint32_t, VeventqObject*> veventqs;  // by type, one each
  std::array<HwQueue*, 2> hw_queues{};     // by index (IOMMU_TEST_HW_QUEUE_MAX)
};

// IOMMU_VDEVICE_ALLOC: a device's identity (virt_id) in a vIOMMU.
struct Vdevice : Object {
  Vdevice(Viommu& in, Device& of, uint64_t id)
      : Object(ObjectType::kVdevice), viommu(&in), device(&of), virt_id(id) {}
  void ForEachHeld(const std::function<void(const Object&)>& visit) const override;
  Viommu* viommu;
  Device* device;
  uint64_t virt_id;
};

// IOMMU_HW_QUEUE_ALLOC: a queue whose memory ([iova, last] of the parent's IOAS) stays
// locked while it lives. A queue past index 0 holds its predecessor.
struct HwQueue : Object {
  HwQueue(Viommu& in, uint32_t at, uint64_t first, uint64_t end)
      : Object(ObjectType::kHwQueue), viommu(&in), index(at), iova(first), last(end) {}
  void ForEachHeld(const std::function<void(const Object&)>& visit) const override;
  Viommu* viommu;
  uint32_t index;
  uint64_t iova;
  uint64_t last;
  HwQueue* predecessor = nullptr;
  uint32_t access_id = 0;  // its internal access, which takes the next free id
  Object* access = nullptr;
};

// IOMMU_VEVENTQ_ALLOC's object; its events live in `queue`, shared with the descriptor.
// While the descriptor is open it holds a `users` reference.
struct VeventqObject : Object {
  VeventqObject(Viommu& in, uint32_t of_type, std::shared_ptr<VeventQueue> events)
      : Object(ObjectType::kVeventq), viommu(&in), type(of_type), queue(std::move(events)) {}
  void ForEachHeld(const std::function<void(const Object&)>& visit) const override;
  Viommu* viommu;
  uint32_t type;
  std::shared_ptr<VeventQueue> queue;
};

}  // namespace iommufd_conform::model

#endif  // IOMMUFD_CONFORM_REFERENCE_MODEL_VIOMMU_H_
