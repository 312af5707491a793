#include "fuzz/targets/corpus_mirror.h"

namespace iommufd_conform::fuzz {

namespace fs = std::filesystem;

namespace {

constexpr auto kSyncEvery = std::chrono::seconds(10);
// libFuzzer may still be writing an input this fresh; the next sync takes it.
constexpr auto kSettled = std::chrono::seconds(1);

}  // namespace

CorpusMirror::CorpusMirror(const std::string& spec) {
  size_t colon = spec.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == spec.size()) return;
  from_ = spec.substr(0, colon);
  to_ = spec.substr(colon + 1);
}

void CorpusMirror::MaybeSync() {
  if (!enabled() || std::chrono::steady_clock::now() - last_sync_ < kSyncEvery) return;
  Copy(fs::file_time_type::clock::now() - kSettled);
}

void CorpusMirror::Copy(fs::file_time_type written_before) {
  if (!enabled()) return;
  last_sync_ = std::chrono::steady_clock::now();
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(from_, error)) {
    std::string name = entry.path().filename().string();
    if (copied_.contains(name) || !entry.is_regular_file(error)) continue;
    if (entry.last_write_time(error) > written_before) continue;
    // Copy under a temporary name so the host never reads half an input.
    fs::path partial = to_ / ("." + name + ".partial");
    if (!fs::copy_file(entry.path(), partial, fs::copy_options::overwrite_existing, error)) {
      continue;
    }
    fs::rename(partial, to_ / name, error);
    if (!error) copied_.insert(name);
  }
}

}  // namespace iommufd_conform::fuzz
