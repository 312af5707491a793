#ifndef IOMMUFD_CONFORM_HARNESS_GATE_GATE_VERDICT_H_
#define IOMMUFD_CONFORM_HARNESS_GATE_GATE_VERDICT_H_

#include <string>
#include <string_view>
#include <vector>

#include "harness/gate/gate_compare.h"
#include "harness/gate/gate_result.h"

namespace iommufd_conform::gate {

struct Verdict {
  enum class Kind { kPass, kRegression, kBuildFailed, kBaseBroken, kHarnessError };
  Kind kind;
  // For the last three: the harness error whose documented exit code the gate returns.
  HarnessErrorKind error = HarnessErrorKind::kIo;
  std::string headline;  // one line: "PASS: ...", "REGRESSION: ...", "BASE BROKEN: ..."
};

std::string_view VerdictName(Verdict::Kind kind);  // "pass", "regression", ...

// In order: a patched tree that does not build; a regression; a base that could not be
// measured somewhere ("base broken", with the base's own error, never a regression); a
// patched run the harness could not complete; otherwise a pass. A base broken on some
// platforms only outranks a pass elsewhere: that verdict is incomplete, and the summary says
// where.
Verdict Decide(const GateSide& base, const GateSide& patched, const std::vector<Finding>& findings);

}  // namespace iommufd_conform::gate

#endif  // IOMMUFD_CONFORM_HARNESS_GATE_GATE_VERDICT_H_
