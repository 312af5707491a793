#ifndef IOMMUFD_CONFORM_HARNESS_RESULTS_TEST_REPORT_H_
#define IOMMUFD_CONFORM_HARNESS_RESULTS_TEST_REPORT_H_

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "harness/common/harness_error.h"
#include "harness/results/call_census.h"

namespace iommufd_conform {

enum class CaseStatus { kPassed, kFailed, kSkipped };

struct CaseResult {
  std::string suite;  // GoogleTest suite, e.g. IoasMapTest
  std::string name;
  std::string file;  // the case's source, as the suite binary was built
  CaseStatus status = CaseStatus::kPassed;
  std::string message;  // failure or skip text
  double seconds = 0;
  // Differential runs: the divergences the manifest accepted, and calls only the kernel
  // could answer, as the suite's DivergenceListener recorded them ("" when none).
  std::string expected_divergences;
  std::string not_covered;
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
};

// Reads GoogleTest's XML output (--gtest_output=xml:FILE).
HarnessResult<std::vector<CaseResult>> ReadGtestXml(const std::filesystem::path& file);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_RESULTS_TEST_REPORT_H_
