#ifndef IOMMUFD_CONFORM_FUZZ_FAILNTH_FAULT_INJECTOR_H_
#define IOMMUFD_CONFORM_FUZZ_FAILNTH_FAULT_INJECTOR_H_

// The kernel's per-task fault injection (Documentation/fault-injection): writing N to
// /proc/thread-self/fail-nth makes the N-th fault site this thread reaches afterwards fail
// (a slab or page allocation, or a user copy when the kernel has FAULT_INJECTION_USERCOPY).
// Reading it back gives the sites still to go: 0 once the fault was injected.

#include <string>

namespace iommufd_conform::fuzz {

class FaultInjector {
 public:
  // Opens fail-nth and makes every allocation eligible (by default the failslab and
  // fail_page_alloc attributes skip sleeping allocations), with their log messages off:
  // splats are what the run looks for. `verbose` keeps them on: each injected fault then logs
  // its stack, which says where a single replayed run failed.
  explicit FaultInjector(bool verbose = false);
  ~FaultInjector();
  FaultInjector(const FaultInjector&) = delete;
  FaultInjector& operator=(const FaultInjector&) = delete;

  bool ok() const { return fd_ >= 0; }
  const std::string& error() const { return error_; }

  // Right before the syscall under test: fail its n-th fault site (n >= 1).
  void Arm(unsigned n);
  // Right after it: whether the fault was injected (during the syscall, or in this read,
  // which the caller cannot tell apart from "not reached" and counts as not injected).
  // Leaves injection off.
  [[nodiscard]] bool Disarm();

 private:
  int fd_ = -1;
  std::string error_;
};

}  // namespace iommufd_conform::fuzz

#endif  // IOMMUFD_CONFORM_FUZZ_FAILNTH_FAULT_INJECTOR_H_
