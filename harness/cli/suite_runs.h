#ifndef IOMMUFD_CONFORM_HARNESS_CLI_SUITE_RUNS_H_
#define IOMMUFD_CONFORM_HARNESS_CLI_SUITE_RUNS_H_

// The suite runs behind `iommufd-conform run`, shared with `iommufd-conform gate`.

#include <filesystem>
#include <string>
#include <vector>

#include "harness/cli/run_plan.h"
#include "harness/results/test_report.h"

namespace iommufd_conform {

struct RunOptions {
  std::string backend;  // vm and host: "kernel", or "diff" (each call also on the model)
  std::string results_dir;
  std::string filter;
  int timeout_seconds;
  int hugepages;
  int jobs;
};

// Runs the configurations `jobs` at a time (each guest is one TCG thread, so a core each);
// the results keep the plan's order. Kernels are resolved first, one at a time. Each
// configuration's logs, suite XML and (diff backend) divergences.txt land in
// `results`/raw/<ConfigResult::Name()>/.
std::vector<ConfigResult> RunConfigurations(const std::vector<PlannedRun>& plan,
                                            const RunOptions& options,
                                            const std::filesystem::path& results);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_CLI_SUITE_RUNS_H_
