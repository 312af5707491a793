#include "harness/vm/splat_detector.h"

namespace iommufd_conform {
namespace {

struct Pattern {
  std::string_view text;
  std::string_view kind;
};

// Distinctive enough to be searched anywhere in a line: a kernel message can land in the middle
// of a payload's unfinished output line on the shared console.
constexpr Pattern kAnywhere[] = {
    {"Kernel panic - not syncing", "panic"},
    {"BUG: unable to handle", "oops"},
    {"BUG: kernel NULL pointer dereference", "oops"},
    {"kernel BUG at ", "BUG"},
    {"WARNING: CPU: ", "WARNING"},  // WARN() in older kernels (6.12); newer ones below
    {"BUG: KASAN: ", "KASAN"},
    {"BUG: KFENCE: ", "KFENCE"},
    {"UBSAN: ", "UBSAN"},
    {"possible circular locking dependency", "lockdep"},
    {"possible recursive locking detected", "lockdep"},
    {"inconsistent lock state", "lockdep"},
    {"suspicious RCU usage", "lockdep"},
    {"bad unlock balance detected", "lockdep"},
    {"BUG: sleeping function called from invalid context", "might_sleep"},
    {"BUG: scheduling while atomic", "BUG"},
    {"BUG: soft lockup", "soft lockup"},
    {"detected stalls on CPUs", "RCU stall"},
    {"self-detected stall on CPU", "RCU stall"},
    {" blocked for more than ", "hung task"},
};

// The message text after printk's "[    1.234567]" timestamp and "[T123]" caller prefixes.
std::string_view MessageText(std::string_view line) {
  for (;;) {
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    if (line.empty() || line.front() != '[') return line;
    size_t close = line.find(']');
    if (close == std::string_view::npos) return line;
    line.remove_prefix(close + 1);
  }
}

bool IsEndMarker(std::string_view line) {
  return line.find("---[ end trace") != std::string_view::npos ||
         line.find("---[ end Kernel panic") != std::string_view::npos;
}

}  // namespace

std::optional<std::string_view> SplatStart(std::string_view line) {
  for (const auto& pattern : kAnywhere) {
    if (line.find(pattern.text) != std::string_view::npos) return pattern.kind;
  }
  // Oops lines carry the die counter: "Oops: 0002 [#1] SMP" (x86), "Internal error: Oops:
  // 96000004 [#1] PREEMPT SMP" (arm64); requiring "[#" keeps a payload's "Oops:" from matching.
  for (std::string_view prefix : {"Oops: ", "Internal error: "}) {
    size_t at = line.find(prefix);
    if (at != std::string_view::npos && line.find("[#", at) != std::string_view::npos) {
      return "oops";
    }
  }
  // WARN() in newer kernels (7.x): "WARNING: drivers/x.c:12 at f+0x1/0x2, CPU#0: comm/1".
  if (size_t at = line.find("WARNING: "); at != std::string_view::npos &&
                                          line.find(", CPU#", at) != std::string_view::npos) {
    return "WARNING";
  }
  // Any other kernel "BUG: ..." or "WARNING: ..." (bad page state, lockdep's many reports),
  // but only at the start of a timestamped kernel message: a payload prints such lines too
  // (libFuzzer: "WARNING: Failed to find function ...").
  size_t first = line.find_first_not_of(' ');
  if (first == std::string_view::npos || line[first] != '[') return std::nullopt;
  std::string_view message = MessageText(line);
  if (message.starts_with("BUG: ")) return "BUG";
  if (message.starts_with("WARNING: ")) return "WARNING";
  return std::nullopt;
}

std::string SplatSignature(std::string_view text) {
  std::string_view line = text.substr(0, text.find('\n'));
  if (line.empty()) return {};
  std::string_view message = MessageText(line);
  // 7.x WARN: the task after ", CPU#"; 6.12 WARN: "CPU: 0 PID: 75 at " before the place.
  if (size_t cpu = message.find(", CPU#"); cpu != std::string_view::npos) {
    message = message.substr(0, cpu);
  }
  std::string signature = "kernel ";
  for (size_t i = 0; i < message.size();) {
    std::string_view rest = message.substr(i);
    if (rest.starts_with("CPU: ")) {
      size_t at = rest.find(" at ");
      if (at != std::string_view::npos) {
        i += at + 1;
        continue;
      }
    }
    // A code offset "+0x170/0x1c0" ends the symbol before it.
    if (rest.starts_with("+0x")) {
      size_t end = rest.find_first_of(" ,");
      i = end == std::string_view::npos ? message.size() : i + end;
      continue;
    }
    // An address or other long hex number differs between boots.
    size_t hex = rest.find_first_not_of("0123456789abcdefx");
    if (hex == std::string_view::npos) hex = rest.size();
    if (hex >= 8 && (i == 0 || message[i - 1] == ' ')) {
      signature += "ADDR";
      i += hex;
      continue;
    }
    signature += message[i++];
  }
  while (signature.back() == ' ') signature.pop_back();
  return signature;
}

void SplatDetector::Feed(std::string_view line) {
  if (complete_) return;
  if (!detected()) {
    auto kind = SplatStart(line);
    if (!kind) return;
    kind_ = *kind;
  }
  text_.append(line).push_back('\n');
  ++lines_;
  complete_ = IsEndMarker(line) || lines_ >= kMaxLines;
}

}  // namespace iommufd_conform
