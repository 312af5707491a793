#include "suites/faults/fault_verdict.h"

#include <algorithm>

namespace iommufd_conform {
namespace {

constexpr std::string_view kUnexpected = ": unexpected";
constexpr std::string_view kFirstDifference = "  first difference: ";

std::string Describe(const std::vector<ReportedDivergence>& divergences, bool failed) {
  if (divergences.empty()) {
    return failed ? "no unexpected divergence (only the suite's own checks failed)"
                  : "no unexpected divergence";
  }
  std::string text = "unexpected divergences seen:";
  for (const ReportedDivergence& d : divergences) {
    text += "\n      " + d.test + ": " + d.call + ": " + d.first_difference;
  }
  return text;
}

}  // namespace

std::vector<ReportedDivergence> UnexpectedDivergences(std::string_view report) {
  // Each event is "CASE: KIND[ (REASON)]" at the start of a line, then the divergence:
  // "CALL diverged ...", indented lines, one of them "  first difference: ...".
  std::vector<ReportedDivergence> found;
  bool in_unexpected = false;
  bool want_call = false;
  while (!report.empty()) {
    size_t end = report.find('\n');
    std::string_view line = report.substr(0, end);
    report = end == std::string_view::npos ? "" : report.substr(end + 1);
    if (line.empty()) continue;
    if (line.front() != ' ') {
      if (want_call) {
        found.back().call = std::string(line.substr(0, line.find(' ')));
        want_call = false;
        continue;
      }
      size_t kind = line.find(kUnexpected);
      in_unexpected = kind != std::string_view::npos &&
                      (kind + kUnexpected.size() == line.size() ||
                       line.substr(kind + kUnexpected.size(), 2) == " (");
      if (in_unexpected) {
        found.push_back({std::string(line.substr(0, kind)), "", ""});
        want_call = true;
      }
      continue;
    }
    if (in_unexpected && line.substr(0, kFirstDifference.size()) == kFirstDifference) {
      found.back().first_difference = std::string(line.substr(kFirstDifference.size()));
    }
  }
  return found;
}

FaultVerdict JudgeFaultRun(const ModelFaultSpec& spec, bool failed, std::string_view report) {
  std::vector<ReportedDivergence> divergences = UnexpectedDivergences(report);
  auto match = std::find_if(divergences.begin(), divergences.end(), [&](const auto& d) {
    return d.call == spec.call && d.first_difference.find(spec.detail) != std::string::npos;
  });
  bool caught = failed && match != divergences.end();
  std::string expected = "expected " + std::string(spec.call) + " with \"" +
                         std::string(spec.detail) + "\"";
  using Kind = FaultVerdict::Kind;
  if (!spec.known_miss.empty()) {
    if (caught) {
      return {Kind::kKnownMissCaught,
              "caught although the registry lists it as a known miss: drop its known_miss note"};
    }
    return {Kind::kKnownMiss, std::string(failed ? "the run failed, " : "the run passed, ") +
                                  Describe(divergences, failed)};
  }
  if (caught) {
    return {Kind::kCaught, match->test + ": " + match->call + ": " + match->first_difference};
  }
  if (!failed) {
    return {Kind::kMissed, "the diff run passed: the oracle missed the fault (" + expected + ")"};
  }
  return {Kind::kWrongReport, expected + "; " + Describe(divergences, failed)};
}

}  // namespace iommufd_conform
