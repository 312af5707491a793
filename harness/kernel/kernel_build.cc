#include "harness/kernel/kernel_build.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <thread>

#include "harness/common/process.h"
#include "harness/kernel/kbuild_args.h"
#include "harness/kernel/kernel_arch.h"
#include "harness/kernel/text_file.h"

namespace iommufd_conform {
namespace {

constexpr int kTailLines = 30;
constexpr auto kProgressInterval = std::chrono::seconds(30);

std::string Tail(std::string_view text, int lines) {
  size_t pos = text.size();
  while (pos > 0 && text[pos - 1] == '\n') --pos;
  size_t end = pos;
  for (int seen = 0; pos > 0; --pos) {
    if (text[pos - 1] == '\n' && ++seen == lines) break;
  }
  return std::string(text.substr(pos, end - pos));
}

std::string Join(const std::vector<std::string>& argv) {
  std::string line;
  for (const auto& arg : argv) line += (line.empty() ? "" : " ") + arg;
  return line;
}

// Runs one step with its output appended to build.log; `on_line` sees each line too.
HarnessResult<std::string> RunLogged(const BuildPlan& plan, const std::vector<std::string>& argv,
                                     HarnessErrorKind failure, const LineSink& on_line = {}) {
  std::ofstream log(BuildLogPath(plan), std::ios::app);
  log << "### " << Join(argv) << "\n";
  ProcessSpec spec;
  // setpriv has the kernel SIGKILL the step if we die first (kill -9, Ctrl-C): make runs in
  // its own process group and would otherwise build on, unlocked, beside the next run's make
  // in the same object directory.
  spec.argv = {"setpriv", "--pdeathsig", "KILL", "--"};
  spec.argv.insert(spec.argv.end(), argv.begin(), argv.end());
  spec.working_dir = plan.tree.string();
  auto run = RunProcess(spec, [&](std::string_view line) {
    log << line << "\n";
    return on_line ? on_line(line) : true;
  });
  log.flush();
  if (!run.ok()) return run.error();
  if (!run.value().Succeeded()) {
    return MakeError(failure, "'" + Join(argv) + "' failed (exit " +
                                  std::to_string(run.value().exit_code) + "); last lines of " +
                                  BuildLogPath(plan).string() + ":\n" +
                                  Tail(run.value().output, kTailLines));
  }
  return std::move(run).value().output;
}

std::vector<std::string> Make(const BuildPlan& plan, std::vector<std::string> tail) {
  std::vector<std::string> argv = KbuildArgs(plan.objects, plan.arch);
  argv.insert(argv.end(), tail.begin(), tail.end());
  return argv;
}

}  // namespace

std::filesystem::path BuildLogPath(const BuildPlan& plan) { return plan.objects / "build.log"; }
std::filesystem::path FinalConfigPath(const BuildPlan& plan) { return plan.objects / ".config"; }
std::filesystem::path ImagePath(const BuildPlan& plan) {
  return plan.objects / ImageRelativePath(plan.arch);
}

HarnessStatus ConfigureKernel(const BuildPlan& plan) {
  std::error_code error;
  std::filesystem::create_directories(plan.objects, error);
  if (error) {
    return MakeError(HarnessErrorKind::kIo,
                     "cannot create " + plan.objects.string() + ": " + error.message());
  }
  if (auto fresh = WriteTextFile(BuildLogPath(plan), ""); !fresh.ok()) return fresh.error();

  auto tiny = RunLogged(plan, Make(plan, {"tinyconfig"}), HarnessErrorKind::kBuildFailed);
  if (!tiny.ok()) return tiny.error();
  std::vector<std::string> merge = {"sh",
                                    (plan.tree / "scripts/kconfig/merge_config.sh").string(),
                                    "-m",
                                    "-O",
                                    plan.objects.string(),
                                    FinalConfigPath(plan).string()};
  for (const auto& fragment : plan.fragments) merge.push_back(fragment.path.string());
  auto merged = RunLogged(plan, merge, HarnessErrorKind::kBuildFailed);
  if (!merged.ok()) return merged.error();
  auto old = RunLogged(plan, Make(plan, {"olddefconfig"}), HarnessErrorKind::kBuildFailed);
  if (!old.ok()) return old.error();
  return Done{};
}

HarnessStatus CompileKernel(const BuildPlan& plan) {
  unsigned jobs = std::max(1u, std::thread::hardware_concurrency()) + 1;
  std::vector<std::string> tail = {"-j" + std::to_string(jobs),
                                   std::string(ImageTarget(plan.arch))};
  tail.insert(tail.end(), plan.make_variables.begin(), plan.make_variables.end());
  std::fprintf(stderr, "kernel: make -j%u %s (log: %s)\n", jobs,
               std::string(ImageTarget(plan.arch)).c_str(), BuildLogPath(plan).c_str());

  // A tinyconfig build takes minutes: say now and then that it is alive.
  auto start = std::chrono::steady_clock::now();
  auto last_report = start;
  int compiled = 0;
  auto progress = [&](std::string_view line) {
    if (line.substr(0, 5) == "  CC ") ++compiled;
    auto now = std::chrono::steady_clock::now();
    if (now - last_report >= kProgressInterval) {
      last_report = now;
      std::fprintf(
          stderr, "kernel: ... %d files compiled, %lds\n", compiled,
          static_cast<long>(std::chrono::duration_cast<std::chrono::seconds>(now - start).count()));
    }
    return true;
  };
  auto built = RunLogged(plan, Make(plan, tail), HarnessErrorKind::kBuildFailed, progress);
  if (!built.ok()) return built.error();
  std::error_code error;
  if (!std::filesystem::is_regular_file(ImagePath(plan), error)) {
    return MakeError(HarnessErrorKind::kBuildFailed,
                     "make succeeded but " + ImagePath(plan).string() + " is missing");
  }
  return Done{};
}

HarnessResult<std::string> KernelRelease(const BuildPlan& plan) {
  ProcessSpec spec;
  spec.argv = Make(plan, {"-s", "kernelrelease"});
  spec.working_dir = plan.tree.string();
  auto run = RunProcess(spec);
  if (!run.ok()) return run.error();
  std::string release(Trim(run.value().output));
  if (!run.value().Succeeded() || release.empty() || release.find('\n') != std::string::npos) {
    return MakeError(HarnessErrorKind::kBuildFailed,
                     "make kernelrelease failed:\n" + run.value().output);
  }
  return release;
}

}  // namespace iommufd_conform
