#include "fuzz/targets/kmsg_watch.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <cinttypes>
#include <cstdio>
#include <string_view>

#include "harness/vm/splat_detector.h"

namespace iommufd_conform::fuzz {
namespace {

// A /dev/kmsg record is "priority,sequence,microseconds,flags;message\n" and then optional
// " KEY=value" lines. The console's form of it is "[seconds.micros] message".
std::optional<std::string> ConsoleLine(std::string_view record) {
  size_t semicolon = record.find(';');
  if (semicolon == std::string_view::npos) return std::nullopt;
  std::string_view fields = record.substr(0, semicolon);
  std::string_view message = record.substr(semicolon + 1);
  message = message.substr(0, message.find('\n'));
  unsigned priority = 0;
  uint64_t sequence = 0, micros = 0;
  std::string header(fields);
  if (std::sscanf(header.c_str(), "%u,%" SCNu64 ",%" SCNu64, &priority, &sequence, &micros) !=
      3) {
    return std::nullopt;
  }
  char stamp[48];
  std::snprintf(stamp, sizeof(stamp), "[%5" PRIu64 ".%06" PRIu64 "] ", micros / 1000000,
                micros % 1000000);
  return stamp + std::string(message);
}

}  // namespace

KmsgWatch::KmsgWatch() {
  fd_ = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd_ >= 0 && lseek(fd_, 0, SEEK_END) < 0) {
    close(fd_);
    fd_ = -1;
  }
}

KmsgWatch::~KmsgWatch() {
  if (fd_ >= 0) close(fd_);
}

std::optional<std::string> KmsgWatch::NewSplat() {
  if (fd_ < 0) return std::nullopt;
  SplatDetector detector;
  char record[8192];
  for (;;) {
    ssize_t n = read(fd_, record, sizeof(record));
    if (n < 0 && errno == EPIPE) continue;  // records overwritten meanwhile: read on
    if (n <= 0) break;
    if (auto line = ConsoleLine({record, static_cast<size_t>(n)})) detector.Feed(*line);
  }
  if (!detector.detected()) return std::nullopt;
  return detector.text();
}

}  // namespace iommufd_conform::fuzz
