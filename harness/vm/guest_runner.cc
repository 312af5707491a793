#include "harness/vm/guest_runner.h"

#include <stdlib.h>

#include <system_error>
#include <utility>

#include "harness/common/paths.h"
#include "harness/common/process.h"
#include "harness/guest/guest_protocol.h"
#include "harness/vm/console_monitor.h"
#include "harness/vm/initramfs.h"
#include "harness/vm/payload_check.h"
#include "harness/vm/platform.h"
#include "harness/vm/qemu_command.h"
#include "harness/vm/qemu_watchdog.h"

namespace iommufd_conform {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// After the exit marker the init syncs and powers off; this bounds a guest that fails to.
constexpr auto kPowerOffGrace = std::chrono::seconds(10);
// A splat whose end marker never comes (the guest wedged) is reported after this much silence.
constexpr auto kSplatSettle = std::chrono::seconds(5);
// RunProcess's own limit, in case the watchdog cannot find QEMU's pid.
constexpr auto kBackstopSlack = std::chrono::seconds(30);
constexpr size_t kTailLines = 25;

constexpr const char* kBootDeadline = "boot";
constexpr const char* kRunDeadline = "run";

// A fresh directory for one run's initramfs and pidfile, removed with everything in it.
class ScopedTempDir {
 public:
  static HarnessResult<ScopedTempDir> Create() {
    std::string pattern = (fs::temp_directory_path() / "iommufd-conform-vm-XXXXXX").string();
    if (!mkdtemp(pattern.data())) {
      return MakeError(HarnessErrorKind::kIo, "cannot create a temporary directory in " +
                                                  fs::temp_directory_path().string());
    }
    return ScopedTempDir(pattern);
  }
  ScopedTempDir(ScopedTempDir&& other) noexcept : path_(std::exchange(other.path_, {})) {}
  ScopedTempDir& operator=(ScopedTempDir&&) = delete;
  ~ScopedTempDir() {
    std::error_code ignored;
    if (!path_.empty()) fs::remove_all(path_, ignored);
  }
  const fs::path& path() const { return path_; }

 private:
  explicit ScopedTempDir(fs::path path) : path_(std::move(path)) {}
  fs::path path_;
};

HarnessStatus CheckInputs(const GuestRunSpec& spec, const Platform& platform,
                          const fs::path& init) {
  std::error_code ec;
  if (!fs::is_regular_file(spec.kernel_image, ec)) {
    return MakeError(HarnessErrorKind::kUsage,
                     "kernel image " + spec.kernel_image.string() + " is not a file");
  }
  if (auto status = CheckStaticExecutable(spec.payload, spec.arch); !status.ok()) return status;
  if (spec.share_dir && !fs::is_directory(*spec.share_dir, ec)) {
    return MakeError(HarnessErrorKind::kUsage,
                     "share " + spec.share_dir->string() + " is not a directory");
  }
  if (!spec.gcov_subdir.empty() && !spec.share_dir) {
    return MakeError(HarnessErrorKind::kUsage, "gcov data needs a share directory");
  }
  if (!fs::is_regular_file(init, ec)) {
    const char* hint = spec.arch == Arch::kArm64 ? ", including its aarch64 cross build" : "";
    return MakeError(HarnessErrorKind::kMissingTool, "the guest init " + init.string() +
                                                         " is not built (build the project" +
                                                         hint + ")");
  }
  for (const std::string& tool : {platform.qemu_binary, std::string("setpriv")}) {
    if (!FindExecutable(tool)) {
      return MakeError(HarnessErrorKind::kMissingTool,
                       tool + " not found in PATH (scripts/setup.sh installs it)");
    }
  }
  return Done{};
}

std::string Seconds(std::chrono::seconds s) { return std::to_string(s.count()) + " s"; }

// Turns what the console showed and how QEMU ended into the run's result. A splat outranks
// everything: a payload that exited 0 after a kernel WARN has not passed.
HarnessResult<GuestExit> Judge(const GuestRunSpec& spec, const ConsoleMonitor& monitor,
                               const ProcessExit& qemu, const std::optional<std::string>& fired,
                               std::chrono::milliseconds boot_time,
                               std::chrono::milliseconds total_time) {
  const std::string where = " (" + std::string(ArchName(spec.arch)) + " " + spec.platform + ")";
  const std::string tail = monitor.console().empty()
                               ? "\n(no console output)"
                               : "\nlast console lines:\n" + monitor.LastLines(kTailLines);
  if (monitor.splat().detected()) {
    return MakeError(HarnessErrorKind::kGuestCrashed, "kernel " + monitor.splat().kind() +
                                                          " in the guest" + where + "\n" +
                                                          monitor.splat().text());
  }
  if (monitor.init_error()) {
    return MakeError(HarnessErrorKind::kBootFailed,
                     "guest init failed" + where + ": " + *monitor.init_error() + tail);
  }
  if (monitor.exit_status()) {
    return GuestExit{*monitor.exit_status(), monitor.console(), boot_time, total_time};
  }
  // -no-reboot turns a guest reset (triple fault, panic=-1) into a clean QEMU exit.
  const std::string qemu_end =
      qemu.signal      ? "QEMU was killed"
      : qemu.exit_code ? "QEMU exited with code " + std::to_string(qemu.exit_code)
                       : "the guest reset or powered off";
  if (monitor.ready()) {
    if (fired == kRunDeadline || qemu.timed_out) {
      return MakeError(HarnessErrorKind::kBootFailed,
                       "run timed out after " + Seconds(spec.run_timeout) + where + tail);
    }
    return MakeError(HarnessErrorKind::kBootFailed,
                     "guest stopped before the payload finished" + where + ": " + qemu_end + tail);
  }
  if (fired == kBootDeadline || qemu.timed_out) {
    return MakeError(HarnessErrorKind::kBootFailed,
                     "guest not ready within " + Seconds(spec.boot_timeout) + where + ": " +
                         (monitor.init_started() ? "our init started but did not finish setup"
                                                 : "the kernel never started our init") +
                         tail);
  }
  return MakeError(HarnessErrorKind::kBootFailed,
                   qemu_end + " before our init was ready" + where + tail);
}

}  // namespace

HarnessResult<GuestExit> RunInGuest(const GuestRunSpec& spec) {
  auto platform = FindPlatform(spec.arch, spec.platform);
  if (!platform.ok()) return platform.error();
  const fs::path init = GuestBinary(spec.arch, "iommufd-conform-init");
  if (auto status = CheckInputs(spec, *platform.value(), init); !status.ok()) {
    return status.error();
  }

  auto temp = ScopedTempDir::Create();
  if (!temp.ok()) return temp.error();
  const fs::path dir = temp.value().path();
  InitramfsSpec initramfs{init,
                          spec.payload,
                          spec.payload_args,
                          spec.payload_env,
                          platform.value()->vfio_ids,
                          spec.share_dir ? std::string(kShareTag) : std::string(),
                          spec.hugepages,
                          spec.gcov_subdir.empty()
                              ? std::string()
                              : std::string(guest_protocol::kShareMountPoint) + "/" +
                                    spec.gcov_subdir,
                          static_cast<int>(spec.payload_timeout.count())};
  if (auto status = WriteInitramfs(initramfs, dir / "initramfs.cpio"); !status.ok()) {
    return status.error();
  }
  QemuLaunch launch{spec.kernel_image, dir / "initramfs.cpio", dir / "qemu.pid", spec.share_dir};

  // setpriv makes the kernel SIGKILL QEMU if we die first (crash, Ctrl-C, kill -9): QEMU ignores
  // a closed console pipe and would otherwise run on unattended.
  ProcessSpec process{{"setpriv", "--pdeathsig", "KILL", "--"}, {}, {}, {}};
  for (auto& arg : QemuCommandLine(*platform.value(), launch)) process.argv.push_back(arg);
  process.timeout = spec.boot_timeout + spec.run_timeout + kPowerOffGrace + kBackstopSlack;

  const auto start = Clock::now();
  std::optional<Clock::time_point> ready_at;
  ConsoleMonitor monitor;
  QemuWatchdog watchdog(launch.pidfile, start + spec.boot_timeout, kBootDeadline);
  auto on_line = [&](std::string_view line) {
    const bool was_ready = monitor.ready();
    const bool had_exit = monitor.exit_status().has_value();
    const bool had_splat = monitor.splat().detected();
    monitor.Feed(line);
    if (spec.console_sink) spec.console_sink(line);
    const auto now = Clock::now();
    if (monitor.splat().detected()) {
      if (!had_splat) watchdog.Rearm(now + kSplatSettle + spec.splat_grace, "splat");
      if (!had_exit && monitor.exit_status()) watchdog.Rearm(now + kPowerOffGrace, "power off");
    } else if (!was_ready && monitor.ready()) {
      ready_at = now;
      watchdog.Rearm(now + spec.run_timeout, kRunDeadline);
    } else if (!had_exit && monitor.exit_status()) {
      watchdog.Rearm(now + kPowerOffGrace, "power off");
    }
    // Returning false stops QEMU at once: the splat is collected (and no grace is given),
    // or the init gave up.
    const bool splat_ends_run = monitor.splat().complete() && spec.splat_grace.count() == 0;
    return !splat_ends_run && !monitor.init_error();
  };
  auto qemu = RunProcess(process, on_line);
  const auto end = Clock::now();
  if (!qemu.ok()) return qemu.error();

  using std::chrono::duration_cast;
  using std::chrono::milliseconds;
  auto boot_time = ready_at ? duration_cast<milliseconds>(*ready_at - start) : milliseconds(0);
  return Judge(spec, monitor, qemu.value(), watchdog.fired(), boot_time,
               duration_cast<milliseconds>(end - start));
}

}  // namespace iommufd_conform
