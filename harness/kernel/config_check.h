#ifndef IOMMUFD_CONFORM_HARNESS_KERNEL_CONFIG_CHECK_H_
#define IOMMUFD_CONFORM_HARNESS_KERNEL_CONFIG_CHECK_H_

#include <filesystem>
#include <vector>

#include "harness/common/arch.h"
#include "harness/common/harness_error.h"
#include "harness/kernel/config_fragments.h"

namespace iommufd_conform {

// Checks the final .config against the required lists of `fragments` (kConfigMissing naming
// every unmet option). Fragment options that did not stick but are not required only get a
// note on stderr, split into "dropped" and "not in this tree".
HarnessStatus CheckFinalConfig(const std::filesystem::path& tree, Arch arch,
                               const std::filesystem::path& config,
                               const std::vector<Fragment>& fragments);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_KERNEL_CONFIG_CHECK_H_
