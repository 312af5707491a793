#include "harness/cli/gate_steps.h"

#include <cstdio>

#include "harness/cli/suite_runs.h"
#include "harness/common/paths.h"
#include "harness/gate/base_cache.h"
#include "harness/gate/divergence_file.h"
#include "harness/kernel/kernel_builder.h"
#include "harness/kernel/sha256.h"
#include "harness/kernel/text_file.h"

namespace iommufd_conform {

namespace fs = std::filesystem;

void Progress::Step(const std::string& what) {
  auto seconds = static_cast<long long>(Seconds());
  std::printf("%s [%4llds]: %s\n", command_.c_str(), seconds, what.c_str());
  std::fflush(stdout);
}

double Progress::Seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

gate::KernelBuild BuildSide(const fs::path& tree, Arch arch, BuiltKernel* built) {
  auto start = std::chrono::steady_clock::now();
  auto kernel = EnsureKernel({.source = tree.string(), .arch = arch});
  gate::KernelBuild build{.arch = std::string(ArchName(arch))};
  build.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!kernel.ok()) {
    build.error = kernel.error();
    return build;
  }
  build.image = kernel.value().image.string();
  build.release = kernel.value().release;
  *built = kernel.value();
  return build;
}

gate::PlatformRun RunSuiteOn(const PlannedRun& planned, const std::string& image,
                             const fs::path& results, int timeout_seconds) {
  RunOptions options{.backend = kGateBackend,
                     .results_dir = results.string(),
                     .filter = "",
                     .timeout_seconds = timeout_seconds,
                     .hugepages = 0,
                     .jobs = 1,
                     .also_run_disabled = false};
  PlannedRun run = planned;
  run.kernel = image;
  std::vector<ConfigResult> configs = RunConfigurations({run}, options, results);
  gate::PlatformRun out{.config = std::move(configs.front())};
  auto divergences = ReadTextFile(results / "raw" / out.config.Name() / "divergences.txt");
  if (divergences.ok()) out.divergences = gate::ParseUnexpectedDivergences(divergences.value());
  return out;
}

gate::PlatformRun BaseRunOn(const PlannedRun& planned, const BuiltKernel& base_kernel,
                            const std::string& base_commit, const fs::path& results,
                            int timeout_seconds, Progress& progress, const std::string& where) {
  const fs::path cache = CacheDir() / "gate" / "base-results";
  auto suite = Sha256OfFile(GuestBinary(planned.arch, "iommufd-conform-suite"));
  std::string key = gate::BaseRunKey(
      {base_commit, std::string(ArchName(planned.arch)), planned.platform,
       base_kernel.cache_dir.filename().string(), suite.ok() ? suite.value() : "",
       std::string("backend=") + kGateBackend});
  if (suite.ok()) {
    if (auto cached = gate::LoadBaseRun(cache, key)) {
      progress.Step(where + ": base results from the cache");
      return *cached;
    }
  }
  progress.Step(where + ": the suite on the base kernel");
  gate::PlatformRun run = RunSuiteOn(planned, base_kernel.image.string(), results,
                                     timeout_seconds);
  if (suite.ok()) {
    if (auto stored = gate::StoreBaseRun(cache, key, run); !stored.ok()) {
      std::fprintf(stderr, "note: %s\n", stored.error().message.c_str());
    }
  }
  return run;
}

std::string Counts(const ConfigResult& config) {
  return std::to_string(config.Count(CaseStatus::kPassed)) + " passed, " +
         std::to_string(config.Count(CaseStatus::kFailed)) + " failed, " +
         std::to_string(config.Count(CaseStatus::kSkipped)) + " skipped" +
         (config.harness_error ? " [did not deliver]" : "");
}

}  // namespace iommufd_conform
