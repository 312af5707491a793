#include "harness/gate/selftest_tap.h"

#include <regex>
#include <sstream>

namespace iommufd_conform::gate {

std::map<std::string, TapStatus> ParseTap(std::string_view console) {
  static const std::regex kLine(R"(^(not ok|ok) [0-9]+ ([^ #]+)(.*)$)");
  std::map<std::string, TapStatus> tests;
  std::istringstream lines{std::string(console)};
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::smatch match;
    if (!std::regex_match(line, match, kLine)) continue;
    TapStatus status = match[1] == "ok" ? TapStatus::kOk : TapStatus::kNotOk;
    if (status == TapStatus::kOk && match[3].str().find("# SKIP") != std::string::npos) {
      status = TapStatus::kSkip;
    }
    tests[match[2]] = status;
  }
  return tests;
}

std::vector<std::string> SelftestKills(const SelftestRun& base, const SelftestRun& mutant) {
  std::vector<std::string> kills;
  if (mutant.error && !base.error) {
    kills.push_back(mutant.binary + ": did not deliver: " +
                    mutant.error->message.substr(0, mutant.error->message.find('\n')));
  }
  for (const auto& [name, before] : base.tests) {
    if (before == TapStatus::kNotOk) continue;
    auto after = mutant.tests.find(name);
    if (after == mutant.tests.end()) {
      if (!mutant.error) kills.push_back(mutant.binary + ": " + name + " never ran");
    } else if (after->second == TapStatus::kNotOk) {
      kills.push_back(mutant.binary + ": " + name + " fails");
    }
  }
  return kills;
}

}  // namespace iommufd_conform::gate
