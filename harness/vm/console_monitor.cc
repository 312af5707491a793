#include "harness/vm/console_monitor.h"

#include <charconv>

#include "harness/guest/guest_protocol.h"

namespace iommufd_conform {
namespace {

namespace gp = guest_protocol;

bool Contains(std::string_view line, std::string_view marker) {
  return line.find(marker) != std::string_view::npos;
}

}  // namespace

void ConsoleMonitor::Feed(std::string_view line) {
  console_.append(line).push_back('\n');
  splat_.Feed(line);
  if (Contains(line, gp::kInitStartedMarker)) init_started_ = true;
  if (!ready_ && Contains(line, gp::kReadyMarker)) ready_ = true;
  if (!init_error_) {
    if (size_t at = line.find(gp::kInitErrorMarker); at != std::string_view::npos) {
      init_error_ = std::string(line.substr(at + gp::kInitErrorMarker.size()));
    }
  }
  // Only the first exit marker counts: the init prints exactly one.
  if (!exit_status_) {
    if (size_t at = line.find(gp::kExitMarker); at != std::string_view::npos) {
      std::string_view digits = line.substr(at + gp::kExitMarker.size());
      int status = 0;
      auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), status);
      if (ec == std::errc()) exit_status_ = status;
    }
  }
}

std::string ConsoleMonitor::LastLines(size_t count) const {
  if (count == 0) return {};
  size_t start = console_.size();
  // console_ ends in '\n'; walk back over `count` line breaks before that one.
  for (size_t seen = 0; start > 0; --start) {
    if (console_[start - 1] == '\n' && start != console_.size() && ++seen == count) break;
  }
  return console_.substr(start);
}

}  // namespace iommufd_conform
