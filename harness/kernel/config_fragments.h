#ifndef IOMMUFD_CONFORM_HARNESS_KERNEL_CONFIG_FRAGMENTS_H_
#define IOMMUFD_CONFORM_HARNESS_KERNEL_CONFIG_FRAGMENTS_H_

#include <array>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "harness/common/arch.h"
#include "harness/common/harness_error.h"

namespace iommufd_conform {

// Optional additions to a guest kernel, each a configs/<name>.config fragment.
inline constexpr std::array<std::string_view, 4> kKnownExtras = {"kcov", "coverage", "failnth",
                                                                  "type1"};

struct Fragment {
  std::string name{};  // file name, e.g. "common.config"
  std::filesystem::path path{};
  std::filesystem::path required{};  // its configs/<stem>.required list; empty if none
};

// harness/kernel/configs in the checkout the CLI was built from.
std::filesystem::path ConfigsDir();

// Checks the extras and puts them in kKnownExtras order without duplicates, so the same set
// always gives the same cache key.
HarnessResult<std::vector<std::string>> NormalizeExtras(const std::vector<std::string>& extras);

// The fragments merged over tinyconfig, in merge order (later ones win): common, the arch's,
// the extras', then the user's own files. `extras` must already be normalized.
HarnessResult<std::vector<Fragment>> SelectFragments(
    Arch arch, const std::vector<std::string>& extras,
    const std::vector<std::filesystem::path>& user_fragments,
    const std::filesystem::path& configs_dir = ConfigsDir());

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_KERNEL_CONFIG_FRAGMENTS_H_
