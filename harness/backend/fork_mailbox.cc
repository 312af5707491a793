#include "harness/backend/fork_mailbox.h"

#include <pthread.h>
#include <sys/mman.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>

namespace iommufd_conform {

// Events are stored back to back as: kind byte, then three (u32 length, bytes) strings.
struct ForkMailbox::Shared {
  uint32_t used = 0;
  uint32_t dropped = 0;
  uint32_t state_changed = 0;
  char data[60 * 1024];
};

namespace {

// Shared memory of mailboxes gone, for the next ones: the differential fuzzer makes a backend
// per input, and mapping, zeroing and unmapping shared pages each time took most of its time.
class RegionPool {
 public:
  void* Take() {
    {
      std::lock_guard lock(mutex_);
      if (!free_.empty()) {
        void* region = free_.back();
        free_.pop_back();
        return region;
      }
    }
    void* region = mmap(nullptr, sizeof(ForkMailbox::Shared), PROT_READ | PROT_WRITE,
                        MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (region == MAP_FAILED) std::abort();  // without it, child divergences would be lost
    return region;
  }
  void Give(void* region) {
    std::lock_guard lock(mutex_);
    if (free_.size() < kKept) {
      free_.push_back(region);
    } else {
      munmap(region, sizeof(ForkMailbox::Shared));
    }
  }

 private:
  static constexpr size_t kKept = 4;
  std::mutex mutex_;
  std::vector<void*> free_;
};

// How many forks separate this process from the first: a child's copy of the count is one
// more than its parent's. Cheaper than a getpid() per call, which under TCG is not cheap;
// it counts forks made through fork(), which runs pthread_atfork's handlers.
std::atomic<uint64_t> forks_since_start{0};

uint64_t ForkGeneration() {
  static std::once_flag registered;
  std::call_once(registered, [] {
    pthread_atfork(nullptr, nullptr,
                   [] { forks_since_start.fetch_add(1, std::memory_order_relaxed); });
  });
  return forks_since_start.load(std::memory_order_relaxed);
}

RegionPool& Pool() {
  static auto* pool = new RegionPool;
  return *pool;
}

}  // namespace

// Not `Shared{}`: only the header needs clearing, the data is read only up to `used`.
ForkMailbox::ForkMailbox() : generation_(ForkGeneration()), shared_(new (Pool().Take()) Shared) {}

ForkMailbox::~ForkMailbox() { Pool().Give(shared_); }

bool ForkMailbox::InChild() const { return ForkGeneration() != generation_; }

void ForkMailbox::Post(const DivergenceEvent& event) {
  const std::string* parts[] = {&event.call, &event.reason, &event.report};
  size_t need = 1;
  for (const std::string* part : parts) need += sizeof(uint32_t) + part->size();
  if (shared_->used + need > sizeof(shared_->data)) {
    ++shared_->dropped;
    return;
  }
  char* at = shared_->data + shared_->used;
  *at++ = static_cast<char>(event.kind);
  for (const std::string* part : parts) {
    uint32_t length = static_cast<uint32_t>(part->size());
    std::memcpy(at, &length, sizeof(length));
    std::memcpy(at + sizeof(length), part->data(), length);
    at += sizeof(length) + length;
  }
  shared_->used += static_cast<uint32_t>(need);
}

void ForkMailbox::PostStateChange() { shared_->state_changed = 1; }

ForkMailbox::Mail ForkMailbox::Take() {
  Mail mail;
  const char* at = shared_->data;
  const char* end = shared_->data + shared_->used;
  while (at < end) {
    DivergenceEvent event{static_cast<DivergenceEvent::Kind>(*at++), {}, {}, {}};
    for (std::string* part : {&event.call, &event.reason, &event.report}) {
      uint32_t length;
      std::memcpy(&length, at, sizeof(length));
      part->assign(at + sizeof(length), length);
      at += sizeof(length) + length;
    }
    mail.events.push_back(std::move(event));
  }
  mail.dropped = shared_->dropped;
  mail.state_changed = shared_->state_changed != 0;
  shared_->used = shared_->dropped = shared_->state_changed = 0;
  return mail;
}

}  // namespace iommufd_conform
