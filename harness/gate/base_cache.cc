#include "harness/gate/base_cache.h"

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "harness/gate/run_json.h"
#include "harness/kernel/sha256.h"
#include "harness/kernel/text_file.h"

namespace iommufd_conform::gate {
namespace {

namespace fs = std::filesystem;

std::optional<nlohmann::json> LoadEntry(const fs::path& dir, const std::string& key) {
  auto text = ReadTextFile(dir / (key + ".json"));
  if (!text.ok()) return std::nullopt;
  auto json = nlohmann::json::parse(text.value(), nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return std::nullopt;
  return json;
}

HarnessStatus StoreEntry(const fs::path& dir, const std::string& key,
                         const nlohmann::json& entry) {
  std::error_code error;
  fs::create_directories(dir, error);
  // Written aside and renamed, so a concurrent gate never reads half an entry.
  fs::path partial = dir / (key + ".json.tmp-" + std::to_string(getpid()));
  if (auto written = WriteTextFile(partial, DumpJson(entry)); !written.ok()) return written;
  fs::rename(partial, dir / (key + ".json"), error);
  if (error) {
    return MakeError(HarnessErrorKind::kIo, "cannot store the base result " + key + ": " +
                                                error.message());
  }
  return Done{};
}

}  // namespace

std::string BaseRunKey(const BaseRunIdentity& identity) {
  return Sha256Hex("base=" + identity.base_commit + "\narch=" + identity.arch +
                   "\nplatform=" + identity.platform + "\nkernel=" + identity.kernel_key +
                   "\nsuite=" + identity.suite_sha256 + "\noptions=" + identity.options + "\n");
}

std::optional<PlatformRun> LoadBaseRun(const fs::path& dir, const std::string& key) {
  auto json = LoadEntry(dir, key);
  if (!json) return std::nullopt;
  auto run = RunFromJson(*json);
  if (run) run->from_cache = true;
  return run;
}

HarnessStatus StoreBaseRun(const fs::path& dir, const std::string& key, const PlatformRun& run) {
  if (run.config.harness_error) return Done{};
  return StoreEntry(dir, key, RunToJson(run));
}

std::optional<FailNthWalk> LoadBaseWalk(const fs::path& dir, const std::string& key) {
  auto json = LoadEntry(dir, key);
  if (!json) return std::nullopt;
  auto walk = WalkFromJson(*json);
  if (walk) walk->from_cache = true;
  return walk;
}

HarnessStatus StoreBaseWalk(const fs::path& dir, const std::string& key,
                            const FailNthWalk& walk) {
  if (walk.error || !walk.finished) return Done{};
  return StoreEntry(dir, key, WalkToJson(walk));
}

}  // namespace iommufd_conform::gate
