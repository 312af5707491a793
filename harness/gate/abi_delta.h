#ifndef IOMMUFD_CONFORM_HARNESS_GATE_ABI_DELTA_H_
#define IOMMUFD_CONFORM_HARNESS_GATE_ABI_DELTA_H_

#include <string>
#include <vector>

#include "harness/gate/gate_result.h"

namespace iommufd_conform::gate {

// The files of a patch that define the uAPI the suite checks: exported headers
// (include/uapi/..., arch/*/include/uapi/...) and the selftest ABI in iommufd_test.h.
std::vector<std::string> UapiFilesIn(const std::vector<std::string>& patch_files);

// Both trees' headers were compared with the project's ABI catalog (`abi check`); what the
// base already mismatched is not the patch's doing. Of the patched tree's new mismatches, a
// struct that only grew, or an entry that appeared, is a compatible change to review;
// anything else (a field moved or resized, a number or flag changed, an entry gone) breaks
// the old ABI.
AbiDelta ClassifyAbi(const std::vector<std::string>& base_mismatches,
                     const std::vector<std::string>& patched_mismatches,
                     std::vector<std::string> changed_headers);

}  // namespace iommufd_conform::gate

#endif  // IOMMUFD_CONFORM_HARNESS_GATE_ABI_DELTA_H_
