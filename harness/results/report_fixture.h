#ifndef IOMMUFD_CONFORM_HARNESS_RESULTS_REPORT_FIXTURE_H_
#define IOMMUFD_CONFORM_HARNESS_RESULTS_REPORT_FIXTURE_H_

// Test data: a differential 7.2 run on x86_64 none and vtd with a case of every verdict, a
// configuration that crashed, an unexpected divergence and text that must be escaped.

#include <vector>

#include "harness/results/html_report.h"
#include "harness/results/test_report.h"

namespace iommufd_conform {

std::vector<ConfigResult> FixtureRun();
HtmlReportContext FixtureContext();

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_RESULTS_REPORT_FIXTURE_H_
