#include "reference/model/veventq.h"

#include <poll.h>

#include <cerrno>
#include <climits>

#include "reference/model/user_memory.h"
#include "reference/uapi/iommufd.h"

namespace iommufd_conform::model {

uint32_t VeventQueue::NextSequence() {
  uint32_t sequence = sequence_;
  sequence_ = (sequence_ + 1) & INT_MAX;
  return sequence;
}

void VeventQueue::Raise(std::vector<std::byte> data) {
  if (events_.size() >= depth_) {
    lost_sequence_ = NextSequence();
    return;
  }
  lost_sequence_.reset();
  events_.push_back({NextSequence(), std::move(data)});
}

Outcome VeventQueue::Read(uint64_t buf, size_t count) {
  using uapi::IommufdVeventHeader;
  // Not even room for a header is EINVAL, whether anything waits or not.
  if (count < sizeof(IommufdVeventHeader)) return Outcome::Failure(EINVAL);
  size_t done = 0;
  int error = 0;
  while (!events_.empty() || lost_sequence_) {
    bool lost = events_.empty();
    IommufdVeventHeader header{};
    size_t data_size = 0;
    if (lost) {
      header = {uapi::kIommuVeventqFlagLostEvents, *lost_sequence_};
    } else {
      header = {0, events_.front().sequence};
      data_size = events_.front().data.size();
    }
    if (count - done < sizeof(header) + data_size) {
      // A buffer too small for even the first record is EINVAL.
      if (done == 0) error = EINVAL;
      break;
    }
    if (UserMemory::CopyTo(buf + done, &header, sizeof(header)) ||
        (data_size && UserMemory::CopyTo(buf + done + sizeof(header),
                                         events_.front().data.data(), data_size))) {
      error = EFAULT;
      break;
    }
    done += sizeof(header) + data_size;
    if (lost) {
      lost_sequence_.reset();
    } else {
      events_.pop_front();
    }
  }
  if (done == 0 && error) return Outcome::Failure(error);
  return Outcome::Success(static_cast<long>(done));
}

Outcome VeventqFile::Poll(short events) {
  short ready = queue_->empty() ? 0 : POLLIN | POLLRDNORM;
  return Outcome::Success(ready & (events | POLLERR | POLLHUP));
}

}  // namespace iommufd_conform::model
