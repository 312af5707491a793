#include "reference/model/fault_queue.h"

#include <poll.h>

#include <atomic>
#include <cerrno>

#include "reference/model/user_memory.h"

namespace iommufd_conform::model {
namespace {

using uapi::IommuHwptPageResponse;
using uapi::IommuHwptPgfault;

uint32_t LowestFreeCookie(const std::map<uint32_t, FaultQueue::Fault>& awaiting) {
  uint32_t cookie = 1;
  for (const auto& [used, fault] : awaiting) {
    if (used != cookie) break;
    ++cookie;
  }
  return cookie;
}

// The answer of a read or write that stops early: the bytes done, or the error when none.
Outcome Progress(size_t done, int error) {
  return done || !error ? Outcome::Success(static_cast<long>(done)) : Outcome::Failure(error);
}

}  // namespace

AttachHandle NewAttachHandle() {
  static std::atomic<AttachHandle> next{1};
  return next++;
}

void FaultQueue::Deliver(const IommuHwptPgfault& record, AttachHandle handle) {
  deliver.push_back({record, handle});
}

void FaultQueue::DropAttachment(AttachHandle handle) {
  std::erase_if(deliver, [&](const Fault& fault) { return fault.handle == handle; });
  std::erase_if(awaiting, [&](const auto& entry) { return entry.second.handle == handle; });
}

Outcome FaultQueue::Read(uint64_t buf, size_t count) {
  // Only whole records move, from offset 0 of a stream that cannot seek.
  if (count % sizeof(IommuHwptPgfault)) return Outcome::Failure(ESPIPE);
  size_t done = 0;
  while (!deliver.empty()) {
    // A buffer with no room for the first waiting fault is EINVAL, not an empty read.
    if (count - done < sizeof(IommuHwptPgfault)) return Progress(done, EINVAL);
    Fault fault = deliver.front();
    fault.record.cookie = LowestFreeCookie(awaiting);
    if (UserMemory::CopyTo(buf + done, &fault.record, sizeof(fault.record))) {
      return Progress(done, EFAULT);  // the fault stays first in line
    }
    deliver.pop_front();
    awaiting.emplace(fault.record.cookie, fault);
    done += sizeof(IommuHwptPgfault);
  }
  return Outcome::Success(static_cast<long>(done));
}

Outcome FaultQueue::Write(uint64_t buf, size_t count) {
  if (count % sizeof(IommuHwptPageResponse)) return Outcome::Failure(ESPIPE);
  size_t done = 0;
  while (done < count) {
    IommuHwptPageResponse response;
    if (UserMemory::CopyFrom(&response, buf + done, sizeof(response))) {
      return Progress(done, EFAULT);
    }
    if (response.code != uapi::kIommufdPageRespSuccess &&
        response.code != uapi::kIommufdPageRespInvalid) {
      return Progress(done, EINVAL);
    }
    if (!awaiting.erase(response.cookie)) return Progress(done, EINVAL);
    done += sizeof(response);
  }
  return Outcome::Success(static_cast<long>(done));
}

FaultQueueFile::FaultQueueFile(std::shared_ptr<ModelFile> context, FaultQueue& queue)
    : context_(std::move(context)), queue_(queue) {
  ++queue_.users;
  ++queue_.file_users;
}

FaultQueueFile::~FaultQueueFile() {
  --queue_.users;
  --queue_.file_users;
}

Outcome FaultQueueFile::Poll(short events) {
  // Always writable; readable while faults wait to be read. POLLWRNORM is never reported.
  short revents = POLLOUT;
  if (queue_.readable()) revents |= POLLIN | POLLRDNORM;
  return Outcome::Success(revents & (events | POLLERR | POLLHUP));
}

}  // namespace iommufd_conform::model
