#ifndef IOMMUFD_CONFORM_HARNESS_GATE_GATE_COMPARE_H_
#define IOMMUFD_CONFORM_HARNESS_GATE_GATE_COMPARE_H_

#include <string>
#include <string_view>
#include <vector>

#include "harness/gate/gate_result.h"

namespace iommufd_conform::gate {

enum class FindingKind {
  // Regressions: the patch's fault, exit 1.
  kNewFailure,     // a case that passed (or skipped) on the base fails on the patched kernel
  kNewDivergence,  // an unexpected divergence whose signature the base run did not show
  kNewSplat,       // the patched kernel crashed (panic, oops, WARN, KASAN) where the base did not
  kNoDelivery,     // the patched guest hung or died where the base delivered
  kNewFuzzFinding,  // the corpus replay stopped at a finding (or crashed) where the base's
                    // did not, or at another one
  kNewFailNthFinding,  // the fail-nth walk found (or crashed on) what it did not on the base
  kAbiBreak,       // an existing uAPI struct, field, number or flag changed
  // To review, not a regression.
  kUapiChange,      // a compatible uAPI change (a header changed, a struct grew)
  kChangedOutcome,  // a case passed on one side and skipped on the other, or ran on one only
  kFixed,           // failed on the base, passes patched
  kBaseBroken,      // the base could not be measured here: never counted against the patch
};

std::string_view FindingKindName(FindingKind kind);
bool IsRegression(FindingKind kind);

struct Finding {
  FindingKind kind;
  std::string arch;      // empty for uAPI findings
  std::string platform;  // empty for uAPI findings and build-level base breakage
  std::string test;      // Suite.Case, when the finding is about one case
  std::string detail;    // one line
  std::string evidence;  // longer text: a failure message, a splat, a divergence report
};

// Compares the patched side with the base platform by platform (matched by arch and
// platform), then the corpus replays, the fail-nth walks, then the uAPI delta. Regressions
// come first: uAPI breaks, splats, guests that stopped delivering, new failures, new
// divergences, fuzz and fail-nth findings; each kind in platform order.
std::vector<Finding> Compare(const GateSide& base, const GateSide& patched, const AbiDelta& abi);

}  // namespace iommufd_conform::gate

#endif  // IOMMUFD_CONFORM_HARNESS_GATE_GATE_COMPARE_H_
