#ifndef IOMMUFD_CONFORM_HARNESS_GATE_DIVERGENCE_FILE_H_
#define IOMMUFD_CONFORM_HARNESS_GATE_DIVERGENCE_FILE_H_

#include <string_view>
#include <vector>

#include "harness/gate/gate_result.h"

namespace iommufd_conform::gate {

// The unexpected divergences in a differential run's `divergences.txt` (the suite's
// --diff-report): a summary, then one block per divergence headed "<Suite.Case>: <kind>".
// Expected, unverifiable and not-covered blocks are skipped: the manifest accepts them.
std::vector<Divergence> ParseUnexpectedDivergences(std::string_view text);

}  // namespace iommufd_conform::gate

#endif  // IOMMUFD_CONFORM_HARNESS_GATE_DIVERGENCE_FILE_H_
