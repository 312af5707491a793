#include "harness/kernel/kernel_cache.h"

#include <unistd.h>

#include <algorithm>

#include "harness/common/paths.h"
#include "harness/kernel/text_file.h"

namespace iommufd_conform {
namespace {

constexpr std::string_view kMetadataFile = "metadata";

HarnessStatus CopyGcnoFiles(const EntryFiles& files, const std::filesystem::path& to) {
  namespace fs = std::filesystem;
  std::error_code error;
  for (const std::string& dir : files.gcno_dirs) {
    fs::path from = files.objects / dir;
    if (!fs::is_directory(from, error)) continue;  // a driver this arch does not build
    for (auto it = fs::recursive_directory_iterator(from, error);
         !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
      if (it->path().extension() != ".gcno") continue;
      fs::path target = to / fs::relative(it->path(), files.objects, error);
      fs::create_directories(target.parent_path(), error);
      if (!error) fs::copy_file(it->path(), target, fs::copy_options::overwrite_existing, error);
      if (error) break;
    }
    if (error) {
      return MakeError(HarnessErrorKind::kIo,
                       "cannot copy the .gcno files of " + from.string() + ": " + error.message());
    }
  }
  return Done{};
}

}  // namespace

std::filesystem::path GcnoDir(const BuiltKernel& kernel) { return kernel.cache_dir / kGcnoDir; }

std::filesystem::path KernelsDir() { return CacheDir() / "kernels"; }
std::filesystem::path WorkspacesDir() { return CacheDir() / "build"; }
std::filesystem::path LocksDir() { return CacheDir() / "locks"; }

std::string FormatMetadata(const KernelMetadata& metadata) {
  std::string text;
  for (const auto& [name, value] : metadata) text += name + ": " + value + "\n";
  return text;
}

KernelMetadata ParseMetadata(std::string_view text) {
  KernelMetadata metadata;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    metadata[std::string(Trim(line.substr(0, colon)))] = std::string(Trim(line.substr(colon + 1)));
  }
  return metadata;
}

std::optional<BuiltKernel> LookupCachedKernel(const std::string& key) {
  std::filesystem::path dir = KernelsDir() / key;
  auto text = ReadTextFile(dir / kMetadataFile);
  if (!text.ok()) return std::nullopt;
  KernelMetadata metadata = ParseMetadata(text.value());
  auto arch = ParseArch(metadata["arch"]);
  std::error_code error;
  if (!arch || metadata["image"].empty() ||
      !std::filesystem::is_regular_file(dir / metadata["image"], error)) {
    return std::nullopt;
  }
  return BuiltKernel{dir / metadata["image"], dir / "config", metadata["release"], *arch, dir};
}

HarnessResult<BuiltKernel> PublishKernel(const std::string& key, const EntryFiles& files,
                                         const KernelMetadata& metadata) {
  std::filesystem::path final_dir = KernelsDir() / key;
  std::filesystem::path staging = KernelsDir() / (".tmp-" + key + "-" + std::to_string(getpid()));
  std::error_code error;
  std::filesystem::remove_all(staging, error);
  std::filesystem::create_directories(staging, error);
  auto copy = [&](const std::filesystem::path& from, const std::string& name) {
    std::filesystem::copy_file(from, staging / name,
                               std::filesystem::copy_options::overwrite_existing, error);
    return !error;
  };
  if (error || !copy(files.image, files.image.filename().string()) ||
      !copy(files.config, "config") || !copy(files.build_log, "build.log")) {
    std::string why = error.message();
    std::filesystem::remove_all(staging, error);
    return MakeError(HarnessErrorKind::kIo,
                     "cannot fill cache entry " + staging.string() + ": " + why);
  }
  if (auto copied = CopyGcnoFiles(files, staging / kGcnoDir); !copied.ok()) {
    std::filesystem::remove_all(staging, error);
    return copied.error();
  }
  if (auto written = WriteTextFile(staging / "key.txt", files.key_description); !written.ok()) {
    return written.error();
  }
  if (auto written = WriteTextFile(staging / kMetadataFile, FormatMetadata(metadata));
      !written.ok()) {
    return written.error();
  }
  // The rename publishes the entry whole. Under the key's lock, a directory already there can
  // only be an incomplete leftover.
  std::filesystem::remove_all(final_dir, error);
  std::filesystem::rename(staging, final_dir, error);
  if (error) {
    return MakeError(HarnessErrorKind::kIo,
                     "cannot move " + staging.string() + " into place: " + error.message());
  }
  auto published = LookupCachedKernel(key);
  if (!published) return MakeError(HarnessErrorKind::kIo, "cache entry " + key + " is unreadable");
  return *published;
}

std::vector<CachedEntry> ListCachedKernels() {
  std::vector<CachedEntry> entries;
  std::error_code error;
  for (const auto& dir : std::filesystem::directory_iterator(KernelsDir(), error)) {
    std::string key = dir.path().filename().string();
    if (key.front() == '.') continue;
    auto text = ReadTextFile(dir.path() / kMetadataFile);
    if (!text.ok()) continue;
    entries.push_back({key, ParseMetadata(text.value())});
  }
  auto built_at = [](const CachedEntry& entry) {
    auto found = entry.metadata.find("built_at");
    return found == entry.metadata.end() ? std::string() : found->second;
  };
  std::sort(entries.begin(), entries.end(),
            [&](const auto& a, const auto& b) { return built_at(a) < built_at(b); });
  return entries;
}

}  // namespace iommufd_conform
