#include <algorithm>
#include <charconv>
#include <iterator>

#include "harness/results/test_report.h"

namespace iommufd_conform {

std::string FormatDiffCounts(const DiffCounts& counts) {
  return "calls=" + std::to_string(counts.calls) + " compared=" + std::to_string(counts.compared) +
         " accepted=" + std::to_string(counts.accepted) +
         " unverifiable=" + std::to_string(counts.unverifiable) +
         " not_covered=" + std::to_string(counts.not_covered);
}

std::optional<DiffCounts> ParseDiffCounts(std::string_view text) {
  DiffCounts counts;
  std::pair<std::string_view, int*> keys[] = {{"calls", &counts.calls},
                                              {"compared", &counts.compared},
                                              {"accepted", &counts.accepted},
                                              {"unverifiable", &counts.unverifiable},
                                              {"not_covered", &counts.not_covered}};
  int found = 0;
  while (!text.empty()) {
    size_t end = text.find(' ');
    std::string_view word = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    size_t equals = word.find('=');
    if (equals == std::string_view::npos) return std::nullopt;
    auto key = std::find_if(std::begin(keys), std::end(keys),
                            [&](const auto& k) { return k.first == word.substr(0, equals); });
    if (key == std::end(keys)) return std::nullopt;
    std::string_view digits = word.substr(equals + 1);
    auto [at, error] = std::from_chars(digits.data(), digits.data() + digits.size(), *key->second);
    if (error != std::errc() || at != digits.data() + digits.size()) return std::nullopt;
    ++found;
  }
  if (found != static_cast<int>(std::size(keys))) return std::nullopt;
  return counts;
}

}  // namespace iommufd_conform
