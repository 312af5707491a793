#ifndef IOMMUFD_CONFORM_HARNESS_CLI_FAILNTH_GUEST_H_
#define IOMMUFD_CONFORM_HARNESS_CLI_FAILNTH_GUEST_H_

// The guest run of the fail-nth walker, one definition for `fuzz --mode fail-nth` and the
// walks of `gate` and `mutate`.

#include <chrono>
#include <filesystem>
#include <string>

#include "harness/common/harness_error.h"
#include "harness/vm/guest_runner.h"
#include "harness/vm/platform.h"

namespace iommufd_conform {

// The walker (BuildDir()/iommufd-conform-failnth) as the payload of a guest on `platform`;
// the caller adds the kernel image and the console sink. kUsage for an arch other than
// x86_64 (the walker is built for it only), kMissingTool when the walker is not built.
HarnessResult<GuestRunSpec> FailNthWalkSpec(Arch arch, const std::string& platform,
                                            std::chrono::seconds timeout);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_CLI_FAILNTH_GUEST_H_
