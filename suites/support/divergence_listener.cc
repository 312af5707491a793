#include "suites/support/divergence_listener.h"

#include <cstdio>
#include <fstream>

namespace iommufd_conform {
namespace {

std::string Tally(const std::map<std::string, int>& counts) {
  std::string text;
  for (const auto& [name, count] : counts) {
    text += "\n    " + std::to_string(count) + "x " + name;
  }
  return text;
}

int Total(const std::map<std::string, int>& counts) {
  int total = 0;
  for (const auto& [name, count] : counts) total += count;
  return total;
}

std::string Join(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += (text.empty() ? "" : "; ") + line;
  return text;
}

}  // namespace

DivergenceListener::DivergenceListener(DiffBackend& backend, std::string report_path)
    : backend_(backend), report_path_(std::move(report_path)) {
  backend_.SetSink([this](const DivergenceEvent& event) { OnEvent(event); });
}

void DivergenceListener::OnTestStart(const testing::TestInfo& test) {
  current_test_ = std::string(test.test_suite_name()) + "." + test.name();
  in_test_.clear();
  at_start_ = backend_.summary();
}

void DivergenceListener::OnEvent(const DivergenceEvent& event) {
  std::string where = current_test_.empty() ? "(outside any case)" : current_test_;
  if (!event.report.empty()) {
    reports_.push_back(where + ": " + std::string(KindName(event.kind)) +
                       (event.reason.empty() ? "" : " (" + event.reason + ")") + "\n" +
                       event.report);
  }
  if (event.kind == DivergenceEvent::Kind::kUnexpected) {
    ADD_FAILURE() << "the model diverged from the kernel"
                  << (event.reason.empty() ? "" : " (" + event.reason + ")") << "\n"
                  << event.report;
    return;
  }
  std::printf("[ DIFF     ] %s: %s: %s\n", std::string(KindName(event.kind)).c_str(),
              event.call.c_str(), event.reason.c_str());
  in_test_[event.kind].push_back(event.call + ": " + event.reason);
}

void DivergenceListener::OnTestEnd(const testing::TestInfo&) {
  // Still inside the case for gtest, so the properties land on it in the XML.
  for (const auto& [kind, lines] : in_test_) {
    std::string key = "diff_" + std::string(KindName(kind));
    for (char& c : key) c = c == ' ' ? '_' : c;
    testing::Test::RecordProperty(key, Join(lines));
  }
  testing::Test::RecordProperty("diff_counts",
                                FormatDiffCounts(CountsBetween(at_start_, backend_.summary())));
  in_test_.clear();
  current_test_.clear();
}

void DivergenceListener::OnTestProgramEnd(const testing::UnitTest&) {
  std::string summary = FormatDiffSummary(backend_.summary(), backend_.target());
  std::printf("%s", summary.c_str());
  std::fflush(stdout);
  if (report_path_.empty()) return;
  std::ofstream out(report_path_);
  out << summary;
  for (const std::string& report : reports_) out << "\n" << report;
  if (!out) std::fprintf(stderr, "suite: cannot write %s\n", report_path_.c_str());
}

DiffCounts CountsBetween(const DiffSummary& before, const DiffSummary& after) {
  auto delta = [](const std::map<std::string, int>& a, const std::map<std::string, int>& b) {
    return Total(b) - Total(a);
  };
  return {after.calls - before.calls, after.compared - before.compared,
          delta(before.expected, after.expected), delta(before.unverifiable, after.unverifiable),
          delta(before.not_covered, after.not_covered)};
}

std::string FormatDiffSummary(const DiffSummary& summary, const DiffTarget& target) {
  std::string text = "differential run against kernel " + target.kernel_version + ", platform " +
                     std::string(model::PlatformName(target.platform)) + "\n";
  text += "  " + std::to_string(summary.calls) + " calls, " + std::to_string(summary.compared) +
          " compared, " + std::to_string(summary.adopted_iovas) +
          " automatic IOVAs adopted by the model\n";
  text += "  unexpected divergences: " + std::to_string(Total(summary.unexpected)) +
          Tally(summary.unexpected) + "\n";
  text += "  expected divergences: " + std::to_string(Total(summary.expected)) +
          Tally(summary.expected) + "\n";
  text += "  unverifiable (states already apart): " + std::to_string(Total(summary.unverifiable)) +
          Tally(summary.unverifiable) + "\n";
  text += "  not covered by the model (kernel only): " +
          std::to_string(Total(summary.not_covered)) + Tally(summary.not_covered) + "\n";
  return text;
}

}  // namespace iommufd_conform
