#ifndef IOMMUFD_CONFORM_HARNESS_COMMON_PATHS_H_
#define IOMMUFD_CONFORM_HARNESS_COMMON_PATHS_H_

#include <filesystem>

#include "harness/common/arch.h"

namespace iommufd_conform {

// The checkout the CLI was built from: kernel config fragments and scripts live there.
std::filesystem::path SourceDir();
// The build directory the CLI was built in.
std::filesystem::path BuildDir();
// Built kernels, downloaded sources and exported headers live here, outside any checkout, so
// a fresh clone on the same machine reuses them: $IOMMUFD_CONFORM_CACHE, else
// $XDG_CACHE_HOME/iommufd-conform, else ~/.cache/iommufd-conform.
std::filesystem::path CacheDir();
// A static binary of this project built for `arch` (the init, the suite, probes).
std::filesystem::path GuestBinary(Arch arch, std::string_view name);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_COMMON_PATHS_H_
