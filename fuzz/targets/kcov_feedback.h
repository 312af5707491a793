#ifndef IOMMUFD_CONFORM_FUZZ_TARGETS_KCOV_FEEDBACK_H_
#define IOMMUFD_CONFORM_FUZZ_TARGETS_KCOV_FEEDBACK_H_

#include <cstddef>
#include <cstdint>
#include <unordered_set>

namespace iommufd_conform::fuzz {

// Kernel coverage for libFuzzer: the PCs KCOV records while an input runs (only code built
// with KCOV_INSTRUMENT, drivers/iommu/iommufd in our kernels) are hashed into libFuzzer's
// extra counters, so inputs that reach new kernel code are kept like ones that reach new
// model code.
class KcovFeedback {
 public:
  // Opens /sys/kernel/debug/kcov; without it (a kernel built without the kcov extra)
  // available() is false and the other calls do nothing.
  KcovFeedback();
  ~KcovFeedback();
  bool available() const { return area_ != nullptr; }
  void Start();
  // Stops tracing and feeds what was traced to the counters.
  void Stop();
  // Distinct kernel PCs seen so far.
  size_t distinct_pcs() const { return seen_.size(); }

 private:
  int fd_ = -1;
  uint64_t* area_ = nullptr;
  std::unordered_set<uint64_t> seen_;
};

}  // namespace iommufd_conform::fuzz

#endif  // IOMMUFD_CONFORM_FUZZ_TARGETS_KCOV_FEEDBACK_H_
