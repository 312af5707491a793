#ifndef IOMMUFD_CONFORM_HARNESS_KERNEL_SOURCE_REGISTRY_H_
#define IOMMUFD_CONFORM_HARNESS_KERNEL_SOURCE_REGISTRY_H_

#include <array>
#include <filesystem>
#include <string>
#include <string_view>

#include "harness/common/arch.h"
#include "harness/common/harness_error.h"

namespace iommufd_conform {

// Debian's linux-source-<version> packages the harness can fetch (harness/kernel/fetch-source.sh).
inline constexpr std::array<std::string_view, 3> kKnownVersions = {"6.12", "7.2", "7.3"};

bool IsKnownVersion(std::string_view version);
std::string KnownVersionList();  // "6.12, 7.2, 7.3"

struct KernelSource {
  std::filesystem::path tree;  // absolute, canonical
  std::string label;           // what the user asked for: a version or the path
};

// Resolves --source: a known version is fetched (once) into CacheDir()/sources; anything else
// must be the path of a kernel tree that can build `arch`.
HarnessResult<KernelSource> ResolveSource(std::string_view source, Arch arch);

// Whether `tree` looks like a Linux source tree that can build `arch`.
HarnessStatus CheckKernelTree(const std::filesystem::path& tree, Arch arch);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_KERNEL_SOURCE_REGISTRY_H_
