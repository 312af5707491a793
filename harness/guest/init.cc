// PID 1 of every guest: prepares what a payload expects (file systems, the host share, VFIO
// devices, hugepages), runs the payload, reports its exit status on the console and powers off.
// Every failure becomes one INIT-ERROR marker line and a power-off, never a hang.

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "harness/common/harness_error.h"
#include "harness/guest/gcov_dump.h"
#include "harness/guest/guest_protocol.h"
#include "harness/guest/init_config.h"
#include "harness/guest/sys_file.h"
#include "harness/guest/vfio_binder.h"

namespace {

using namespace iommufd_conform;  // NOLINT: a single-purpose program
using namespace iommufd_conform::guest;  // NOLINT
namespace gp = guest_protocol;

constexpr auto kVfioBindTimeout = std::chrono::seconds(10);

// One write() per line keeps our lines whole between kernel messages on the console.
void Say(std::string_view first, std::string_view rest = {}) {
  std::string line;
  line.append(first).append(rest).push_back('\n');
  ssize_t ignored = write(STDOUT_FILENO, line.data(), line.size());
  (void)ignored;
}

[[noreturn]] void PowerOff() {
  sync();
  reboot(RB_POWER_OFF);
  Say(gp::kInitErrorMarker, std::string("power off failed: ") + std::strerror(errno));
  for (;;) pause();  // PID 1 must never exit: that would panic the kernel
}

[[noreturn]] void Fail(const HarnessError& error) {
  Say(gp::kInitErrorMarker, error.message);
  PowerOff();
}

HarnessError Errno(std::string what) {
  return MakeError(HarnessErrorKind::kIo, what + ": " + std::strerror(errno));
}

struct MountPoint {
  const char* source;
  const char* target;
  const char* type;
  unsigned long flags;
  const char* data;
  bool optional;  // a kernel without it still runs most payloads
};

constexpr MountPoint kMounts[] = {
    {"proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr, false},
    {"sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr, false},
    {"devtmpfs", "/dev", "devtmpfs", MS_NOSUID, "mode=0755", false},
    {"debugfs", "/sys/kernel/debug", "debugfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr, true},
    {"tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777", false},
};

HarnessStatus Mount(const MountPoint& m) {
  if (mkdir(m.target, 0755) != 0 && errno != EEXIST) {
    return Errno(std::string("mkdir ") + m.target);
  }
  if (mount(m.source, m.target, m.type, m.flags, m.data) == 0 || errno == EBUSY) return Done{};
  if (m.optional && errno == ENODEV) {
    Say(gp::kInfoMarker, std::string(m.type) + " is not in this kernel; " + m.target +
                             " stays empty");
    return Done{};
  }
  return Errno(std::string("mount ") + m.type + " on " + m.target);
}

HarnessResult<InitConfig> LoadConfig() {
  auto config = ReadWholeFile(std::string(gp::kConfigPath));
  auto argv = ReadWholeFile(std::string(gp::kArgvPath));
  auto env = ReadWholeFile(std::string(gp::kEnvPath));
  if (!config.ok()) return config.error();
  if (!argv.ok()) return argv.error();
  if (!env.ok()) return env.error();
  return ParseInitConfig(config.value(), argv.value(), env.value());
}

HarnessStatus MountShare(const std::string& tag) {
  const char* target = gp::kShareMountPoint.data();
  if (mkdir(target, 0755) != 0 && errno != EEXIST) return Errno("mkdir /share");
  if (mount(tag.c_str(), target, "9p", 0, "trans=virtio,version=9p2000.L,msize=512000") != 0) {
    return Errno("mount 9p share '" + tag + "' on /share");
  }
  return Done{};
}

// Fewer pages than asked is not fatal (memory may be fragmented); it is reported so a payload's
// hugepage failures can be read against it.
HarnessStatus ReserveHugepages(int count) {
  const std::string path = "/proc/sys/vm/nr_hugepages";
  if (auto status = WriteSysFile(path, std::to_string(count)); !status.ok()) return status;
  auto now = ReadWholeFile(path);
  if (!now.ok()) return now.error();
  std::string got = now.value().substr(0, now.value().find('\n'));
  Say(gp::kInfoMarker, "nr_hugepages=" + got + " (asked " + std::to_string(count) + ")");
  return Done{};
}

std::vector<char*> CStrings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

struct PayloadExit {
  int status;  // exit code, or 128 + signal
  int signal;  // 0 unless a signal ended it
};

// The payload leads its own session (setsid), so its pid is its process group.
volatile sig_atomic_t payload_group = 0;

void KillPayloadOnAlarm(int) {
  if (payload_group > 0) kill(-payload_group, SIGKILL);
}

HarnessResult<PayloadExit> RunPayload(const InitConfig& config) {
  std::vector<std::string> argv = config.payload_argv;
  // The host's entries come first: getenv() returns the first match, so they win.
  std::vector<std::string> env = config.payload_env;
  env.push_back("PATH=" + std::string(gp::kPayloadDir));
  env.push_back("HOME=/tmp");
  auto c_argv = CStrings(argv);
  auto c_env = CStrings(env);

  // A close-on-exec pipe tells exec failure (errno arrives) from success (EOF).
  int exec_pipe[2];
  if (pipe2(exec_pipe, O_CLOEXEC) != 0) return Errno("pipe");
  pid_t pid = fork();
  if (pid < 0) return Errno("fork");
  if (pid == 0) {
    close(exec_pipe[0]);
    setsid();
    int null_fd = open("/dev/null", O_RDONLY);  // the payload must not wait on console input
    if (null_fd >= 0) dup2(null_fd, STDIN_FILENO);
    if (chdir("/") == 0) execve(c_argv[0], c_argv.data(), c_env.data());
    int error = errno;
    ssize_t ignored = write(exec_pipe[1], &error, sizeof(error));
    (void)ignored;
    _exit(127);
  }
  close(exec_pipe[1]);
  if (config.payload_timeout > 0) {
    payload_group = pid;
    signal(SIGALRM, KillPayloadOnAlarm);
    alarm(static_cast<unsigned>(config.payload_timeout));
  }
  int exec_error = 0;
  ssize_t got;
  while ((got = read(exec_pipe[0], &exec_error, sizeof(exec_error))) < 0 && errno == EINTR) {
  }
  close(exec_pipe[0]);

  // As PID 1 we also reap whatever the payload orphans; only its own exit ends the wait.
  int status = 0;
  for (;;) {
    pid_t done = waitpid(-1, &status, 0);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) return Errno("waitpid");
  }
  alarm(0);
  if (got == static_cast<ssize_t>(sizeof(exec_error))) {
    errno = exec_error;
    return Errno("exec " + argv[0]);
  }
  if (WIFSIGNALED(status)) return PayloadExit{128 + WTERMSIG(status), WTERMSIG(status)};
  return PayloadExit{WEXITSTATUS(status), 0};
}

}  // namespace

int main() {
  Say(gp::kInitStartedMarker);
  for (const auto& m : kMounts) {
    if (auto status = Mount(m); !status.ok()) Fail(status.error());
  }
  auto config = LoadConfig();
  if (!config.ok()) Fail(config.error());
  if (!config.value().share_tag.empty()) {
    if (auto status = MountShare(config.value().share_tag); !status.ok()) Fail(status.error());
  }
  if (config.value().hugepages > 0) {
    if (auto status = ReserveHugepages(config.value().hugepages); !status.ok()) {
      Fail(status.error());
    }
  }
  auto bound = BindToVfio(config.value().vfio_ids, kVfioBindTimeout);
  if (!bound.ok()) Fail(bound.error());
  for (const auto& device : bound.value()) {
    Say(gp::kInfoMarker, "vfio " + device.pci_address + " -> " + device.cdev);
  }

  if (!config.value().gcov_out.empty()) {
    if (auto status = ResetGcovCounters(); !status.ok()) Fail(status.error());
  }

  Say(gp::kReadyMarker);
  auto exit = RunPayload(config.value());
  if (!exit.ok()) Fail(exit.error());
  if (exit.value().signal == SIGKILL && config.value().payload_timeout > 0) {
    Say(gp::kInfoMarker, "payload killed after payload_timeout=" +
                             std::to_string(config.value().payload_timeout) + " s");
  }
  if (!config.value().gcov_out.empty()) {
    auto copied = DumpGcovData(config.value().gcov_out);
    if (!copied.ok()) Fail(copied.error());
    Say(gp::kInfoMarker, "gcov: " + std::to_string(copied.value()) + " .gcda files in " +
                             config.value().gcov_out);
  }
  std::string status = std::to_string(exit.value().status);
  if (exit.value().signal != 0) status += " signal=" + std::to_string(exit.value().signal);
  Say(gp::kExitMarker, status);

  // Leftover payload processes must not write to the share while it goes away.
  kill(-1, SIGKILL);
  while (waitpid(-1, nullptr, 0) > 0) {
  }
  if (!config.value().share_tag.empty()) umount2(gp::kShareMountPoint.data(), 0);
  PowerOff();
}
