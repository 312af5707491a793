#ifndef IOMMUFD_CONFORM_HARNESS_VM_PLATFORM_H_
#define IOMMUFD_CONFORM_HARNESS_VM_PLATFORM_H_

#include <string>
#include <string_view>
#include <vector>

#include "harness/common/arch.h"
#include "harness/common/harness_error.h"

namespace iommufd_conform {

// One emulated machine a guest can boot on: which QEMU, which IOMMU, which test devices, and
// what the kernel needs to be told about it. Everything common to all platforms (memory, CPUs,
// console capture, the share) is added by QemuCommandLine().
struct Platform {
  Arch arch;
  std::string name;
  std::string description;
  std::string qemu_binary;
  std::vector<std::string> machine_args;  // machine, CPU, IOMMU and test devices
  std::string console;                    // serial console device in the guest
  std::vector<std::string> kernel_args;   // platform-specific kernel parameters
  std::vector<std::string> vfio_ids;      // PCI vendor:device ids the init binds to vfio-pci
};

const std::vector<Platform>& Platforms();

std::vector<std::string> PlatformNames(Arch arch);

// kUsage naming the valid platforms for `arch` when `name` is not one of them.
HarnessResult<const Platform*> FindPlatform(Arch arch, std::string_view name);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_VM_PLATFORM_H_
