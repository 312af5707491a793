#ifndef IOMMUFD_CONFORM_HARNESS_GATE_GATE_HTML_H_
#define IOMMUFD_CONFORM_HARNESS_GATE_GATE_HTML_H_

#include <string>

#include "harness/common/harness_error.h"
#include "harness/gate/gate_report.h"

namespace iommufd_conform::gate {

// The gate's DIR/report.html: its summary (what broke, where, the command that reproduces
// it) above the patched kernel's runs laid out as a run's report (results/html_report.h),
// their unexpected divergences with each case.
HarnessResult<std::string> FormatGateHtml(const GateReport& report, const std::string& command);

}  // namespace iommufd_conform::gate

#endif  // IOMMUFD_CONFORM_HARNESS_GATE_GATE_HTML_H_
