#ifndef IOMMUFD_CONFORM_REFERENCE_MODEL_VEVENTQ_H_
#define IOMMUFD_CONFORM_REFERENCE_MODEL_VEVENTQ_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "reference/model/model_file.h"

namespace iommufd_conform::model {

// The events of one vEVENTQ. At most `depth` events wait; one raised while it is full is
// dropped, and a single lost-events record at the tail stands for all drops since. Every
// raised event, dropped or not, takes the next sequence number (0..INT_MAX, then 0 again);
// the lost-events record carries the latest one. An event queued behind the record replaces
// it: the gap in the sequence numbers then tells of the loss.
class VeventQueue {
 public:
  explicit VeventQueue(uint32_t depth) : depth_(depth) {}

  void Raise(std::vector<std::byte> data);
  bool empty() const { return events_.empty() && !lost_sequence_; }
  // read(): whole records, header first, as many as fit in `count` bytes at `buf`; EINVAL
  // when the first does not fit or `count` is below a header, else 0 when nothing waits.
  Outcome Read(uint64_t buf, size_t count);

 private:
  struct Event {
    uint32_t sequence;
    std::vector<std::byte> data;
  };
  uint32_t NextSequence();

  uint32_t depth_;
  uint32_t sequence_ = 0;
  std::deque<Event> events_;
  std::optional<uint32_t> lost_sequence_;  // the lost-events record, behind every event
};

// The descriptor IOMMU_VEVENTQ_ALLOC returns. It keeps its iommufd context alive, and calls
// `on_close` (dropping its hold on the queue object) when closed.
class VeventqFile final : public ModelFile {
 public:
  VeventqFile(std::shared_ptr<void> context, std::shared_ptr<VeventQueue> queue,
              std::function<void()> on_close)
      : context_(std::move(context)), queue_(std::move(queue)), on_close_(std::move(on_close)) {}
  ~VeventqFile() override { on_close_(); }

  Outcome Read(uint64_t buf, size_t count) override { return queue_->Read(buf, count); }
  // No write(): the default EINVAL. POLLIN only while something waits, never POLLOUT.
  Outcome Poll(short events) override;

 private:
  std::shared_ptr<void> context_;  // released last
  std::shared_ptr<VeventQueue> queue_;
  std::function<void()> on_close_;
};

}  // namespace iommufd_conform::model

#endif  // IOMMUFD_CONFORM_REFERENCE_MODEL_VEVENTQ_H_
