#ifndef IOMMUFD_CONFORM_HARNESS_KERNEL_KERNEL_CACHE_H_
#define IOMMUFD_CONFORM_HARNESS_KERNEL_KERNEL_CACHE_H_

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/common/harness_error.h"
#include "harness/kernel/built_kernel.h"

namespace iommufd_conform {

// Layout under CacheDir():
//   kernels/<key>/{image name, config, build.log, metadata, key.txt}  one finished build each
//   kernels/<key>/gcno/                                               coverage kernels' .gcno
//   build/<workspace>/                                                kbuild object directories
//   locks/<key>.lock, locks/build-<workspace>.lock                    flock(2) files
// An entry directory is assembled under kernels/.tmp-* and renamed into place, so one that
// exists is complete.
std::filesystem::path KernelsDir();
std::filesystem::path WorkspacesDir();
std::filesystem::path LocksDir();

// "name: value" lines describing an entry: source, source_identity, release, arch, extras,
// fragments, image, build_seconds, built_at.
using KernelMetadata = std::map<std::string, std::string>;

std::string FormatMetadata(const KernelMetadata& metadata);
KernelMetadata ParseMetadata(std::string_view text);

// The cached kernel for `key`, if a finished entry exists.
std::optional<BuiltKernel> LookupCachedKernel(const std::string& key);

struct EntryFiles {
  std::filesystem::path image;
  std::filesystem::path config;
  std::filesystem::path build_log;
  std::string key_description;
  // Coverage kernels: the .gcno files under these directories of the kbuild object directory
  // `objects` are copied to <entry>/gcno/<directory>/, because gcov needs them with the data
  // a guest returns and object directories are not part of the cache.
  std::filesystem::path objects{};
  std::vector<std::string> gcno_dirs{};
};

inline constexpr std::string_view kGcnoDir = "gcno";
// <entry>/gcno: a coverage kernel's .gcno files, at their paths in the object directory.
std::filesystem::path GcnoDir(const BuiltKernel& kernel);

// Copies a finished build into kernels/<key>. The caller holds the key's lock.
HarnessResult<BuiltKernel> PublishKernel(const std::string& key, const EntryFiles& files,
                                         const KernelMetadata& metadata);

struct CachedEntry {
  std::string key;
  KernelMetadata metadata;
};
std::vector<CachedEntry> ListCachedKernels();

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_KERNEL_KERNEL_CACHE_H_
