#ifndef IOMMUFD_CONFORM_SUITES_SUPPORT_WITHOUT_CAPABILITY_H_
#define IOMMUFD_CONFORM_SUITES_SUPPORT_WITHOUT_CAPABILITY_H_

#include <functional>
#include <optional>

#include "reference/uapi/outcome.h"

namespace iommufd_conform {

// Runs `call` in a forked child that has dropped `capability` from its effective set, and
// returns the child's outcome (ret and errno; the output bytes stay in the child). The
// child inherits the open descriptors and, for the model, a copy of its state, so both
// backends answer as for an unprivileged process. nullopt if the fork or the drop failed.
std::optional<Outcome> WithoutCapability(int capability, const std::function<Outcome()>& call);

// Whether this process holds `capability` in its effective set.
bool Holds(int capability);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_SUITES_SUPPORT_WITHOUT_CAPABILITY_H_
