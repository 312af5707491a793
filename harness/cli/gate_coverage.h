#ifndef IOMMUFD_CONFORM_HARNESS_CLI_GATE_COVERAGE_H_
#define IOMMUFD_CONFORM_HARNESS_CLI_GATE_COVERAGE_H_

// The gate's changed-line coverage step: a gcov build of the patched checkout per arch, the
// suite (kernel backend) in a guest of it on every platform of the gate, and the patch's
// changed lines under drivers/iommu intersected with the returned line counts.

#include <filesystem>
#include <vector>

#include "harness/cli/gate_steps.h"
#include "harness/cli/run_plan.h"
#include "harness/gate/changed_line_coverage.h"
#include "harness/gate/gate_tree.h"

namespace iommufd_conform {

// `checkout` must hold the patched tree. Guest consoles and .gcda files go under `results`.
gate::ChangedLineCoverage MeasureChangedLines(const gate::TreeState& state,
                                              const std::filesystem::path& checkout,
                                              const std::vector<PlannedRun>& plan,
                                              const std::filesystem::path& results,
                                              int timeout_seconds, Progress& progress);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_CLI_GATE_COVERAGE_H_
