#include "harness/kernel/source_registry.h"

#include <algorithm>
#include <cstdio>

#include "harness/common/paths.h"
#include "harness/common/process.h"
#include "harness/kernel/kernel_arch.h"
#include "harness/kernel/text_file.h"

namespace iommufd_conform {
namespace {

// fetch-source.sh's exit code for "Debian has no such package".
constexpr int kFetchNoPackage = 3;

HarnessResult<std::filesystem::path> FetchDebianSource(std::string_view version) {
  std::filesystem::path script = SourceDir() / "harness/kernel/fetch-source.sh";
  std::string last_line;
  ProcessSpec spec;
  spec.argv = {"bash", script.string(), std::string(version), CacheDir().string()};
  auto run = RunProcess(spec, [&](std::string_view line) {
    if (!Trim(line).empty()) last_line = Trim(line);
    std::fprintf(stderr, "kernel: fetch-source: %.*s\n", static_cast<int>(line.size()),
                 line.data());
    return true;
  });
  if (!run.ok()) return run.error();
  if (!run.value().Succeeded()) {
    std::string what = run.value().exit_code == kFetchNoPackage
                           ? "Debian has no package linux-source-" + std::string(version)
                           : "fetching linux-source-" + std::string(version) + " failed";
    return MakeError(HarnessErrorKind::kSourceUnavailable, what + ":\n" + run.value().output);
  }
  // The script prints the unpacked tree as its last line; apt's chatter comes before it.
  return std::filesystem::path(last_line);
}

}  // namespace

bool IsKnownVersion(std::string_view version) {
  return std::find(kKnownVersions.begin(), kKnownVersions.end(), version) != kKnownVersions.end();
}

std::string KnownVersionList() {
  std::string list;
  for (std::string_view version : kKnownVersions) {
    if (!list.empty()) list += ", ";
    list += version;
  }
  return list;
}

HarnessStatus CheckKernelTree(const std::filesystem::path& tree, Arch arch) {
  const std::filesystem::path must_exist[] = {
      "Makefile", "Kconfig", "scripts/kconfig/merge_config.sh",
      std::filesystem::path("arch") / std::string(KernelArchDir(arch)) / "Kconfig"};
  for (const auto& relative : must_exist) {
    std::error_code error;
    if (!std::filesystem::exists(tree / relative, error)) {
      return MakeError(HarnessErrorKind::kSourceUnavailable,
                       tree.string() + " is not a Linux source tree for " +
                           std::string(ArchName(arch)) + " (no " + relative.string() + ")");
    }
  }
  return Done{};
}

HarnessResult<KernelSource> ResolveSource(std::string_view source, Arch arch) {
  std::filesystem::path tree;
  if (IsKnownVersion(source)) {
    auto fetched = FetchDebianSource(source);
    if (!fetched.ok()) return fetched.error();
    tree = fetched.value();
  } else {
    std::error_code error;
    if (!std::filesystem::is_directory(std::string(source), error)) {
      return MakeError(HarnessErrorKind::kUsage, "unknown kernel source '" + std::string(source) +
                                                     "': neither a known version (" +
                                                     KnownVersionList() + ") nor a directory");
    }
    tree = std::string(source);
  }
  std::error_code error;
  std::filesystem::path canonical = std::filesystem::canonical(tree, error);
  if (error) {
    return MakeError(HarnessErrorKind::kSourceUnavailable,
                     "cannot resolve " + tree.string() + ": " + error.message());
  }
  if (auto check = CheckKernelTree(canonical, arch); !check.ok()) return check.error();
  return KernelSource{canonical, std::string(source)};
}

}  // namespace iommufd_conform
