#include "reference/model/caller.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

namespace iommufd_conform::model {
namespace {

thread_local std::shared_ptr<const CallerProcess> current_caller;

}  // namespace

std::shared_ptr<const CallerProcess> CallerProcess::Self() {
  static const std::shared_ptr<const CallerProcess> self(new CallerProcess(0, -1));
  return self;
}

std::shared_ptr<const CallerProcess> CallerProcess::Remote(pid_t pid) {
  int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  if (pidfd < 0) return nullptr;
  fcntl(pidfd, F_SETFD, FD_CLOEXEC);
  return std::shared_ptr<const CallerProcess>(new CallerProcess(pid, pidfd));
}

CallerProcess::~CallerProcess() {
  if (pidfd_ >= 0) close(pidfd_);
}

pid_t CallerProcess::pid() const { return IsSelf() ? getpid() : pid_; }

bool CallerProcess::Alive() const {
  if (IsSelf()) return true;
  // A pidfd turns readable when its process exits.
  pollfd exited{pidfd_, POLLIN, 0};
  return poll(&exited, 1, 0) == 0;
}

bool CallerProcess::SameProcess(const CallerProcess& other) const {
  if (IsSelf() || other.IsSelf()) return IsSelf() && other.IsSelf();
  return pid_ == other.pid_;
}

int CallerProcess::CopyDescriptor(int fd) const {
  if (fd < 0) {
    errno = EBADF;
    return -1;
  }
  if (IsSelf()) return fcntl(fd, F_DUPFD_CLOEXEC, 0);
  // pidfd_getfd needs the right to ptrace the caller, which process_vm_* need too.
  return static_cast<int>(syscall(SYS_pidfd_getfd, pidfd_, fd, 0));
}

bool CallerProcess::HasDescriptor(int fd) const {
  int copy = CopyDescriptor(fd);
  if (copy < 0) return false;
  close(copy);
  return true;
}

const std::shared_ptr<const CallerProcess>& CurrentCaller() {
  if (!current_caller) current_caller = CallerProcess::Self();
  return current_caller;
}

CallerScope::CallerScope(std::shared_ptr<const CallerProcess> caller)
    : previous_(CurrentCaller()) {
  current_caller = std::move(caller);
}

CallerScope::~CallerScope() { current_caller = std::move(previous_); }

}  // namespace iommufd_conform::model
