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

// What one configuration did with one catalog entry.
struct CoverageCell {
  enum class Kind { kAbsent, kUnreported, kNever, kCalled } kind = Kind::kUnreported;
  int succeeded = 0;
  int failed = 0;
};

struct CoverageRow {
  std::string entry;               // the kernel's name, e.g. IOMMU_IOAS_MAP
  std::vector<CoverageCell> cells;  // one per configuration
};

struct CoverageFamily {
  std::string title;  // "iommufd ioctls", ...
  std::vector<CoverageRow> rows;
};

// Per configuration: whether the suite reported its calls, how many catalog entries its
// kernel has, and those no case called.
struct CoverageGaps {
  const ConfigResult* config;
  bool reported = false;
  int present = 0;
  std::vector<std::string> never;
};

struct UapiCoverage {
  std::vector<CoverageGaps> gaps;
  std::vector<CoverageFamily> families;
};

// Points into `configs`, which must outlive it.
UapiCoverage BuildUapiCoverage(const std::vector<ConfigResult>& configs);

std::string FormatUapiCoverage(const std::vector<ConfigResult>& configs);

HarnessStatus WriteUapiCoverage(const std::vector<ConfigResult>& configs,
                                const std::filesystem::path& file);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_RESULTS_UAPI_COVERAGE_H_
