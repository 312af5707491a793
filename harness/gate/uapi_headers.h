#ifndef IOMMUFD_CONFORM_HARNESS_GATE_UAPI_HEADERS_H_
#define IOMMUFD_CONFORM_HARNESS_GATE_UAPI_HEADERS_H_

#include <filesystem>

#include "harness/common/harness_error.h"

namespace iommufd_conform::gate {

// `make headers_install` of `tree` into `dest` (dest/include/linux/iommufd.h), with the
// generated files in a scratch object directory so the tree stays clean for O= builds.
// An existing `dest` with a completion mark is reused.
HarnessStatus ExportUapiHeaders(const std::filesystem::path& tree,
                                const std::filesystem::path& dest);

}  // namespace iommufd_conform::gate

#endif  // IOMMUFD_CONFORM_HARNESS_GATE_UAPI_HEADERS_H_
