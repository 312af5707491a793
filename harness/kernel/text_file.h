#ifndef IOMMUFD_CONFORM_HARNESS_KERNEL_TEXT_FILE_H_
#define IOMMUFD_CONFORM_HARNESS_KERNEL_TEXT_FILE_H_

#include <filesystem>
#include <string>
#include <string_view>

#include "harness/common/harness_error.h"

namespace iommufd_conform {

HarnessResult<std::string> ReadTextFile(const std::filesystem::path& path);
HarnessStatus WriteTextFile(const std::filesystem::path& path, std::string_view text);
// The text without leading and trailing whitespace.
std::string_view Trim(std::string_view text);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_KERNEL_TEXT_FILE_H_
