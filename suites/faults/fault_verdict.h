#ifndef IOMMUFD_CONFORM_SUITES_FAULTS_FAULT_VERDICT_H_
#define IOMMUFD_CONFORM_SUITES_FAULTS_FAULT_VERDICT_H_

// Whether a differential run with a model fault switched on caught it: the run failed and its
// divergence report (--diff-report, suites/support/divergence_listener.cc) names the call and
// the difference the fault's registry entry expects.

#include <string>
#include <string_view>
#include <vector>

#include "suites/faults/model_fault_registry.h"

namespace iommufd_conform {

// One unexpected divergence of a report: the case it happened in, the call ("IOMMU_IOAS_MAP")
// and its "first difference" line after the label ("result: kernel EEXIST, model EINVAL").
struct ReportedDivergence {
  std::string test;
  std::string call;
  std::string first_difference;
};

// The unexpected divergences in the text of a --diff-report file, in order. The only place
// that knows the report's layout.
std::vector<ReportedDivergence> UnexpectedDivergences(std::string_view report);

struct FaultVerdict {
  enum class Kind {
    kCaught,           // the run failed with the expected divergence
    kMissed,           // the run passed: the oracle did not see the fault
    kWrongReport,      // the run failed, but no divergence names the expected call and detail
    kKnownMiss,        // not caught, as the registry's known_miss says
    kKnownMissCaught,  // caught after all: the known_miss note is out of date
  };
  Kind kind;
  std::string why;  // for people: what the run showed
  // Whether the model-fault test passes with this verdict.
  bool ok() const { return kind == Kind::kCaught || kind == Kind::kKnownMiss; }
};

// `failed`: the suite run exited with failing cases (status 1).
FaultVerdict JudgeFaultRun(const ModelFaultSpec& spec, bool failed, std::string_view report);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_SUITES_FAULTS_FAULT_VERDICT_H_
