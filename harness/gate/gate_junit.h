#ifndef IOMMUFD_CONFORM_HARNESS_GATE_GATE_JUNIT_H_
#define IOMMUFD_CONFORM_HARNESS_GATE_GATE_JUNIT_H_

#include <string>

#include "harness/gate/gate_report.h"

namespace iommufd_conform::gate {

// JUnit XML of the gate: a "gate" suite with the verdict, the uAPI check, each platform's
// delivery and every check the gate did not run (as skipped), then one suite per patched
// platform whose cases fail only where they regressed; a case failing on the base too is
// skipped with that reason.
std::string FormatJunit(const GateReport& report);

}  // namespace iommufd_conform::gate

#endif  // IOMMUFD_CONFORM_HARNESS_GATE_GATE_JUNIT_H_
