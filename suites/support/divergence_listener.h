#ifndef IOMMUFD_CONFORM_SUITES_SUPPORT_DIVERGENCE_LISTENER_H_
#define IOMMUFD_CONFORM_SUITES_SUPPORT_DIVERGENCE_LISTENER_H_

// Turns the differential backend's events into test results (suite_main installs it with
// --backend=diff):
//  - an unexpected divergence fails the running case, at the call, with the readable diff;
//  - expected, unverifiable and not-covered ones are printed as one line each and recorded
//    on the case as XML properties (diff_expected, diff_unverifiable, diff_not_covered);
//  - every case records how its calls ended, as the property diff_counts
//    ("calls=12 compared=10 accepted=1 unverifiable=1 not_covered=0", DiffCounts), so a case
//    whose calls were not all compared is never reported as a plain pass;
//  - after the run, a summary goes to stdout and, with a path, to a file with every report.

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "harness/backend/diff_backend.h"
#include "harness/results/test_report.h"

namespace iommufd_conform {

class DivergenceListener : public testing::EmptyTestEventListener {
 public:
  // `report_path` may be empty: no file.
  DivergenceListener(DiffBackend& backend, std::string report_path);

  void OnTestStart(const testing::TestInfo& test) override;
  void OnTestEnd(const testing::TestInfo& test) override;
  void OnTestProgramEnd(const testing::UnitTest& unit_test) override;

 private:
  void OnEvent(const DivergenceEvent& event);

  DiffBackend& backend_;
  std::string report_path_;
  std::string current_test_;
  // The backend's totals when this case started.
  DiffSummary at_start_;
  // This case's non-failing events, by kind: "CALL: reason" lines.
  std::map<DivergenceEvent::Kind, std::vector<std::string>> in_test_;
  // Every event with a report, for the file: the case, then the report.
  std::vector<std::string> reports_;
};

// How a case's calls ended between two snapshots of the backend's totals.
DiffCounts CountsBetween(const DiffSummary& before, const DiffSummary& after);

// The run's totals, one topic per line.
std::string FormatDiffSummary(const DiffSummary& summary, const DiffTarget& target);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_SUITES_SUPPORT_DIVERGENCE_LISTENER_H_
