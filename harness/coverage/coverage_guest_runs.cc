#include "harness/coverage/coverage_guest_runs.h"

#include <cstdio>
#include <fstream>

#include "harness/common/paths.h"
#include "harness/common/process.h"
#include "harness/coverage/gcov_runner.h"
#include "harness/vm/guest_runner.h"

namespace iommufd_conform {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kGcovSubdir = "gcov";
// Time for the init to copy the .gcda files after the payload_timeout.
constexpr auto kDumpAllowance = std::chrono::seconds(300);

std::string FirstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

}  // namespace

HarnessResult<CoverageRun> RunForCoverage(const CoverageGuest& guest,
                                          const CoveragePayload& payload, const fs::path& dir,
                                          CoverageMap& into) {
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir / kGcovSubdir, ec);
  if (ec) return MakeError(HarnessErrorKind::kIo, "cannot create " + dir.string());
  for (const auto& [from, name] : payload.inputs) {
    fs::copy(from, dir / name, fs::copy_options::recursive, ec);
    if (ec) {
      return MakeError(HarnessErrorKind::kIo, "cannot copy " + from.string() + ": " + ec.message());
    }
  }
  std::printf("  %s...\n", payload.what.c_str());
  std::fflush(stdout);

  std::ofstream console(dir / "console.log");
  GuestRunSpec spec;
  spec.arch = guest.arch;
  spec.platform = guest.platform;
  spec.kernel_image = guest.kernel_image;
  spec.payload = payload.binary;
  spec.payload_args = payload.args;
  spec.payload_env = payload.env;
  spec.share_dir = dir;
  spec.gcov_subdir = kGcovSubdir;
  spec.hugepages = guest.hugepages;
  // The init stops the payload itself, so a slow payload still hands back its counters.
  spec.payload_timeout = guest.timeout;
  spec.run_timeout = guest.timeout + kDumpAllowance;
  spec.console_sink = [&](std::string_view line) { console << line << '\n'; };
  auto exit = RunInGuest(spec);

  CoverageRun run{payload.what, {}};
  if (exit.ok()) {
    run.outcome = "exit " + std::to_string(exit.value().status) + " after " +
                  std::to_string(exit.value().total_time.count() / 1000) + " s";
  } else {
    run.outcome = "no result: " + FirstLine(exit.error().message);
  }
  auto files = AddGcdaTree(dir / kGcovSubdir, guest.gcno_dir, guest.arch, into);
  if (!files.ok()) return files.error();
  run.outcome += ", " + std::to_string(files.value()) + " .gcda files";
  std::printf("    %s\n", run.outcome.c_str());
  std::fflush(stdout);
  return run;
}

HarnessResult<std::vector<fs::path>> KernelSelftests(const std::string& version, Arch arch) {
  fs::path script = SourceDir() / "harness/coverage/build-selftests.sh";
  ProcessSpec spec{{"bash", script.string(), version, std::string(ArchName(arch)),
                    CacheDir().string()}, {}, {}, {}};
  std::string last_line;
  auto run = RunProcess(spec, [&](std::string_view line) {
    if (!line.empty()) last_line = line;
    return true;
  });
  if (!run.ok()) return run.error();
  if (!run.value().Succeeded()) {
    return MakeError(HarnessErrorKind::kBuildFailed,
                     "building the kernel's iommufd selftests failed:\n" + run.value().output);
  }
  fs::path dir = last_line;
  return std::vector<fs::path>{dir / "iommufd", dir / "iommufd_fail_nth"};
}

}  // namespace iommufd_conform
