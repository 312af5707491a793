#ifndef IOMMUFD_CONFORM_HARNESS_RESULTS_MARKDOWN_REPORT_H_
#define IOMMUFD_CONFORM_HARNESS_RESULTS_MARKDOWN_REPORT_H_

// The conformance report people read: for each target and kernel, a matrix of uAPI areas
// (one per suite source file) by platform, and every case that did not plainly pass with
// its reason.

#include <filesystem>
#include <string>
#include <vector>

#include "harness/common/harness_error.h"
#include "harness/results/test_report.h"

namespace iommufd_conform {

// "suites/ioas/ioas_map_test.cc" -> "ioas/map"; cases without a file are "(unknown)".
std::string AreaOf(const CaseResult& result);

std::string FormatMarkdownReport(const std::vector<ConfigResult>& configs);

HarnessStatus WriteMarkdownReport(const std::vector<ConfigResult>& configs,
                                  const std::filesystem::path& file);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_RESULTS_MARKDOWN_REPORT_H_
