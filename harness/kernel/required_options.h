#ifndef IOMMUFD_CONFORM_HARNESS_KERNEL_REQUIRED_OPTIONS_H_
#define IOMMUFD_CONFORM_HARNESS_KERNEL_REQUIRED_OPTIONS_H_

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "harness/common/harness_error.h"

namespace iommufd_conform {

// One line of a configs/<fragment>.required list:
//   CONFIG_NAME=VALUE              the final .config must have exactly this value
//   CONFIG_NAME=VALUE if-defined   the same, but only if the tree's Kconfig defines NAME
// VALUE "n" means "not y, not m": unset, "is not set" and absent all satisfy it.
// Fragments only ask; olddefconfig silently drops what unmet dependencies forbid, so the
// final .config is checked against these lists instead.
struct RequiredOption {
  std::string name{};  // without the CONFIG_ prefix
  std::string value{};
  bool only_if_defined = false;
  std::string origin{};  // "file:line", for messages
};

struct UnmetOption {
  RequiredOption option;
  std::string actual;    // the value in the final .config, or "n" when unset
  bool in_tree = false;  // whether the tree's Kconfig defines the option at all
};

HarnessResult<std::vector<RequiredOption>> ParseRequiredOptions(std::string_view text,
                                                                std::string_view origin);

// NAME -> value from .config syntax (also fragment syntax); "# CONFIG_NAME is not set" gives "n".
std::map<std::string, std::string> ParseConfigValues(std::string_view text);

// The options `config` does not satisfy. `defined_symbols`: which of the options' symbols the
// tree defines (DefinedKconfigSymbols).
std::vector<UnmetOption> FindUnmetOptions(const std::vector<RequiredOption>& required,
                                          const std::map<std::string, std::string>& config,
                                          const std::set<std::string>& defined_symbols);

// One line per unmet option, for the kConfigMissing error.
std::string DescribeUnmetOptions(const std::vector<UnmetOption>& unmet);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_KERNEL_REQUIRED_OPTIONS_H_
