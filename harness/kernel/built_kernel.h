#ifndef IOMMUFD_CONFORM_HARNESS_KERNEL_BUILT_KERNEL_H_
#define IOMMUFD_CONFORM_HARNESS_KERNEL_BUILT_KERNEL_H_

#include <filesystem>
#include <string>

#include "harness/common/arch.h"

namespace iommufd_conform {

// A kernel image ready for QEMU's -kernel.
struct BuiltKernel {
  std::filesystem::path image{};
  std::filesystem::path config{};  // its final .config; empty for a prebuilt image
  std::string release{};           // `make kernelrelease`; empty for a prebuilt image
  Arch arch = Arch::kX86_64;
  std::filesystem::path cache_dir{};  // CacheDir()/kernels/<key>; empty for a prebuilt image
};

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_KERNEL_BUILT_KERNEL_H_
