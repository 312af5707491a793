#ifndef IOMMUFD_CONFORM_HARNESS_KERNEL_INTERRUPTED_BUILD_H_
#define IOMMUFD_CONFORM_HARNESS_KERNEL_INTERRUPTED_BUILD_H_

#include <filesystem>

#include "harness/common/harness_error.h"

namespace iommufd_conform {

// A marker file in a kbuild object directory for as long as a build runs in it. A build that
// was killed (SIGKILL, a crash, the machine going down) leaves it behind, and with it object
// files that may be cut short yet look newer than their sources, which kbuild would then keep.
// The next build in that directory first removes every file written since the marker (kbuild
// makes whatever is missing again), saying so on stderr.
class BuildInProgress {
 public:
  // Cleans up after an interrupted build in `objects` if there was one, then sets the marker.
  // The caller holds the object directory's lock.
  static HarnessResult<BuildInProgress> Begin(const std::filesystem::path& objects);

  BuildInProgress(BuildInProgress&& other) noexcept;
  BuildInProgress& operator=(BuildInProgress&&) = delete;
  // Removes the marker: the build ended (successfully or not) without being killed.
  ~BuildInProgress();

 private:
  explicit BuildInProgress(std::filesystem::path marker) : marker_(std::move(marker)) {}
  std::filesystem::path marker_;
};

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_KERNEL_INTERRUPTED_BUILD_H_
