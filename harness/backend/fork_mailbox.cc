#include "harness/backend/fork_mailbox.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

namespace iommufd_conform {

// Events are stored back to back as: kind byte, then three (u32 length, bytes) strings.
struct ForkMailbox::Shared {
  uint32_t used;
  uint32_t dropped;
  uint32_t state_changed;
  char data[60 * 1024];
};

ForkMailbox::ForkMailbox() : owner_(getpid()) {
  void* memory = mmap(nullptr, sizeof(Shared), PROT_READ | PROT_WRITE,
                      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (memory == MAP_FAILED) std::abort();  // without it, child divergences would be lost
  shared_ = new (memory) Shared{};
}

ForkMailbox::~ForkMailbox() { munmap(shared_, sizeof(Shared)); }

bool ForkMailbox::InChild() const { return getpid() != owner_; }

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
