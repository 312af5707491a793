#ifndef IOMMUFD_CONFORM_HARNESS_GATE_BASE_CACHE_H_
#define IOMMUFD_CONFORM_HARNESS_GATE_BASE_CACHE_H_

// Base results kept across gate runs, so a series of patches on one base pays for the base
// once. An entry is keyed on everything its outcome depends on.

#include <filesystem>
#include <optional>
#include <string>

#include "harness/common/harness_error.h"
#include "harness/gate/gate_result.h"

namespace iommufd_conform::gate {

struct BaseRunIdentity {
  std::string base_commit;
  std::string arch;
  std::string platform;
  std::string kernel_key;     // the base kernel's cache entry (source, fragments, compiler)
  std::string suite_sha256;   // the suite binary the guest runs
  std::string options;        // backend and anything else passed to the suite
};

std::string BaseRunKey(const BaseRunIdentity& identity);  // 64 hex digits

// Only runs that delivered are stored: a base that failed to deliver is measured again.
std::optional<PlatformRun> LoadBaseRun(const std::filesystem::path& dir, const std::string& key);
HarnessStatus StoreBaseRun(const std::filesystem::path& dir, const std::string& key,
                           const PlatformRun& run);

// The same for the base's fail-nth walk; only walks that finished are stored.
std::optional<FailNthWalk> LoadBaseWalk(const std::filesystem::path& dir, const std::string& key);
HarnessStatus StoreBaseWalk(const std::filesystem::path& dir, const std::string& key,
                            const FailNthWalk& walk);

}  // namespace iommufd_conform::gate

#endif  // IOMMUFD_CONFORM_HARNESS_GATE_BASE_CACHE_H_
