#include "harness/common/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

extern char** environ;

namespace iommufd_conform {
namespace {

std::vector<char*> CStrings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

}  // namespace

std::optional<std::string> FindExecutable(std::string_view name) {
  if (name.find('/') != std::string_view::npos) {
    if (access(std::string(name).c_str(), X_OK) == 0) return std::string(name);
    return std::nullopt;
  }
  const char* path = std::getenv("PATH");
  std::string_view dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
  while (!dirs.empty()) {
    size_t colon = dirs.find(':');
    std::string_view dir = dirs.substr(0, colon);
    std::string candidate = std::string(dir) + "/" + std::string(name);
    if (!dir.empty() && access(candidate.c_str(), X_OK) == 0) return candidate;
    if (colon == std::string_view::npos) break;
    dirs.remove_prefix(colon + 1);
  }
  return std::nullopt;
}

HarnessResult<ProcessExit> RunProcess(const ProcessSpec& spec, const LineSink& on_line) {
  if (spec.argv.empty()) return MakeError(HarnessErrorKind::kUsage, "empty command");
  auto exe = FindExecutable(spec.argv[0]);
  if (!exe) return MakeError(HarnessErrorKind::kMissingTool, spec.argv[0] + " not found in PATH");

  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) {
    return MakeError(HarnessErrorKind::kIo, std::string("pipe: ") + std::strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 2);
  if (!spec.working_dir.empty()) {
    posix_spawn_file_actions_addchdir_np(&actions, spec.working_dir.c_str());
  }
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);

  std::vector<std::string> argv = spec.argv;
  // extra_env entries replace inherited ones of the same name.
  std::vector<std::string> env = spec.extra_env;
  for (char** e = environ; *e; ++e) {
    std::string_view entry = *e;
    std::string_view name = entry.substr(0, entry.find('='));
    bool overridden = std::any_of(spec.extra_env.begin(), spec.extra_env.end(),
                                  [&](const std::string& extra) {
                                    return extra.size() > name.size() && extra[name.size()] == '=' &&
                                           extra.compare(0, name.size(), name) == 0;
                                  });
    if (!overridden) env.emplace_back(entry);
  }
  auto c_argv = CStrings(argv);
  auto c_env = CStrings(env);

  pid_t pid;
  int rc = posix_spawn(&pid, exe->c_str(), &actions, &attr, c_argv.data(), c_env.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  close(pipe_fds[1]);
  if (rc != 0) {
    close(pipe_fds[0]);
    return MakeError(HarnessErrorKind::kMissingTool,
                     "cannot start " + spec.argv[0] + ": " + std::strerror(rc));
  }

  ProcessExit result;
  std::string pending;
  auto deadline = std::chrono::steady_clock::now() + spec.timeout;
  bool stop = false;
  char buf[8192];
  while (!stop) {
    int wait_ms = -1;
    if (spec.timeout.count() > 0) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        result.timed_out = true;
        break;
      }
      wait_ms = static_cast<int>(left.count());
    }
    pollfd pfd{pipe_fds[0], POLLIN, 0};
    int n = poll(&pfd, 1, wait_ms);
    if (n < 0 && errno == EINTR) continue;
    if (n == 0) continue;  // the deadline check above ends the loop
    ssize_t got = read(pipe_fds[0], buf, sizeof(buf));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    result.output.append(buf, static_cast<size_t>(got));
    pending.append(buf, static_cast<size_t>(got));
    size_t nl;
    while ((nl = pending.find('\n')) != std::string::npos) {
      std::string_view line(pending.data(), nl);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (on_line && !on_line(line)) stop = true;
      pending.erase(0, nl + 1);
      if (stop) break;
    }
  }
  if (!pending.empty() && on_line && !stop) on_line(pending);
  if (result.timed_out || stop) kill(-pid, SIGKILL);
  close(pipe_fds[0]);

  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  return result;
}

}  // namespace iommufd_conform
