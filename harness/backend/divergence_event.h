#ifndef IOMMUFD_CONFORM_HARNESS_BACKEND_DIVERGENCE_EVENT_H_
#define IOMMUFD_CONFORM_HARNESS_BACKEND_DIVERGENCE_EVENT_H_

#include <string>
#include <string_view>

namespace iommufd_conform {

// What the differential backend tells its owner about a call the two sides did not simply
// agree on.
struct DivergenceEvent {
  enum class Kind {
    kUnexpected,    // a divergence no manifest entry accepts: a failure
    kExpected,      // accepted by a manifest entry (`reason` names it)
    kUnverifiable,  // after an earlier call left the two states apart; not evidence
    kNotCovered,    // the model cannot serve the call; only the kernel ran it
  };
  Kind kind;
  std::string call;    // "IOMMU_IOAS_MAP"
  std::string reason;  // the manifest entry, why the model does not cover it, ...
  std::string report;  // the readable diff (FormatDivergence); empty for kNotCovered
};

inline std::string_view KindName(DivergenceEvent::Kind kind) {
  switch (kind) {
    case DivergenceEvent::Kind::kUnexpected: return "unexpected";
    case DivergenceEvent::Kind::kExpected: return "expected";
    case DivergenceEvent::Kind::kUnverifiable: return "unverifiable";
    case DivergenceEvent::Kind::kNotCovered: return "not covered";
  }
  return "unexpected";
}

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_BACKEND_DIVERGENCE_EVENT_H_
