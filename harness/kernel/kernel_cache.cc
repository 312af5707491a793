#include "harness/kernel/kernel_cache.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "harness/common/paths.h"
#include "harness/kernel/file_lock.h"
#include "harness/kernel/image_header.h"
#include "harness/kernel/sha256.h"
#include "harness/kernel/text_file.h"

namespace iommufd_conform {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kMetadataFile = "metadata";
constexpr std::string_view kStagingPrefix = ".tmp-";

// "<sha256>  <path>" for every file of the entry but the metadata and the list itself.
HarnessResult<std::string> ComputeChecksums(const fs::path& entry) {
  std::vector<std::string> files;
  std::error_code error;
  for (auto it = fs::recursive_directory_iterator(entry, error);
       !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    if (!it->is_regular_file(error)) continue;
    std::string relative = fs::relative(it->path(), entry, error).string();
    if (relative != kMetadataFile && relative != kChecksumsFile) files.push_back(relative);
  }
  if (error) {
    return MakeError(HarnessErrorKind::kIo,
                     "cannot list " + entry.string() + ": " + error.message());
  }
  std::sort(files.begin(), files.end());
  std::string text;
  for (const std::string& file : files) {
    auto hash = Sha256OfFile(entry / file);
    if (!hash.ok()) return hash.error();
    text += hash.value() + "  " + file + "\n";
  }
  return text;
}

// Why the entry's files differ from its checksums, or "" when each one matches.
std::string VerifyChecksums(const fs::path& entry, std::string_view list,
                            const std::string& image) {
  bool image_listed = false;
  while (!list.empty()) {
    size_t end = list.find('\n');
    std::string_view line = list.substr(0, end);
    list.remove_prefix(end == std::string_view::npos ? list.size() : end + 1);
    size_t gap = line.find("  ");
    if (gap == std::string_view::npos) return std::string(kChecksumsFile) + " is damaged";
    std::string file(line.substr(gap + 2));
    image_listed |= file == image;
    auto hash = Sha256OfFile(entry / file);
    if (!hash.ok()) return file + " is missing or unreadable";
    if (hash.value() != line.substr(0, gap)) return file + " does not match its checksum";
  }
  return image_listed ? "" : std::string(kChecksumsFile) + " does not list " + image;
}

// The checksum list goes in before the metadata, which completes an entry.
HarnessStatus WriteChecksums(const fs::path& entry) {
  auto list = ComputeChecksums(entry);
  if (!list.ok()) return list.error();
  return WriteTextFile(entry / kChecksumsFile, list.value());
}

HarnessError StagingError(const fs::path& staging, const HarnessError& cause) {
  std::error_code ignored;
  fs::remove_all(staging, ignored);
  return MakeError(cause.kind, "cannot fill cache entry " + staging.string() + ": " +
                                   cause.message + " (the cache is left as it was)");
}

HarnessStatus CopyGcnoFiles(const EntryFiles& files, const std::filesystem::path& to) {
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

CacheLookup LookupCachedKernel(const std::string& key) {
  fs::path dir = KernelsDir() / key;
  std::error_code error;
  if (!fs::exists(dir, error)) return {};
  auto text = ReadTextFile(dir / kMetadataFile);
  if (!text.ok()) return {std::nullopt, "it has no metadata", false};
  KernelMetadata metadata = ParseMetadata(text.value());
  auto arch = ParseArch(metadata["arch"]);
  const std::string& image = metadata["image"];
  if (!arch || image.empty()) {
    return {std::nullopt, "its metadata names no arch or image", false};
  }
  BuiltKernel kernel{dir / image, dir / "config", metadata["release"], *arch, dir};
  auto list = ReadTextFile(dir / kChecksumsFile);
  if (!list.ok()) {
    // Made before entries carried checksums: the image's header is all there is to check.
    if (KernelImageArch(kernel.image) != *arch) {
      std::string arch_name(ArchName(*arch));
      return {std::nullopt, image + " is not a " + arch_name + " kernel image", false};
    }
    return {kernel, "", true};
  }
  if (std::string problem = VerifyChecksums(dir, list.value(), image); !problem.empty()) {
    return {std::nullopt, problem, false};
  }
  return {kernel, "", false};
}

HarnessResult<std::optional<BuiltKernel>> TakeCachedKernel(const std::string& key) {
  CacheLookup found = LookupCachedKernel(key);
  fs::path dir = KernelsDir() / key;
  if (found.kernel && found.unverified) {
    std::fprintf(stderr, "kernel: cache entry %s predates checksums; recording them now\n",
                 key.c_str());
    if (auto written = WriteChecksums(dir); !written.ok()) return written.error();
  }
  if (found.kernel) return found.kernel;
  if (!found.problem.empty()) {
    std::fprintf(stderr, "kernel: cache entry %s is corrupt (%s); rebuilding it\n", key.c_str(),
                 found.problem.c_str());
    std::error_code error;
    fs::remove_all(dir, error);
    if (error) {
      return MakeError(HarnessErrorKind::kIo, "cannot remove the corrupt cache entry " +
                                                  dir.string() + ": " + error.message());
    }
  }
  return std::optional<BuiltKernel>();
}

std::vector<fs::path> RemoveInterruptedEntries() {
  std::vector<fs::path> removed;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(KernelsDir(), error)) {
    std::string name = entry.path().filename().string();
    if (name.rfind(kStagingPrefix, 0) != 0) continue;
    // .tmp-<key>-<pid>: the key's lock is held for as long as its build fills the directory.
    std::string key = name.substr(kStagingPrefix.size());
    key = key.substr(0, key.find('-'));
    auto lock = FileLock::TryAcquire(LocksDir() / (key + ".lock"));
    if (!lock.ok()) continue;
    std::error_code ignored;
    if (fs::remove_all(entry.path(), ignored) > 0 && !ignored) removed.push_back(entry.path());
  }
  return removed;
}

HarnessResult<BuiltKernel> PublishKernel(const std::string& key, const EntryFiles& files,
                                         const KernelMetadata& metadata) {
  fs::path final_dir = KernelsDir() / key;
  fs::path staging =
      KernelsDir() / (std::string(kStagingPrefix) + key + "-" + std::to_string(getpid()));
  std::error_code error;
  fs::remove_all(staging, error);
  fs::create_directories(staging, error);
  auto copy = [&](const fs::path& from, const std::string& name) {
    fs::copy_file(from, staging / name, fs::copy_options::overwrite_existing, error);
    return !error;
  };
  if (error || !copy(files.image, files.image.filename().string()) ||
      !copy(files.config, "config") || !copy(files.build_log, "build.log")) {
    return StagingError(staging, MakeError(HarnessErrorKind::kIo, error.message()));
  }
  if (auto copied = CopyGcnoFiles(files, staging / kGcnoDir); !copied.ok()) {
    return StagingError(staging, copied.error());
  }
  if (auto written = WriteTextFile(staging / "key.txt", files.key_description); !written.ok()) {
    return StagingError(staging, written.error());
  }
  if (auto written = WriteChecksums(staging); !written.ok()) {
    return StagingError(staging, written.error());
  }
  if (auto written = WriteTextFile(staging / kMetadataFile, FormatMetadata(metadata));
      !written.ok()) {
    return StagingError(staging, written.error());
  }
  // The rename publishes the entry whole. Under the key's lock, a directory already there can
  // only be an incomplete leftover.
  fs::remove_all(final_dir, error);
  fs::rename(staging, final_dir, error);
  if (error) {
    return StagingError(staging, MakeError(HarnessErrorKind::kIo,
                                           "cannot move it into place: " + error.message()));
  }
  CacheLookup published = LookupCachedKernel(key);
  if (!published.kernel) {
    return MakeError(HarnessErrorKind::kIo,
                     "cache entry " + key + " is unusable right after it was written: " +
                         published.problem);
  }
  return *published.kernel;
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
