#include "harness/vm/qemu_watchdog.h"

#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <fstream>
#include <iterator>

namespace iommufd_conform {
namespace {

constexpr auto kPidfileRetry = std::chrono::milliseconds(200);

}  // namespace

QemuWatchdog::QemuWatchdog(std::filesystem::path pidfile, Clock::time_point deadline,
                           std::string reason)
    : pidfile_(std::move(pidfile)),
      deadline_(deadline),
      reason_(std::move(reason)),
      thread_([this] { Run(); }) {}

QemuWatchdog::~QemuWatchdog() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void QemuWatchdog::Rearm(Clock::time_point deadline, std::string reason) {
  {
    std::lock_guard lock(mutex_);
    deadline_ = deadline;
    reason_ = std::move(reason);
  }
  changed_.notify_all();
}

std::optional<std::string> QemuWatchdog::fired() const {
  std::lock_guard lock(mutex_);
  return fired_;
}

void QemuWatchdog::Run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (Clock::now() < deadline_) {
      changed_.wait_until(lock, deadline_);
      continue;
    }
    // QEMU writes its pidfile early in startup; until then, try again shortly.
    if (KillQemu()) {
      fired_ = reason_;
      return;
    }
    changed_.wait_for(lock, kPidfileRetry);
  }
}

// Kills only the process the pidfile names, and only while it is the QEMU that wrote this
// pidfile: a pidfd pins the process, and its command line must name our pidfile.
bool QemuWatchdog::KillQemu() const {
  std::ifstream in(pidfile_);
  long pid = 0;
  if (!(in >> pid) || pid <= 0) return false;
  int pidfd = static_cast<int>(syscall(SYS_pidfd_open, static_cast<pid_t>(pid), 0));
  if (pidfd < 0) return false;
  std::ifstream cmdline_file("/proc/" + std::to_string(pid) + "/cmdline", std::ios::binary);
  std::string cmdline(std::istreambuf_iterator<char>(cmdline_file), {});
  bool ours = cmdline.find(pidfile_.string()) != std::string::npos;
  bool killed = ours && syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, nullptr, 0) == 0;
  close(pidfd);
  return killed;
}

}  // namespace iommufd_conform
