#ifndef IOMMUFD_CONFORM_HARNESS_VM_QEMU_COMMAND_H_
#define IOMMUFD_CONFORM_HARNESS_VM_QEMU_COMMAND_H_

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/vm/platform.h"

namespace iommufd_conform {

// The virtio-9p mount tag of the host share.
inline constexpr std::string_view kShareTag = "conform";

struct QemuLaunch {
  std::filesystem::path kernel;
  std::filesystem::path initramfs;
  std::filesystem::path pidfile;  // lets the watchdog find and kill this QEMU
  std::optional<std::filesystem::path> share_dir;
};

// The kernel command line: serial console, and any panic or oops ends the guest at once
// (panic=-1 reboots, which -no-reboot turns into a QEMU exit).
std::string KernelCommandLine(const Platform& platform);

// The full argv (argv[0] is the QEMU binary): TCG, 2 GiB, 2 CPUs, no default devices, the
// serial console on stdout, the QEMU monitor off.
std::vector<std::string> QemuCommandLine(const Platform& platform, const QemuLaunch& launch);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_VM_QEMU_COMMAND_H_
