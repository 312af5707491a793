#ifndef IOMMUFD_CONFORM_FUZZ_SEQUENCE_OP_SHRINKER_H_
#define IOMMUFD_CONFORM_FUZZ_SEQUENCE_OP_SHRINKER_H_

// Makes a finding's input small before it is recorded: deletes operations (halves, then
// smaller runs, then single ones), then moves each field toward zero (a choice toward the
// first live object, the first IOVA, one page; a wide value toward 0), keeping every change
// that still shows the same finding.

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "fuzz/sequence/ops.h"

namespace iommufd_conform::fuzz {

// Runs an input; when it still shows the finding, the operations the run decoded from it
// (SequenceRunner::ops), else nullopt.
using FindingCheck = std::function<std::optional<std::vector<Op>>(std::span<const uint8_t>)>;

struct ShrinkResult {
  std::vector<Op> ops;  // what the input decodes to, on the runs that showed the finding
  std::vector<uint8_t> input;
  size_t runs = 0;  // the checks made
};

// `ops` shows the finding. At most `max_runs` checks.
ShrinkResult ShrinkOps(std::vector<Op> ops, const FindingCheck& check, size_t max_runs);

}  // namespace iommufd_conform::fuzz

#endif  // IOMMUFD_CONFORM_FUZZ_SEQUENCE_OP_SHRINKER_H_
