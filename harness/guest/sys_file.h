#ifndef IOMMUFD_CONFORM_HARNESS_GUEST_SYS_FILE_H_
#define IOMMUFD_CONFORM_HARNESS_GUEST_SYS_FILE_H_

#include <string>

#include "harness/common/harness_error.h"

namespace iommufd_conform::guest {

// Whole-file reads and single-write() stores, as sysfs, procfs and the initramfs need them.
HarnessResult<std::string> ReadWholeFile(const std::string& path);
// One write() of the whole value: sysfs attributes take their value in a single write.
HarnessStatus WriteSysFile(const std::string& path, const std::string& value);

}  // namespace iommufd_conform::guest

#endif  // IOMMUFD_CONFORM_HARNESS_GUEST_SYS_FILE_H_
