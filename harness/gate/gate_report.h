#ifndef IOMMUFD_CONFORM_HARNESS_GATE_GATE_REPORT_H_
#define IOMMUFD_CONFORM_HARNESS_GATE_GATE_REPORT_H_

#include <string>
#include <vector>

#include "harness/gate/changed_line_coverage.h"
#include "harness/gate/gate_compare.h"
#include "harness/gate/gate_result.h"
#include "harness/gate/gate_verdict.h"

namespace iommufd_conform::gate {

// Everything one gate run established, as the writers (summary, gate.json, JUnit, KCIDB)
// need it.
struct GateReport {
  std::string tree;                 // the user's tree, as given
  std::string base_commit;          // 40 hex digits
  std::string base_name;            // `git describe` of the base, or its short hash
  std::string patch_description;    // "2 commits (a1b2..c3d4)", "uncommitted changes"
  std::string patch_sha256;         // of the patch text (`git diff --binary` base..patched)
  std::vector<std::string> patch_files;  // files the patch touches
  std::string started_at;           // UTC, RFC 3339
  double seconds = 0;               // the whole gate's wall time
  GateSide base;
  GateSide patched;
  AbiDelta abi;
  // The patch's changed lines under drivers/iommu that no case executed: to review, never
  // part of the verdict.
  ChangedLineCoverage coverage;
  std::vector<Finding> findings;
  Verdict verdict;
  int exit_code = 0;
  // Checks the gate does not run yet, named in every output so their absence is not
  // mistaken for a pass.
  std::vector<std::string> not_done;
};

// The command that shows a finding again on the patched kernel ("" when there is none).
std::string ReproduceCommand(const GateReport& report, const Finding& finding);

}  // namespace iommufd_conform::gate

#endif  // IOMMUFD_CONFORM_HARNESS_GATE_GATE_REPORT_H_
