#ifndef IOMMUFD_CONFORM_HARNESS_RESULTS_TEST_REPORT_H_
#define IOMMUFD_CONFORM_HARNESS_RESULTS_TEST_REPORT_H_

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/common/harness_error.h"
#include "harness/results/call_census.h"

namespace iommufd_conform {

enum class CaseStatus { kPassed, kFailed, kSkipped };

// A kernel bug's reproducer on a kernel its manifest entry lists (suites/support/kernel_bug.h):
// it failed as expected (xfail) or passed (xpass: the bug may be fixed). Either way its
// status is kPassed, as the run does not fail for it.
enum class BugVerdict { kNone, kXfail, kXpass };

// How a differential case's calls ended, from the suite's diff_counts property.
struct DiffCounts {
  int calls = 0;
  int compared = 0;
  int accepted = 0;  // by a manifest entry
  int unverifiable = 0;
  int not_covered = 0;
  // Calls that were neither compared nor accepted: the case is not verified.
  int Unverified() const { return unverifiable + not_covered; }
};

// "calls=12 compared=10 accepted=1 unverifiable=1 not_covered=0", the diff_counts property
// text; nullopt when malformed (diff_counts.cc, part of the guests' result stream).
std::string FormatDiffCounts(const DiffCounts& counts);
std::optional<DiffCounts> ParseDiffCounts(std::string_view text);

struct CaseResult {
  std::string suite{};  // GoogleTest suite, e.g. IoasMapTest
  std::string name{};
  std::string file{};  // the case's source, as the suite binary was built
  CaseStatus status = CaseStatus::kPassed;
  std::string message{};  // failure or skip text
  double seconds = 0;
  // Differential runs: the divergences the manifest accepted, and calls only the kernel
  // could answer, as the suite's DivergenceListener recorded them ("" when none).
  std::string expected_divergences{};
  std::string not_covered{};
  std::string unverifiable{};  // calls whose answers could not be compared, and why
  std::optional<DiffCounts> diff{};  // set in differential runs
  BugVerdict bug_verdict = BugVerdict::kNone;
  std::string bug_id{};  // the manifest entry of a reproducer with a verdict; `message` says why
  // A passing differential case with calls that were neither compared nor accepted. A
  // reproducer with a verdict is counted as that instead: its answers are a known bug's.
  bool Unverified() const {
    return status == CaseStatus::kPassed && bug_verdict == BugVerdict::kNone && diff &&
           diff->Unverified() > 0;
  }
};

// One configuration of a run: a target, an arch, a platform and a kernel, and what its cases
// did. `harness_error` is set when the configuration could not deliver (all) results: the
// cases it did deliver are kept.
struct ConfigResult {
  std::string target;    // model, vm, host
  std::string arch;      // x86_64, arm64, or the host's
  std::string platform;  // none, vtd, ...
  std::string kernel;    // 7.2, a tree, or the model's kernel profile
  std::vector<CaseResult> cases;
  CallCensus census;  // the calls the suite made, when it reported them
  std::optional<HarnessError> harness_error;
  std::string Name() const;  // e.g. vm-x86_64-vtd-7.2

  int Count(CaseStatus status) const;
  int CountUnverified() const;
  int Count(BugVerdict verdict) const;
  // Passed plainly: neither unverified nor a reproducer's xfail or xpass.
  int CountPassed() const;
  // The differential totals of its cases; nullopt when it did not run differentially.
  std::optional<DiffCounts> DiffTotals() const;
};

// Reads GoogleTest's XML output (--gtest_output=xml:FILE).
HarnessResult<std::vector<CaseResult>> ReadGtestXml(const std::filesystem::path& file);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_RESULTS_TEST_REPORT_H_
