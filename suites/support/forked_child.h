#ifndef IOMMUFD_CONFORM_SUITES_SUPPORT_FORKED_CHILD_H_
#define IOMMUFD_CONFORM_SUITES_SUPPORT_FORKED_CHILD_H_

#include <functional>
#include <optional>

#include "reference/uapi/outcome.h"

namespace iommufd_conform {

// Runs `call` in a forked child and returns its outcome (ret and errno; output bytes stay
// in the child). The child inherits the open descriptors and, for the model, a copy of its
// state: another process with its own mm on the same iommufd. nullopt when the fork failed,
// the child could not report, or `call` itself answered nullopt (it could not make the call).
std::optional<Outcome> InForkedChild(const std::function<std::optional<Outcome>()>& call);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_SUITES_SUPPORT_FORKED_CHILD_H_
