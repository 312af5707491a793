#include "harness/vm/qemu_command.h"

namespace iommufd_conform {
namespace {

// QEMU splits option values at ','; a literal comma is written twice.
std::string EscapeCommas(const std::string& value) {
  std::string out;
  for (char c : value) {
    out.push_back(c);
    if (c == ',') out.push_back(',');
  }
  return out;
}

}  // namespace

std::string KernelCommandLine(const Platform& platform) {
  // oops=panic: an oops can leave locks held and the guest half alive; ending the run is
  // clearer. A WARN is not made fatal: the host's splat detector reports it.
  std::string line = "console=" + platform.console + " panic=-1 oops=panic printk.time=1";
  for (const auto& arg : platform.kernel_args) line += " " + arg;
  return line;
}

std::vector<std::string> QemuCommandLine(const Platform& platform, const QemuLaunch& launch) {
  std::vector<std::string> argv = {
      platform.qemu_binary,
      "-accel", "tcg",  // /dev/kvm exists on the test machines but is not usable
      "-m", "2G", "-smp", "2",
      "-nodefaults", "-display", "none", "-monitor", "none", "-serial", "stdio",
      "-no-reboot",
      "-pidfile", launch.pidfile.string(),
      "-kernel", launch.kernel.string(),
      "-initrd", launch.initramfs.string(),
      "-append", KernelCommandLine(platform),
  };
  argv.insert(argv.end(), platform.machine_args.begin(), platform.machine_args.end());
  if (launch.share_dir) {
    argv.insert(argv.end(),
                {"-fsdev",
                 "local,id=conformfs,security_model=none,path=" +
                     EscapeCommas(launch.share_dir->string()),
                 "-device", "virtio-9p-pci,fsdev=conformfs,mount_tag=" + std::string(kShareTag)});
  }
  return argv;
}

}  // namespace iommufd_conform
