#ifndef IOMMUFD_CONFORM_HARNESS_VM_GUEST_RUNNER_H_
#define IOMMUFD_CONFORM_HARNESS_VM_GUEST_RUNNER_H_

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/common/arch.h"
#include "harness/common/harness_error.h"

namespace iommufd_conform {

// Receives each guest console line (without '\n') as it arrives.
using ConsoleSink = std::function<void(std::string_view line)>;

struct GuestRunSpec {
  Arch arch = Arch::kX86_64;
  std::string platform;  // a name from harness/vm/platform.h for `arch`
  std::filesystem::path kernel_image;
  std::filesystem::path payload;  // a static executable for `arch`
  std::vector<std::string> payload_args;
  std::vector<std::string> payload_env;  // NAME=value
  std::optional<std::filesystem::path> share_dir;  // mounted at /share in the guest
  int hugepages = 0;  // /proc/sys/vm/nr_hugepages before the payload starts; 0: untouched
  // A directory inside share_dir (relative) that receives the kernel's gcov .gcda files
  // (counters zeroed before the payload, copied after it); empty: no coverage collected.
  std::string gcov_subdir;
  // The init kills the payload after this long and carries on (reports status 137, copies gcov
  // data); 0: only run_timeout, which stops the whole guest. Must leave run_timeout room.
  std::chrono::seconds payload_timeout{0};
  // From QEMU's start until our init is ready to start the payload.
  // Generous: TCG boots in seconds on a quiet host, but a loaded CI host has taken over 60.
  std::chrono::seconds boot_timeout{180};
  // From the payload's start until it exits.
  std::chrono::seconds run_timeout{600};
  // How long the guest runs on once a splat is collected, so the payload can notice it (in
  // /dev/kmsg) and keep what caused it; 0 stops QEMU at once. The run still ends in
  // kGuestCrashed: a splat outranks the payload's exit.
  std::chrono::seconds splat_grace{0};
  ConsoleSink console_sink;  // optional
};

struct GuestExit {
  int status = 0;  // the payload's exit code, or 128 + N when signal N ended it
  std::string console;  // the whole serial console
  std::chrono::milliseconds boot_time{0};   // QEMU start to the init's READY marker
  std::chrono::milliseconds total_time{0};  // QEMU start to QEMU exit
};

// Boots `spec.kernel_image` on the platform under QEMU (TCG) with an initramfs holding our init
// and the payload, streams the console, and returns the payload's exit status. Errors:
//  kUsage        unknown platform, missing kernel/payload/share, payload not a static ELF for arch
//  kMissingTool  QEMU (or setpriv, or our init for that arch) is not installed/built
//  kGuestCrashed a kernel splat (panic, oops, WARN, KASAN, lockdep, ...); the message's first
//                line names it, the rest is the splat's text
//  kBootFailed   no READY within boot_timeout, QEMU exiting early, our init failing, or the
//                payload outliving run_timeout ("run timed out after N s"): all of them mean
//                the guest did not deliver a result; the message ends with the last console lines
//  kIo           the temporary directory or initramfs could not be written
// QEMU never outlives this call, nor the calling process (it gets SIGKILL when we die).
HarnessResult<GuestExit> RunInGuest(const GuestRunSpec& spec);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_VM_GUEST_RUNNER_H_
