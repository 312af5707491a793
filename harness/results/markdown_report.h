#ifndef IOMMUFD_CONFORM_HARNESS_RESULTS_MARKDOWN_REPORT_H_
#define IOMMUFD_CONFORM_HARNESS_RESULTS_MARKDOWN_REPORT_H_

// The conformance report people read, in Markdown: the matrix of conformance_matrix.h and
// every case that did not plainly pass with its reason.

#include <filesystem>
#include <string>
#include <vector>

#include "harness/common/harness_error.h"
#include "harness/results/test_report.h"

namespace iommufd_conform {

std::string FormatMarkdownReport(const std::vector<ConfigResult>& configs);

HarnessStatus WriteMarkdownReport(const std::vector<ConfigResult>& configs,
                                  const std::filesystem::path& file);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_RESULTS_MARKDOWN_REPORT_H_
