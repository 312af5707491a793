// iommufd-conform-fault-sweep: the model-fault test, run inside one guest. It runs the suite
// binary differentially once without a fault (which must pass, else the faults prove nothing)
// and once per registered model fault on that fault's cases, and judges each run
// (fault_verdict.h). Exit status 0 only if every fault is caught or a listed known miss.
//
//   iommufd-conform-fault-sweep --suite=/share/iommufd-conform-suite --work=/share/runs

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "suites/faults/fault_verdict.h"
#include "suites/faults/model_fault_registry.h"

namespace iommufd_conform {
namespace {

// A fault's cases take seconds; a run that takes this long is stuck.
constexpr unsigned kRunTimeoutSeconds = 240;

struct SuiteRun {
  int status = -1;  // exit status, or 128 + signal
  std::string output;
  std::string report;
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Runs the suite with `args`, its output into WORK/NAME.log and its report into
// WORK/NAME.report.
SuiteRun RunSuite(const std::string& suite, const std::string& work, const std::string& name,
                  std::vector<std::string> args) {
  std::string log = work + "/" + name + ".log";
  std::string report = work + "/" + name + ".report";
  unlink(report.c_str());
  args.insert(args.begin(), suite);
  args.push_back("--diff-report=" + report);
  std::fflush(stdout);
  pid_t child = fork();
  if (child == 0) {
    int out = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out < 0 || dup2(out, STDOUT_FILENO) < 0 || dup2(out, STDERR_FILENO) < 0) _exit(126);
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    alarm(kRunTimeoutSeconds);  // survives exec: SIGALRM ends a stuck run
    execv(argv[0], argv.data());
    _exit(127);
  }
  SuiteRun run;
  int status = 0;
  if (child < 0 || waitpid(child, &status, 0) != child) return run;
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  run.output = ReadFile(log);
  run.report = ReadFile(report);
  return run;
}

bool RanNoCase(const SuiteRun& run) {
  return run.output.find("Running 0 tests") != std::string::npos;
}

std::string Tail(const std::string& text, size_t lines) {
  size_t at = text.size();
  for (size_t n = 0; n <= lines && at != std::string::npos && at > 0; ++n) {
    at = text.rfind('\n', at - 1);
  }
  return at == std::string::npos ? text : text.substr(at + 1);
}

std::string_view Label(FaultVerdict::Kind kind) {
  switch (kind) {
    case FaultVerdict::Kind::kCaught: return "CAUGHT";
    case FaultVerdict::Kind::kMissed: return "MISSED";
    case FaultVerdict::Kind::kWrongReport: return "WRONG REPORT";
    case FaultVerdict::Kind::kKnownMiss: return "KNOWN MISS";
    case FaultVerdict::Kind::kKnownMissCaught: return "KNOWN MISS CAUGHT";
  }
  return "?";
}

int Usage(const char* why) {
  std::fprintf(stderr,
               "fault-sweep: %s\nusage: iommufd-conform-fault-sweep --suite=PATH [--work=DIR] "
               "[--fault=NAME]...\n",
               why);
  return 2;
}

int Sweep(const std::string& shared_suite, const std::string& work,
          const std::vector<const ModelFaultSpec*>& faults) {
  mkdir(work.c_str(), 0755);
  // The suite runs 40-odd times: from the guest's tmpfs, not paged in over 9p each time.
  const std::string suite = "/tmp/fault-sweep-suite";
  std::error_code error;
  std::filesystem::copy_file(shared_suite, suite,
                             std::filesystem::copy_options::overwrite_existing, error);
  if (error || chmod(suite.c_str(), 0755) != 0) {
    std::fprintf(stderr, "fault-sweep: cannot copy %s to %s: %s\n", shared_suite.c_str(),
                 suite.c_str(), error.message().c_str());
    return 2;
  }
  std::string all_cases;
  for (const ModelFaultSpec* spec : faults) {
    all_cases += (all_cases.empty() ? "" : ":") + std::string(spec->filter);
  }
  bool ok = true;
  SuiteRun baseline = RunSuite(suite, work, "no-fault", {"--backend=diff",
                                                           "--gtest_filter=" + all_cases});
  if (baseline.status != 0 || RanNoCase(baseline)) {
    ok = false;
    std::printf("[ BASELINE FAILED ] the unfaulted diff run on the faults' cases exited %d; "
                "until it passes, the faults prove nothing:\n%s\n",
                baseline.status, Tail(baseline.output, 40).c_str());
  } else {
    std::printf("[ BASELINE OK ] the unfaulted diff run passes on every fault's cases\n");
  }
  int caught = 0, known = 0, failures = 0;
  for (const ModelFaultSpec* spec : faults) {
    SuiteRun run = RunSuite(suite, work, std::string(spec->name),
                            {"--backend=diff", "--model-fault=" + std::string(spec->name),
                             "--gtest_filter=" + std::string(spec->filter)});
    FaultVerdict verdict;
    if (run.status != 0 && run.status != 1) {
      verdict = {FaultVerdict::Kind::kWrongReport,
                 "the suite did not run properly (status " + std::to_string(run.status) +
                     "):\n" + Tail(run.output, 20)};
    } else if (RanNoCase(run)) {
      verdict = {FaultVerdict::Kind::kWrongReport,
                 "the filter '" + std::string(spec->filter) + "' selects no case"};
    } else {
      verdict = JudgeFaultRun(*spec, run.status == 1, run.report);
    }
    caught += verdict.kind == FaultVerdict::Kind::kCaught;
    known += verdict.kind == FaultVerdict::Kind::kKnownMiss;
    failures += !verdict.ok();
    std::printf("[ %s ] %s (%s): %s\n", std::string(Label(verdict.kind)).c_str(),
                std::string(spec->name).c_str(), std::string(spec->bug).c_str(),
                verdict.why.c_str());
    if (verdict.kind == FaultVerdict::Kind::kKnownMiss) {
      std::printf("      why it is missed: %s\n", std::string(spec->known_miss).c_str());
    }
    std::fflush(stdout);
  }
  std::printf("model faults: %zu, caught %d, known misses %d, failures %d%s\n", faults.size(),
              caught, known, failures, ok ? "" : "; the unfaulted run FAILED");
  return ok && failures == 0 ? 0 : 1;
}

}  // namespace
}  // namespace iommufd_conform

int main(int argc, char** argv) {
  using namespace iommufd_conform;
  std::string suite, work = "/tmp/model-faults";
  std::vector<const ModelFaultSpec*> faults;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg.starts_with("--suite=")) {
      suite = arg.substr(8);
    } else if (arg.starts_with("--work=")) {
      work = arg.substr(7);
    } else if (arg.starts_with("--fault=")) {
      const ModelFaultSpec* spec = FindModelFault(arg.substr(8));
      if (!spec) return Usage(("unknown fault " + std::string(arg.substr(8))).c_str());
      faults.push_back(spec);
    } else {
      return Usage(("unknown argument " + std::string(arg)).c_str());
    }
  }
  if (suite.empty()) return Usage("--suite is required");
  if (faults.empty()) {
    for (const ModelFaultSpec& spec : ModelFaults()) faults.push_back(&spec);
  }
  return Sweep(suite, work, faults);
}
