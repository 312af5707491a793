#include "harness/kernel/kernel_builder.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>

#include "harness/kernel/build_tools.h"
#include "harness/kernel/cache_key.h"
#include "harness/kernel/config_check.h"
#include "harness/kernel/config_fragments.h"
#include "harness/kernel/file_lock.h"
#include "harness/kernel/image_header.h"
#include "harness/kernel/interrupted_build.h"
#include "harness/kernel/kbuild_args.h"
#include "harness/kernel/kernel_build.h"
#include "harness/kernel/kernel_cache.h"
#include "harness/common/utc_time.h"
#include "harness/kernel/source_identity.h"
#include "harness/kernel/source_registry.h"

namespace iommufd_conform {
namespace {

std::string Joined(const std::vector<std::string>& items, std::string_view separator) {
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : std::string(separator)) + item;
  return text;
}

BuiltKernel ReportCached(BuiltKernel kernel) {
  std::fprintf(stderr, "cached: %s\n", kernel.image.c_str());
  return kernel;
}

// Configures, checks and compiles in the plan's object directory, then publishes the result.
HarnessResult<BuiltKernel> BuildAndPublish(const BuildPlan& plan, const CacheKey& key,
                                           KernelMetadata metadata, bool keep_gcno) {
  auto start = std::chrono::steady_clock::now();
  auto in_progress = BuildInProgress::Begin(plan.objects);
  if (!in_progress.ok()) return in_progress.error();
  std::fprintf(stderr, "kernel: configuring %s for %s in %s\n", metadata["source"].c_str(),
               metadata["arch"].c_str(), plan.objects.c_str());
  if (auto configured = ConfigureKernel(plan); !configured.ok()) return configured.error();
  if (auto checked = CheckFinalConfig(plan.tree, plan.arch, FinalConfigPath(plan), plan.fragments);
      !checked.ok()) {
    return checked.error();
  }
  if (auto compiled = CompileKernel(plan); !compiled.ok()) return compiled.error();
  auto release = KernelRelease(plan);
  if (!release.ok()) return release.error();

  auto seconds =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start)
          .count();
  metadata["release"] = release.value();
  metadata["image"] = ImagePath(plan).filename().string();
  metadata["build_seconds"] = std::to_string(seconds);
  metadata["built_at"] = UtcNow();
  EntryFiles files{ImagePath(plan), FinalConfigPath(plan), BuildLogPath(plan), key.description,
                   plan.objects, {}};
  if (keep_gcno) files.gcno_dirs.assign(kGcovDirs.begin(), kGcovDirs.end());
  auto published = PublishKernel(key.hash, files, metadata);
  if (published.ok()) {
    std::fprintf(stderr, "kernel: built %s for %s in %llds: %s\n", release.value().c_str(),
                 metadata["arch"].c_str(), static_cast<long long>(seconds),
                 published.value().cache_dir.c_str());
  }
  return published;
}

}  // namespace

HarnessResult<BuiltKernel> EnsureKernel(const KernelRequest& request) {
  auto extras = NormalizeExtras(request.extras);
  if (!extras.ok()) return extras.error();
  auto fragments = SelectFragments(request.arch, extras.value(), request.user_fragments);
  if (!fragments.ok()) return fragments.error();
  auto source = ResolveSource(request.source, request.arch);
  if (!source.ok()) return source.error();
  auto toolchain = CheckBuildTools(request.arch);
  if (!toolchain.ok()) return toolchain.error();
  auto identity = SourceIdentity(source.value().tree);
  if (!identity.ok()) return identity.error();

  BuildPlan plan{.tree = source.value().tree,
                 .arch = request.arch,
                 .fragments = fragments.value(),
                 .make_variables = InstrumentationVariables(extras.value())};
  auto key = ComputeCacheKey(
      {identity.value(), request.arch, plan.fragments, plan.make_variables, toolchain.value()});
  if (!key.ok()) return key.error();
  const std::string& hash = key.value().hash;
  for (const auto& leftover : RemoveInterruptedEntries()) {
    std::fprintf(stderr,
                 "kernel: removed %s, left by a build that was stopped before it finished\n",
                 leftover.c_str());
  }
  if (CacheLookup cached = LookupCachedKernel(hash); cached.kernel && !cached.unverified) {
    return ReportCached(*cached.kernel);
  }

  // Another process may be building the same kernel: wait for it, then take its result.
  auto key_lock = FileLock::Acquire(LocksDir() / (hash + ".lock"),
                                    "kernel: waiting for another build of " + hash +
                                        " (another run uses this cache)");
  if (!key_lock.ok()) return key_lock.error();
  auto cached = TakeCachedKernel(hash);
  if (!cached.ok()) return cached.error();
  if (cached.value()) return ReportCached(*cached.value());

  std::string workspace = WorkspaceName(plan.tree, request.arch, plan.fragments);
  auto workspace_lock = FileLock::Acquire(LocksDir() / ("build-" + workspace + ".lock"),
                                          "kernel: waiting for " + workspace + " to be free");
  if (!workspace_lock.ok()) return workspace_lock.error();
  plan.objects = WorkspacesDir() / workspace;

  std::vector<std::string> fragment_names;
  for (const auto& fragment : plan.fragments) fragment_names.push_back(fragment.name);
  KernelMetadata metadata = {
      {"source", source.value().label},        {"tree", plan.tree.string()},
      {"source_identity", identity.value()},   {"arch", std::string(ArchName(request.arch))},
      {"extras", Joined(extras.value(), ",")}, {"fragments", Joined(fragment_names, " ")},
      {"toolchain", toolchain.value()},
  };
  const bool coverage =
      std::find(extras.value().begin(), extras.value().end(), "coverage") != extras.value().end();
  return BuildAndPublish(plan, key.value(), std::move(metadata), coverage);
}

HarnessResult<BuiltKernel> ResolveKernel(std::string_view value, Arch arch,
                                         const std::vector<std::string>& extras) {
  std::filesystem::path path(value);
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    return EnsureKernel({.source = std::string(value), .arch = arch, .extras = extras});
  }
  std::optional<Arch> image_arch = KernelImageArch(path);
  if (image_arch && *image_arch != arch) {
    return MakeError(HarnessErrorKind::kUsage,
                     path.string() + " is an " + std::string(ArchName(*image_arch)) +
                         " kernel image, not " + std::string(ArchName(arch)));
  }
  if (!image_arch) {
    std::fprintf(stderr, "kernel: note: %s has no bzImage or arm64 Image header; using it as is\n",
                 path.c_str());
  }
  if (!extras.empty()) {
    std::fprintf(stderr, "kernel: note: extras (%s) do not apply to a prebuilt image\n",
                 Joined(extras, ",").c_str());
  }
  return BuiltKernel{.image = std::filesystem::absolute(path), .arch = arch};
}

}  // namespace iommufd_conform
