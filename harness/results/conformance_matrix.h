#ifndef IOMMUFD_CONFORM_HARNESS_RESULTS_CONFORMANCE_MATRIX_H_
#define IOMMUFD_CONFORM_HARNESS_RESULTS_CONFORMANCE_MATRIX_H_

// What the conformance reports (Markdown and HTML) show, computed once: for each target and
// kernel a matrix of uAPI areas (one per suite source file) by platform, and every case
// that did not plainly pass with its reason.

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "harness/results/test_report.h"

namespace iommufd_conform {

// How one case ended, as the reports count it. A passing case whose differential run
// needed a manifest entry is not a plain pass, and one with calls that were neither compared
// nor accepted (only the kernel ran them, or the states were apart) is not verified at all.
// A kernel bug's reproducer on a kernel its entry lists failed as expected (xfail) or passed
// (xpass: the bug may be fixed there).
enum class Verdict { kPass, kExpectedDivergence, kUnverified, kSkip, kFail, kXfail, kXpass };
inline constexpr int kVerdictCount = 7;

Verdict VerdictOf(const CaseResult& result);
// "pass", "expected divergence", ... "FAIL", "expected failure (kernel bug)", "XPASS ..."
std::string_view VerdictName(Verdict verdict);
// "pass", "exp", "unverified", "skip", "FAIL", "xfail", "XPASS"
std::string_view VerdictShort(Verdict verdict);

// "suites/ioas/ioas_map_test.cc" -> "ioas/map"; cases without a file are "(unknown)".
std::string AreaOf(const CaseResult& result);

// The cases of one area on one configuration, by verdict.
struct Tally {
  std::array<int, kVerdictCount> counts{};
  void Add(Verdict verdict) { ++counts[static_cast<int>(verdict)]; }
  int Count(Verdict verdict) const { return counts[static_cast<int>(verdict)]; }
  // "1 pass · 1 FAIL"; "–" for none.
  std::string Text() const;
};

struct AreaRow {
  std::string area;
  std::vector<Tally> tallies;  // one per configuration of the group
};

// A case that did not plainly pass, and why: the failure or skip text, the manifest entries
// that accepted its divergences, or what was not compared.
struct NonPass {
  const CaseResult* result;
  Verdict verdict;
  std::string area;
  std::string reason;
};

// One target and kernel: its configurations (platforms) as columns, in run order.
struct MatrixGroup {
  std::string title;  // "vm, kernel 7.2"
  std::vector<const ConfigResult*> configs;
  std::vector<AreaRow> rows;  // by area name
};

// Groups point into `configs`, which must outlive them.
std::vector<MatrixGroup> BuildMatrix(const std::vector<ConfigResult>& configs);

std::vector<NonPass> NonPasses(const ConfigResult& config);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_RESULTS_CONFORMANCE_MATRIX_H_
