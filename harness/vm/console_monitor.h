#ifndef IOMMUFD_CONFORM_HARNESS_VM_CONSOLE_MONITOR_H_
#define IOMMUFD_CONFORM_HARNESS_VM_CONSOLE_MONITOR_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "harness/vm/splat_detector.h"

namespace iommufd_conform {

// Follows one guest's serial console line by line: our init's markers
// (harness/guest/guest_protocol.h), kernel splats, and the whole text for the report.
class ConsoleMonitor {
 public:
  void Feed(std::string_view line);

  bool init_started() const { return init_started_; }
  bool ready() const { return ready_; }
  // The payload's status from the init's exit marker.
  std::optional<int> exit_status() const { return exit_status_; }
  // The init's own failure, if it reported one.
  const std::optional<std::string>& init_error() const { return init_error_; }
  const SplatDetector& splat() const { return splat_; }
  // Every line so far, each ending in '\n'.
  const std::string& console() const { return console_; }
  // The last `count` lines, for errors that must show where the guest got stuck.
  std::string LastLines(size_t count) const;

 private:
  bool init_started_ = false;
  bool ready_ = false;
  std::optional<int> exit_status_;
  std::optional<std::string> init_error_;
  SplatDetector splat_;
  std::string console_;
};

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_VM_CONSOLE_MONITOR_H_
