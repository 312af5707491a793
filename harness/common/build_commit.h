#ifndef IOMMUFD_CONFORM_HARNESS_COMMON_BUILD_COMMIT_H_
#define IOMMUFD_CONFORM_HARNESS_COMMON_BUILD_COMMIT_H_

#include <string_view>

namespace iommufd_conform {

// The project commit this binary was built from (40 hex digits, "+uncommitted" when tracked
// files differed from it): the figure a published report names next to its command.
std::string_view BuildCommit();

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_COMMON_BUILD_COMMIT_H_
