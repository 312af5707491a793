#ifndef IOMMUFD_CONFORM_HARNESS_KERNEL_KERNEL_ARCH_H_
#define IOMMUFD_CONFORM_HARNESS_KERNEL_KERNEL_ARCH_H_

#include <string>
#include <string_view>

#include "harness/common/arch.h"

namespace iommufd_conform {

// The kernel tree's own name for an architecture (arch/<dir>, ARCH=<dir>).
constexpr std::string_view KernelArchDir(Arch arch) {
  return arch == Arch::kX86_64 ? "x86" : "arm64";
}

// The make target that produces the bootable image QEMU's -kernel takes.
constexpr std::string_view ImageTarget(Arch arch) {
  return arch == Arch::kX86_64 ? "bzImage" : "Image";
}

// Where that target lands, relative to the object directory.
inline std::string ImageRelativePath(Arch arch) {
  return "arch/" + std::string(KernelArchDir(arch)) + "/boot/" + std::string(ImageTarget(arch));
}

// The architecture this harness itself runs on.
constexpr Arch HostArch() {
#if defined(__aarch64__)
  return Arch::kArm64;
#else
  return Arch::kX86_64;
#endif
}

// CROSS_COMPILE for building `arch` on this host: empty for a native build.
constexpr std::string_view CrossCompilePrefix(Arch arch) {
  if (arch == HostArch()) return "";
  return arch == Arch::kArm64 ? "aarch64-linux-gnu-" : "x86_64-linux-gnu-";
}

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_KERNEL_KERNEL_ARCH_H_
