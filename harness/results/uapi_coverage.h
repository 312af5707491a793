#ifndef IOMMUFD_CONFORM_HARNESS_RESULTS_UAPI_COVERAGE_H_
#define IOMMUFD_CONFORM_HARNESS_RESULTS_UAPI_COVERAGE_H_

// The list, generated from the ABI catalog, of every iommufd ioctl, selftest op and VFIO
// ioctl, with how often each configuration of a run exercised it. An entry a configuration's
// kernel has but no case called is named at the top: that is a gap in the suites.

#include <filesystem>
#include <string>
#include <vector>

#include "harness/common/harness_error.h"
#include "harness/results/test_report.h"

namespace iommufd_conform {

std::string FormatUapiCoverage(const std::vector<ConfigResult>& configs);

HarnessStatus WriteUapiCoverage(const std::vector<ConfigResult>& configs,
                                const std::filesystem::path& file);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_RESULTS_UAPI_COVERAGE_H_
