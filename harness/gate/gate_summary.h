#ifndef IOMMUFD_CONFORM_HARNESS_GATE_GATE_SUMMARY_H_
#define IOMMUFD_CONFORM_HARNESS_GATE_GATE_SUMMARY_H_

#include <string>

#include "harness/gate/gate_report.h"

namespace iommufd_conform::gate {

// Plain text for a reply on a mailing list: the verdict, then what broke, on which platform
// and the one command that reproduces it, then the details (base, patch, kernels, per-platform
// counts, uAPI, what the gate did not check).
std::string FormatSummary(const GateReport& report);

}  // namespace iommufd_conform::gate

#endif  // IOMMUFD_CONFORM_HARNESS_GATE_GATE_SUMMARY_H_
