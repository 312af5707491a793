#ifndef IOMMUFD_CONFORM_HARNESS_CLI_RUN_PLAN_H_
#define IOMMUFD_CONFORM_HARNESS_CLI_RUN_PLAN_H_

#include <string>
#include <string_view>
#include <vector>

#include "harness/common/arch.h"
#include "harness/common/harness_error.h"

namespace iommufd_conform {

enum class RunTarget { kModel, kVm, kHost };

// One configuration to run the suite in.
struct PlannedRun {
  RunTarget target;
  Arch arch;
  std::string platform;
  std::string kernel;  // a version, tree or image path; for the model, its kernel profile
};

// Expands `--platform` entries ("vtd", "arm64:virtio", ...) into runs. A platform that exists
// on one arch only implies it; others take `default_arch`. "all" is every platform on every
// arch.
HarnessResult<std::vector<PlannedRun>> PlanRuns(RunTarget target, std::string_view platforms,
                                                Arch default_arch, std::string_view kernel);

std::string_view TargetName(RunTarget target);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_CLI_RUN_PLAN_H_
