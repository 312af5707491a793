#ifndef IOMMUFD_CONFORM_FUZZ_TARGETS_KMSG_WATCH_H_
#define IOMMUFD_CONFORM_FUZZ_TARGETS_KMSG_WATCH_H_

#include <optional>
#include <string>

namespace iommufd_conform::fuzz {

// Reads the kernel log records written since the last look, for a splat an input caused.
// The host sees every splat on the console, but not which input caused it, and a WARN
// leaves libFuzzer running, so without this nothing would keep the input. Each look is
// one non-blocking read when nothing was logged.
class KmsgWatch {
 public:
  // Starts at the log's end; without a readable /dev/kmsg it never reports.
  KmsgWatch();
  ~KmsgWatch();
  KmsgWatch(const KmsgWatch&) = delete;
  KmsgWatch& operator=(const KmsgWatch&) = delete;

  // The text of the first splat logged since the last call (as SplatDetector collects it,
  // each line "[seconds] message"), if one was.
  std::optional<std::string> NewSplat();

 private:
  int fd_ = -1;
};

}  // namespace iommufd_conform::fuzz

#endif  // IOMMUFD_CONFORM_FUZZ_TARGETS_KMSG_WATCH_H_
