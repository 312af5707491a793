#ifndef IOMMUFD_CONFORM_HARNESS_RESULTS_HTML_REPORT_H_
#define IOMMUFD_CONFORM_HARNESS_RESULTS_HTML_REPORT_H_

// The run's report as one self-contained HTML page (no scripts, no network): what ran, the
// matrix of uAPI areas by platform, every case that did not plainly pass with its reason and
// divergence diff, and the uAPI call coverage. The data is conformance_matrix.h's and
// uapi_coverage.h's, as in the Markdown reports; html_report.tpl lays it out.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "harness/common/harness_error.h"
#include "harness/results/test_report.h"

namespace iommufd_conform {

struct HtmlReportContext {
  std::string command;    // what produced the results, as typed
  std::string generated;  // when, ISO 8601 UTC
  std::string summary;    // preformatted text shown first (the gate's verdict); "" for none
  // The readable diff of each unexpected divergence, by configuration name, then by case
  // ("IoasMapTest.Fixed"); a case with several has them one after another.
  std::map<std::string, std::map<std::string, std::string>> divergences;
};

HarnessResult<std::string> FormatHtmlReport(const std::vector<ConfigResult>& configs,
                                            const HtmlReportContext& context);

HarnessStatus WriteHtmlReport(const std::vector<ConfigResult>& configs,
                              const HtmlReportContext& context,
                              const std::filesystem::path& file);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_RESULTS_HTML_REPORT_H_
