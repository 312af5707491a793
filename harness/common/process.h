#ifndef IOMMUFD_CONFORM_HARNESS_COMMON_PROCESS_H_
#define IOMMUFD_CONFORM_HARNESS_COMMON_PROCESS_H_

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/common/harness_error.h"

namespace iommufd_conform {

struct ProcessSpec {
  std::vector<std::string> argv{};
  std::string working_dir{};            // empty: inherit
  std::vector<std::string> extra_env{};  // "NAME=value", replacing inherited NAME
  std::chrono::milliseconds timeout{0};  // 0: no limit
};

struct ProcessExit {
  int exit_code = -1;   // valid when signal == 0 and !timed_out
  int signal = 0;       // the signal that ended it, if any
  bool timed_out = false;
  std::string output;   // stdout and stderr, interleaved as they arrived
  bool Succeeded() const { return !timed_out && signal == 0 && exit_code == 0; }
};

// Called with each complete output line (without '\n') as it arrives. Returning false stops
// the process (the whole process group) early: used to end a guest on a detected splat.
using LineSink = std::function<bool(std::string_view line)>;

// Runs argv[0] (looked up in PATH) in its own process group with stdin on /dev/null.
// A harness error means the process could not be started at all.
HarnessResult<ProcessExit> RunProcess(const ProcessSpec& spec, const LineSink& on_line = {});

// The absolute path of an executable found in PATH, if any.
std::optional<std::string> FindExecutable(std::string_view name);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_COMMON_PROCESS_H_
