#ifndef IOMMUFD_CONFORM_FUZZ_SEQUENCE_FINDING_CASE_H_
#define IOMMUFD_CONFORM_FUZZ_SEQUENCE_FINDING_CASE_H_

// A fuzzer's finding made into a regression case: the input shrunk while it still shows
// the same signature (op_shrinker.h), then printed as a GoogleTest case that replays it and
// expects each call to end as it did on the shrunk run (op_printer.h).

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "fuzz/sequence/memory_arena.h"
#include "fuzz/sequence/ops.h"
#include "fuzz/sequence/sequence_runner.h"
#include "harness/backend/backend.h"

namespace iommufd_conform::fuzz {

// One run of an input: the operations decoded, how each one's call ended (nullopt: it made
// none), and the finding's signature ("" when the run showed none).
struct FindingRun {
  std::vector<Op> ops;
  std::vector<std::optional<Outcome>> outcomes;
  std::string signature;
};

// Runs `input` on `backend` (the signature left empty for the caller to fill in), calling
// `after_step`, if given, after each call; device DMAs only with `device_dma`
// (SequenceRunner::set_device_dma).
FindingRun RunRecorded(Backend& backend, const MemoryArena& arena,
                       std::span<const uint8_t> input, size_t max_steps,
                       const std::function<void(const StepRecord&)>& after_step = nullptr,
                       bool device_dma = false);

using RunInput = std::function<FindingRun(std::span<const uint8_t>)>;

struct FindingCase {
  std::vector<uint8_t> input;  // the shrunk input
  std::vector<Op> ops;         // what it decoded to on its last run
  std::string test_case;       // a TEST_F for suites/regressions/fuzz_findings_test.cc
  size_t ops_before = 0;
  size_t ops_after = 0;
  size_t runs = 0;
};

// Shrinks `input`, whose run showed `signature`, in at most `max_runs` runs, and prints it.
// `note` opens the case's comment (which fuzzer, which kernel).
FindingCase MakeFindingCase(std::span<const uint8_t> input, const std::string& signature,
                            const RunInput& run, std::string_view note, size_t max_runs);

// Prints `found` for the host (harness/fuzz/finding_recorder.h) on stderr:
// "<target>: shrunk-input <hex>", then the case a line at a time after "<target>: case| ".
void PrintFindingCase(const char* target, const FindingCase& found);

}  // namespace iommufd_conform::fuzz

#endif  // IOMMUFD_CONFORM_FUZZ_SEQUENCE_FINDING_CASE_H_
