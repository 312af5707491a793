#ifndef IOMMUFD_CONFORM_HARNESS_COMMON_UTC_TIME_H_
#define IOMMUFD_CONFORM_HARNESS_COMMON_UTC_TIME_H_

#include <string>

namespace iommufd_conform {

// The current time as ISO 8601 UTC, "2026-12-07T05:29:47Z": cache metadata and result files.
std::string UtcNow();

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_COMMON_UTC_TIME_H_
