#ifndef IOMMUFD_CONFORM_HARNESS_FUZZ_FINDING_RECORDER_H_
#define IOMMUFD_CONFORM_HARNESS_FUZZ_FINDING_RECORDER_H_

// Follows a differential fuzzer's console (fuzz/targets/diff_fuzzer.cc) through one run and
// keeps its finding, if any: the signature line, the readable report, and the file libFuzzer
// wrote the input to. A campaign records the finding and restarts the run with the signature
// among the known ones, so the next run fuzzes past it.

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace iommufd_conform {

struct VmFinding {
  std::string signature;  // "IOMMU_IOAS_ALLOC result: kernel EFAULT, model E2BIG"
  std::string report;     // the divergence report or splat, and the steps before it
  std::string artifact;   // the input's file name in the findings folder: "crash-<sha1>"
  // The input shrunk while it keeps the signature, and printed as a GoogleTest case for
  // suites/regressions (fuzz/sequence/finding_case.h); empty when the fuzzer printed none.
  std::vector<uint8_t> shrunk_input;
  std::string test_case;
};

class FindingRecorder {
 public:
  void Feed(std::string_view line);
  // The run's finding once libFuzzer has written its input; nullopt otherwise.
  std::optional<VmFinding> Finding() const;
  // What the lines so far carried, written out or not (a replay of a written finding).
  const VmFinding& Seen() const { return finding_; }
  void Reset() { *this = FindingRecorder(); }

 private:
  VmFinding finding_;
  bool in_report_ = false;
};

// The campaign's known signatures, one a line in `path`.
std::set<std::string> ReadKnownSignatures(const std::filesystem::path& path);

// Appends the signature to `known` unless it is there already (a known kernel splat still
// ends a run) and writes `<findings>/<artifact>.txt` with the signature and the report, and,
// when the finding was shrunk, `<artifact>.shrunk` (the input) and `<artifact>_test.cc`
// (the case). False when a file could not be written.
bool RecordFinding(const VmFinding& finding, const std::filesystem::path& known,
                   const std::filesystem::path& findings);

// Writes `<base>.shrunk` and `<base>_test.cc` when `finding` carries a shrunk case. False
// when a file could not be written.
bool WriteShrunkCase(const VmFinding& finding, const std::filesystem::path& base);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_FUZZ_FINDING_RECORDER_H_
