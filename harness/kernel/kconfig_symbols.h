#ifndef IOMMUFD_CONFORM_HARNESS_KERNEL_KCONFIG_SYMBOLS_H_
#define IOMMUFD_CONFORM_HARNESS_KERNEL_KCONFIG_SYMBOLS_H_

#include <filesystem>
#include <set>
#include <string>
#include <string_view>

#include "harness/common/arch.h"

namespace iommufd_conform {

// The symbols (names without CONFIG_) that a "config NAME" or "menuconfig NAME" line of
// `kconfig_text` defines.
std::set<std::string> DefinedSymbolsIn(std::string_view kconfig_text);

// Which of `wanted` some Kconfig* file of `tree` defines for `arch` (arch/ directories of other
// architectures are skipped: arm's ARCH_VIRT is not an arm64 option). Options are added and
// renamed between kernel versions; this tells "the tree has no such option" from "the option
// did not stick".
std::set<std::string> DefinedKconfigSymbols(const std::filesystem::path& tree, Arch arch,
                                            const std::set<std::string>& wanted);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_KERNEL_KCONFIG_SYMBOLS_H_
