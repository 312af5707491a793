#ifndef IOMMUFD_CONFORM_FUZZ_TARGETS_CORPUS_MIRROR_H_
#define IOMMUFD_CONFORM_FUZZ_TARGETS_CORPUS_MIRROR_H_

#include <chrono>
#include <filesystem>
#include <set>
#include <string>

namespace iommufd_conform::fuzz {

// Copies the inputs libFuzzer adds to a corpus in guest memory out to the host's shared
// folder. libFuzzer writing each new input straight to the 9p share cost more than the
// fuzzing itself early in a run (187 against 375 exec/s on 7.2 vtd), so the guest keeps
// its corpus in RAM and this mirrors it: every few seconds from the fuzzing loop, and once
// more before a finding aborts or the run exits.
class CorpusMirror {
 public:
  CorpusMirror() = default;  // off
  // `spec` is "FROM:TO"; a malformed one leaves the mirror off.
  explicit CorpusMirror(const std::string& spec);
  bool enabled() const { return !from_.empty(); }
  // Copies what is new when the last copy is old enough.
  void MaybeSync();
  // Copies every input not copied yet, however recently it was written.
  void Sync() { Copy(std::filesystem::file_time_type::max()); }

 private:
  void Copy(std::filesystem::file_time_type written_before);

  std::filesystem::path from_;
  std::filesystem::path to_;
  std::set<std::string> copied_;
  std::chrono::steady_clock::time_point last_sync_ = std::chrono::steady_clock::now();
};

}  // namespace iommufd_conform::fuzz

#endif  // IOMMUFD_CONFORM_FUZZ_TARGETS_CORPUS_MIRROR_H_
