#include "harness/fuzz/libfuzzer_progress.h"

#include <charconv>

namespace iommufd_conform {

std::optional<uint64_t> NumberAfter(std::string_view line, std::string_view label) {
  size_t at = line.find(label);
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view rest = line.substr(at + label.size());
  while (!rest.empty() && (rest.front() == ' ' || rest.front() == ':')) rest.remove_prefix(1);
  uint64_t value = 0;
  auto [end, error] = std::from_chars(rest.data(), rest.data() + rest.size(), value);
  if (error != std::errc() || end == rest.data()) return std::nullopt;
  return value;
}

std::optional<FuzzProgress> ParseProgressLine(std::string_view line) {
  if (!line.starts_with("#")) return std::nullopt;
  auto executions = NumberAfter(line, "#");
  auto coverage = NumberAfter(line, "cov:");
  auto corpus = NumberAfter(line, "corp:");
  auto speed = NumberAfter(line, "exec/s");  // "exec/s: 5", or "exec/s 5" in fork mode
  if (!executions || !coverage || !corpus || !speed) return std::nullopt;
  return FuzzProgress{*executions, *speed, *coverage, *corpus};
}

std::optional<uint64_t> ParseKernelPcsLine(std::string_view line) {
  constexpr std::string_view kPrefix = "diff_fuzzer: kernel-pcs ";
  if (!line.starts_with(kPrefix)) return std::nullopt;
  return NumberAfter(line, kPrefix);
}

}  // namespace iommufd_conform
