#include "suites/support/forked_child.h"

#include <sys/wait.h>
#include <unistd.h>

namespace iommufd_conform {

std::optional<Outcome> InForkedChild(const std::function<std::optional<Outcome>()>& call) {
  int fds[2];
  if (pipe(fds) != 0) return std::nullopt;
  pid_t child = fork();
  if (child < 0) return std::nullopt;
  if (child == 0) {
    close(fds[0]);
    long reply[2] = {-1, -1};  // errno -1: no call was made
    if (std::optional<Outcome> outcome = call()) {
      reply[0] = outcome->ret;
      reply[1] = outcome->error;
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
