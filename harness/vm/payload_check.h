#ifndef IOMMUFD_CONFORM_HARNESS_VM_PAYLOAD_CHECK_H_
#define IOMMUFD_CONFORM_HARNESS_VM_PAYLOAD_CHECK_H_

#include <filesystem>

#include "harness/common/arch.h"
#include "harness/common/harness_error.h"

namespace iommufd_conform {

// The guest has no libc, no loader and no shell: a payload must be a static ELF executable for
// the guest's architecture. Checking on the host turns a confusing in-guest ENOENT on exec into
// a clear usage error (kUsage).
HarnessStatus CheckStaticExecutable(const std::filesystem::path& path, Arch arch);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_VM_PAYLOAD_CHECK_H_
