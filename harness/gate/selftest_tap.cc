#include "harness/gate/selftest_tap.h"

#include <regex>
#include <sstream>

namespace iommufd_conform::gate {

std::map<int, TapTest> ParseTap(std::string_view console) {
  static const std::regex kLine(R"(^(not ok|ok) ([0-9]+) ([^ #]+)(.*)$)");
  // A whole kselftest name, then nothing or a directive.
  static const std::regex kName(R"([A-Za-z0-9_.-]+)");
  std::map<int, TapTest> tests;
  std::istringstream lines{std::string(console)};
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::smatch match;
    if (!std::regex_match(line, match, kLine)) continue;
    const std::string rest = match[4];
    TapTest test{match[3], match[1] == "ok" ? TapStatus::kOk : TapStatus::kNotOk};
    if (!std::regex_match(test.name, kName) || !(rest.empty() || rest.starts_with(" #"))) {
      test.name.clear();
    } else if (test.status == TapStatus::kOk && rest.find("# SKIP") != std::string::npos) {
      test.status = TapStatus::kSkip;
    }
    tests[std::stoi(match[2])] = test;
  }
  return tests;
}

std::vector<std::string> SelftestKills(const SelftestRun& base, const SelftestRun& mutant) {
  std::vector<std::string> kills;
  if (mutant.error && !base.error) {
    kills.push_back(mutant.binary + ": did not deliver: " +
                    mutant.error->message.substr(0, mutant.error->message.find('\n')));
  }
  const int last = mutant.tests.empty() ? 0 : mutant.tests.rbegin()->first;
  for (const auto& [number, before] : base.tests) {
    if (before.status == TapStatus::kNotOk) continue;
    auto after = mutant.tests.find(number);
    std::string name = before.name;
    if (name.empty() && after != mutant.tests.end()) name = after->second.name;
    if (name.empty()) name = "test " + std::to_string(number);
    if (after == mutant.tests.end()) {
      if (!mutant.error && number > last) {
        kills.push_back(mutant.binary + ": " + name + " never ran");
      }
    } else if (after->second.status == TapStatus::kNotOk) {
      kills.push_back(mutant.binary + ": " + name + " fails");
    }
  }
  return kills;
}

}  // namespace iommufd_conform::gate
