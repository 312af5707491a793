#include "suites/support/without_capability.h"

#include <linux/capability.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace iommufd_conform {
namespace {

bool ReadCaps(__user_cap_data_struct* data) {
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  return syscall(SYS_capget, &header, data) == 0;
}

}  // namespace

bool Holds(int capability) {
  __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {};
  return ReadCaps(data) && (data[capability / 32].effective & (1u << (capability % 32)));
}

std::optional<Outcome> WithoutCapability(int capability, const std::function<Outcome()>& call) {
  int fds[2];
  if (pipe(fds) != 0) return std::nullopt;
  pid_t child = fork();
  if (child < 0) return std::nullopt;
  if (child == 0) {
    close(fds[0]);
    long reply[2] = {-1, -1};  // errno -1: the drop itself failed
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {};
    if (ReadCaps(data)) {
      data[capability / 32].effective &= ~(1u << (capability % 32));
      if (syscall(SYS_capset, &header, data) == 0) {
        Outcome outcome = call();
        reply[0] = outcome.ret;
        reply[1] = outcome.error;
      }
    }
    (void)!write(fds[1], reply, sizeof(reply));
    _exit(0);
  }
  close(fds[1]);
  long reply[2];
  ssize_t got = read(fds[0], reply, sizeof(reply));
  close(fds[0]);
  int status;
  waitpid(child, &status, 0);
  if (got != sizeof(reply) || reply[1] < 0) return std::nullopt;
  return reply[1] ? Outcome::Failure(static_cast<int>(reply[1])) : Outcome::Success(reply[0]);
}

}  // namespace iommufd_conform
