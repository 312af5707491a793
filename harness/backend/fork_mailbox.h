#ifndef IOMMUFD_CONFORM_HARNESS_BACKEND_FORK_MAILBOX_H_
#define IOMMUFD_CONFORM_HARNESS_BACKEND_FORK_MAILBOX_H_

// Suites run some calls in a forked child (WithoutCapability drops a capability there). The
// child's divergences would die with it, and its successful calls change the kernel's state
// but only the child's copy of the model. The mailbox is shared memory the child posts both
// facts to and the parent collects on its next call. Parent and child never run calls at the
// same time (the parent waits for the child), so no locking is needed.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "harness/backend/divergence_event.h"

namespace iommufd_conform {

class ForkMailbox {
 public:
  ForkMailbox();
  ~ForkMailbox();
  ForkMailbox(const ForkMailbox&) = delete;
  ForkMailbox& operator=(const ForkMailbox&) = delete;

  // Whether the calling process is a child of the one that created the mailbox.
  bool InChild() const;

  // In a child: leaves an event for the parent (dropped, and counted, when full).
  void Post(const DivergenceEvent& event);
  // In a child: the kernel's state changed in a way the parent's model did not see.
  void PostStateChange();

  struct Mail {
    std::vector<DivergenceEvent> events;
    size_t dropped = 0;
    bool state_changed = false;
  };
  // In the parent: everything posted since the last Take, which empties the mailbox.
  Mail Take();

  struct Shared;

 private:
  uint64_t generation_;  // ForkGeneration() of the creating process
  Shared* shared_;
};

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_BACKEND_FORK_MAILBOX_H_
