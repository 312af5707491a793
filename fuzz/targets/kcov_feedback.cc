#include "fuzz/targets/kcov_feedback.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>

namespace iommufd_conform::fuzz {
namespace {

// <linux/kcov.h>
constexpr unsigned long kKcovInitTrace = 0x80086301;  // _IOR('c', 1, unsigned long)
constexpr unsigned long kKcovEnable = 0x6364;         // _IO('c', 100)
constexpr unsigned long kKcovDisable = 0x6365;        // _IO('c', 101)
constexpr unsigned long kKcovTracePc = 0;
constexpr size_t kCoverWords = 1 << 16;

// libFuzzer treats every byte of this section as a feature counter.
__attribute__((used, section("__libfuzzer_extra_counters"))) uint8_t kernel_counters[1 << 16];

}  // namespace

KcovFeedback::KcovFeedback() {
  fd_ = open("/sys/kernel/debug/kcov", O_RDWR | O_CLOEXEC);
  if (fd_ < 0) return;
  if (ioctl(fd_, kKcovInitTrace, kCoverWords) != 0) return;
  void* area = mmap(nullptr, kCoverWords * sizeof(uint64_t), PROT_READ | PROT_WRITE, MAP_SHARED,
                    fd_, 0);
  if (area != MAP_FAILED) area_ = static_cast<uint64_t*>(area);
}

KcovFeedback::~KcovFeedback() {
  if (area_) munmap(area_, kCoverWords * sizeof(uint64_t));
  if (fd_ >= 0) close(fd_);
}

void KcovFeedback::Start() {
  if (!area_) return;
  if (ioctl(fd_, kKcovEnable, kKcovTracePc) != 0) return;
  std::atomic_ref<uint64_t>(area_[0]).store(0, std::memory_order_relaxed);
}

void KcovFeedback::Stop() {
  if (!area_) return;
  uint64_t count = std::atomic_ref<uint64_t>(area_[0]).load(std::memory_order_relaxed);
  (void)ioctl(fd_, kKcovDisable, 0);
  if (count > kCoverWords - 1) count = kCoverWords - 1;
  for (uint64_t i = 1; i <= count; ++i) {
    uint64_t pc = area_[i];
    seen_.insert(pc);
    uint64_t hash = (pc ^ (pc >> 17)) * 0x9e3779b97f4a7c15ull;
    uint8_t& counter = kernel_counters[hash >> 48];
    if (counter < 255) ++counter;
  }
}

}  // namespace iommufd_conform::fuzz
