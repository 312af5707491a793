#ifndef IOMMUFD_CONFORM_HARNESS_GATE_GATE_JSON_H_
#define IOMMUFD_CONFORM_HARNESS_GATE_GATE_JSON_H_

#include <nlohmann/json.hpp>

#include "harness/gate/gate_report.h"

namespace iommufd_conform::gate {

// gate.json: the verdict and exit status, base and patch, builds, findings (with their
// reproducers), per-platform counts of both sides, the uAPI delta and the checks not run.
nlohmann::json GateJson(const GateReport& report);

}  // namespace iommufd_conform::gate

#endif  // IOMMUFD_CONFORM_HARNESS_GATE_GATE_JSON_H_
