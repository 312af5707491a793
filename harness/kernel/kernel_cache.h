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
//   kernels/<key>/{image name, config, build.log, key.txt}  one finished build each
//   kernels/<key>/gcno/                                     coverage kernels' .gcno
//   kernels/<key>/sha256sums                                every file above, `sha256sum -c` form
//   kernels/<key>/metadata                                  written last
//   build/<workspace>/                                      kbuild object directories
//   locks/<key>.lock, locks/build-<workspace>.lock          flock(2) files
// An entry directory is assembled under kernels/.tmp-<key>-<pid> and renamed into place, so
// one that exists was complete; its checksums, verified on every lookup, catch what happened
// to it since (a truncated or edited file).
std::filesystem::path KernelsDir();
std::filesystem::path WorkspacesDir();
std::filesystem::path LocksDir();

// "name: value" lines describing an entry: source, source_identity, release, arch, extras,
// fragments, image, build_seconds, built_at.
using KernelMetadata = std::map<std::string, std::string>;

std::string FormatMetadata(const KernelMetadata& metadata);
KernelMetadata ParseMetadata(std::string_view text);

inline constexpr std::string_view kChecksumsFile = "sha256sums";

// What the cache holds for a key.
struct CacheLookup {
  std::optional<BuiltKernel> kernel;  // a usable entry
  // Why an entry that is there cannot be used ("sha256sums: bzImage does not match", ...);
  // empty when the entry is usable or absent.
  std::string problem;
  // Usable, but made before entries carried checksums: only its image header was checked.
  bool unverified = false;
};

// Looks up and verifies the entry for `key`.
CacheLookup LookupCachedKernel(const std::string& key);

// Under the key's lock, once no other build can be filling it: the usable entry for `key`
// (recording checksums for one that predates them), or nothing, after removing an entry that
// failed verification. Says on stderr what it did about an entry that was not usable as is.
HarnessResult<std::optional<BuiltKernel>> TakeCachedKernel(const std::string& key);

// Removes the kernels/.tmp-* directories of builds killed before they published, each only
// when its key's lock is free (a live build holds it while filling its directory). Returns
// the directories removed.
std::vector<std::filesystem::path> RemoveInterruptedEntries();

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

// Copies a finished build into kernels/<key>, with its checksums. The caller holds the key's
// lock. On failure (a full disk, ...) nothing of it is left in the cache.
HarnessResult<BuiltKernel> PublishKernel(const std::string& key, const EntryFiles& files,
                                         const KernelMetadata& metadata);

struct CachedEntry {
  std::string key;
  KernelMetadata metadata;
};
std::vector<CachedEntry> ListCachedKernels();

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_KERNEL_KERNEL_CACHE_H_
