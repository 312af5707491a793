#ifndef IOMMUFD_CONFORM_REFERENCE_MODEL_FAULT_QUEUE_H_
#define IOMMUFD_CONFORM_REFERENCE_MODEL_FAULT_QUEUE_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>

#include "reference/model/model_file.h"
#include "reference/model/object_table.h"
#include "reference/uapi/iommufd.h"

namespace iommufd_conform::model {

// Names one attachment of a device (its RID or one PASID) to a HWPT. A fault belongs to
// the attachment it arrived through: ending that attachment answers the fault.
using AttachHandle = uint64_t;
AttachHandle NewAttachHandle();

// IOMMU_FAULT_QUEUE_ALLOC's object. Faults wait in `deliver` until read; a read fault gets
// a cookie (the lowest free from 1, per queue) and waits in `awaiting` for its response.
// Every fault is a group of one page request: the mock driver marks each one the last.
struct FaultQueue : Object {
  struct Fault {
    uapi::IommuHwptPgfault record;  // cookie filled in when read
    AttachHandle handle;
  };

  FaultQueue() : Object(ObjectType::kFault) {}

  void Deliver(const uapi::IommuHwptPgfault& record, AttachHandle handle);
  // Answers (drops) every fault that came through `handle`, read or not.
  void DropAttachment(AttachHandle handle);

  // read() and write() of the queue's descriptor, with the caller's pointer.
  Outcome Read(uint64_t buf, size_t count);
  Outcome Write(uint64_t buf, size_t count);
  bool readable() const { return !deliver.empty(); }

  std::deque<Fault> deliver;
  std::map<uint32_t, Fault> awaiting;
};

// The descriptor IOMMU_FAULT_QUEUE_ALLOC hands out. It keeps its context alive and holds a
// `users` reference on its queue, so the queue cannot be destroyed while it is open.
class FaultQueueFile final : public ModelFile {
 public:
  FaultQueueFile(std::shared_ptr<ModelFile> context, FaultQueue& queue);
  ~FaultQueueFile() override;

  Outcome Read(uint64_t buf, size_t count) override { return queue_.Read(buf, count); }
  Outcome Write(uint64_t buf, size_t count) override { return queue_.Write(buf, count); }
  Outcome Poll(short events) override;

 private:
  std::shared_ptr<ModelFile> context_;
  FaultQueue& queue_;
};

}  // namespace iommufd_conform::model

#endif  // IOMMUFD_CONFORM_REFERENCE_MODEL_FAULT_QUEUE_H_
