#ifndef IOMMUFD_CONFORM_HARNESS_KERNEL_IMAGE_HEADER_H_
#define IOMMUFD_CONFORM_HARNESS_KERNEL_IMAGE_HEADER_H_

#include <filesystem>
#include <optional>
#include <string_view>

#include "harness/common/arch.h"

namespace iommufd_conform {

// The architecture a kernel image's header names: x86 boot protocol ("HdrS" at 0x202) or the
// arm64 Image header ("ARM\x64" at 0x38). nullopt for anything else (compressed images, ELF).
std::optional<Arch> KernelImageArch(std::string_view header);
std::optional<Arch> KernelImageArch(const std::filesystem::path& image);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_KERNEL_IMAGE_HEADER_H_
