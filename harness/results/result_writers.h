#ifndef IOMMUFD_CONFORM_HARNESS_RESULTS_RESULT_WRITERS_H_
#define IOMMUFD_CONFORM_HARNESS_RESULTS_RESULT_WRITERS_H_

#include <filesystem>
#include <vector>

#include "harness/common/harness_error.h"
#include "harness/results/test_report.h"

namespace iommufd_conform {

// One JUnit <testsuites> document: a <testsuite> per configuration and GoogleTest suite,
// named "<config>.<suite>"; a configuration that failed to deliver gets a failing
// "harness" case carrying the error text (a panic's splat, a build log's tail). A kernel
// bug's expected failure is a <skipped type="xfail"> with the property xfail (its manifest
// id); an xpass is a pass with the property xpass.
HarnessStatus WriteJunit(const std::vector<ConfigResult>& configs,
                         const std::filesystem::path& file);

// A JSON summary: per configuration its identity, counts (a passing case with calls that
// were not compared counts as "unverified", not "passed"; a kernel bug's reproducer on a
// kernel its entry lists as "xfail" or "xpass", with the xpass cases named), how the calls
// of a differential run ended ("calls", null otherwise), status and harness error. An xpass
// does not fail a configuration: a fixed kernel bug is news, not a regression.
HarnessStatus WriteSummaryJson(const std::vector<ConfigResult>& configs,
                               const std::filesystem::path& file);

// A differential configuration that made calls and compared none of them proved nothing:
// it fails, whatever its cases said.
bool NothingCompared(const ConfigResult& config);

// "error" (it could not deliver), "failed" (a case failed, or nothing was compared), else
// "passed": the configuration's status in summary.json and the HTML report.
std::string_view ConfigStatus(const ConfigResult& config);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_RESULTS_RESULT_WRITERS_H_
