// `iommufd-conform fuzz`: a fuzzing campaign that keeps its corpus and findings in one
// folder per target, resumes from them, and prints progress as it goes.
//
//   --target model   the model-only fuzzer (build/fuzz), on this machine, --jobs processes
//   --target vm      the differential fuzzer (build/fuzz-guest, build/fuzz-guest-aarch64)
//                    in a guest of --platform ("smmuv3" or "arm64:smmuv3" imply arm64),
//                    KCOV guidance when the kernel has it (--kcov builds one that does);
//                    a finding is recorded and the guest restarted from the corpus with the
//                    finding's signature known, until --time is spent
//   --target vm --mode fail-nth
//                    the fault-injection walk (fuzz/failnth) in a guest whose kernel has the
//                    "failnth" extra: every fault site of each sequence's calls, one run each
#include <boost/program_options.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "harness/cli/commands.h"
#include "harness/cli/exit_codes.h"
#include "harness/cli/failnth_guest.h"
#include "harness/cli/run_plan.h"
#include "harness/common/paths.h"
#include "harness/common/process.h"
#include "harness/fuzz/finding_recorder.h"
#include "harness/fuzz/libfuzzer_progress.h"
#include "harness/kernel/kernel_builder.h"
#include "harness/vm/guest_runner.h"
#include "harness/vm/platform.h"

namespace iommufd_conform {
namespace {

namespace fs = std::filesystem;
namespace po = boost::program_options;

constexpr char kUsage[] =
    "usage: iommufd-conform fuzz [--target model|vm] [--platform P] [--arch ARCH]\n"
    "                            [--kernel K] [--time SECONDS] [--jobs N] [--dir DIR]\n"
    "                            [--max-len BYTES] [--kcov] [--mode libfuzzer|fail-nth]\n"
    "Runs a fuzzing campaign. Corpus and findings live in DIR/<target>/{corpus,findings};\n"
    "a second run resumes from them. A vm campaign records each finding (its signature in\n"
    "DIR/<target>/known-findings.txt) and restarts the guest to fuzz past it until --time\n"
    "is spent. Exit status 1 when the campaign has new findings.\n";

struct Campaign {
  std::string name;  // model-7.2, vm-x86_64-vtd-7.2
  fs::path dir;
  fs::path corpus() const { return dir / "corpus"; }
  fs::path findings() const { return dir / "findings"; }
  // Signatures of the differential findings recorded so far, one a line (vm campaigns).
  fs::path known() const { return dir / "known-findings.txt"; }
};

int CountFindings(const fs::path& findings) {
  int count = 0;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(findings, error)) {
    std::string name = entry.path().filename().string();
    for (const char* prefix : {"crash-", "leak-", "timeout-", "oom-", "slow-unit-"}) {
      if (name.starts_with(prefix) && !name.ends_with(".txt")) ++count;
    }
  }
  return count;
}

// Prints a progress line every ten seconds of libFuzzer output, and the last one at the end.
// Executions add up over the runs of a campaign that restarts after findings.
class ProgressPrinter {
 public:
  explicit ProgressPrinter(const Campaign& campaign) : campaign_(campaign) {}
  void Feed(std::string_view line) {
    if (auto progress = ParseProgressLine(line)) {
      last_ = *progress;
      max_coverage_ = std::max(max_coverage_, last_.coverage);
    }
    if (auto pcs = ParseKernelPcsLine(line)) max_kernel_pcs_ = std::max(max_kernel_pcs_, *pcs);
    if (std::chrono::steady_clock::now() - printed_ >= std::chrono::seconds(10)) Print();
  }
  void EndRun() {
    earlier_executions_ += last_.executions;
    last_.executions = 0;
  }
  uint64_t executions() const { return earlier_executions_ + last_.executions; }
  uint64_t max_coverage() const { return max_coverage_; }
  // Distinct KCOV PCs of the run that reached most (each run replays the corpus first).
  uint64_t max_kernel_pcs() const { return max_kernel_pcs_; }
  const FuzzProgress& last() const { return last_; }
  long long seconds() const {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() -
                                                            start_).count();
  }
  void Print() {
    printed_ = std::chrono::steady_clock::now();
    std::printf("  %5llds  execs %-10llu exec/s %-7llu cov %-6llu corpus %-6llu findings %d",
                seconds(), static_cast<unsigned long long>(executions()),
                static_cast<unsigned long long>(last_.exec_per_second),
                static_cast<unsigned long long>(last_.coverage),
                static_cast<unsigned long long>(last_.corpus), CountFindings(campaign_.findings()));
    if (max_kernel_pcs_) {
      std::printf("  kernel PCs %llu", static_cast<unsigned long long>(max_kernel_pcs_));
    }
    std::printf("\n");
    std::fflush(stdout);
  }

 private:
  const Campaign& campaign_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point printed_ = start_;
  FuzzProgress last_;
  uint64_t earlier_executions_ = 0;
  uint64_t max_coverage_ = 0;
  uint64_t max_kernel_pcs_ = 0;
};

// libFuzzer writes new inputs to the first corpus folder and only reads the others.
std::vector<std::string> LibFuzzerArgs(const std::vector<std::string>& corpora,
                                       const std::string& findings, int seconds, int max_len) {
  std::vector<std::string> args{"-max_total_time=" + std::to_string(seconds),
                                "-max_len=" + std::to_string(max_len),
                                "-artifact_prefix=" + findings + "/", "-print_final_stats=1"};
  args.insert(args.end(), corpora.begin(), corpora.end());
  return args;
}

// Each finding gets a readable account beside it: the target replayed on it, and the
// shrunk input and case it printed.
void DescribeModelFindings(const Campaign& campaign, const fs::path& fuzzer) {
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(campaign.findings(), error)) {
    fs::path path = entry.path();
    if (path.extension() == ".txt" || fs::exists(path.string() + ".txt")) continue;
    auto replay = RunProcess({{fuzzer.string(), path.string()}, "", {}, std::chrono::seconds(60)});
    std::string output = replay.ok() ? replay.value().output : "";
    std::ofstream(path.string() + ".txt") << output;
    // model_fuzzer shrinks what it found and prints it as a case: beside the input too.
    FindingRecorder recorder;
    std::istringstream lines(output);
    for (std::string line; std::getline(lines, line);) recorder.Feed(line);
    (void)WriteShrunkCase(recorder.Seen(), path);
  }
}

int RunModelCampaign(const Campaign& campaign, const std::string& kernel, int seconds, int jobs,
                     int max_len) {
  fs::path fuzzer = BuildDir() / "fuzz" / "fuzz" / "model_fuzzer";
  if (!fs::exists(fuzzer)) {
    std::fprintf(stderr, "iommufd-conform fuzz: %s is not built (scripts/build.sh builds it)\n",
                 fuzzer.c_str());
    return kExitMissingTool;
  }
  std::vector<std::string> argv{fuzzer.string()};
  // Fork mode runs the jobs side by side, keeps going past a finding, and merges corpora.
  if (jobs > 1) {
    argv.push_back("-fork=" + std::to_string(jobs));
    argv.push_back("-ignore_crashes=1");
  }
  for (auto& arg : LibFuzzerArgs({campaign.corpus().string(),
                                  (SourceDir() / "fuzz" / "corpus" / "model").string()},
                                 campaign.findings().string(), seconds, max_len)) {
    argv.push_back(arg);
  }
  ProgressPrinter progress(campaign);
  std::ofstream log(campaign.dir / "fuzzer.log", std::ios::app);
  auto exit = RunProcess(
      {argv, campaign.dir.string(), {"IOMMUFD_CONFORM_FUZZ_KERNEL=" + kernel},
       std::chrono::seconds(seconds + 300)},
      [&](std::string_view line) {
        log << line << '\n';
        progress.Feed(line);
        return true;
      });
  progress.Print();
  if (!exit.ok()) {
    std::fprintf(stderr, "iommufd-conform fuzz: %s\n", exit.error().message.c_str());
    return ExitCodeFor(exit.error().kind);
  }
  DescribeModelFindings(campaign, fuzzer);
  return kExitOk;
}

int RunVmCampaign(const Campaign& campaign, Arch arch, const std::string& platform,
                  const std::string& kernel, bool kcov, int seconds, int max_len) {
  fs::path fuzzer = BuildDir() / (arch == Arch::kX86_64 ? "fuzz-guest" : "fuzz-guest-aarch64") /
                    "fuzz" / "diff_fuzzer";
  if (!fs::exists(fuzzer)) {
    std::fprintf(stderr, "iommufd-conform fuzz: %s is not built\n", fuzzer.c_str());
    return kExitMissingTool;
  }
  auto built = ResolveKernel(kernel, arch, kcov ? std::vector<std::string>{"kcov"}
                                                : std::vector<std::string>{});
  if (!built.ok()) {
    std::fprintf(stderr, "iommufd-conform fuzz: %s\n", built.error().message.c_str());
    return ExitCodeFor(built.error().kind);
  }
  // The campaign folder is the guest's /share: corpus and findings land on the host.
  fs::path seeds = campaign.dir / "seeds";
  std::error_code error;
  fs::create_directories(seeds, error);
  fs::copy(SourceDir() / "fuzz" / "corpus" / "model", seeds,
           fs::copy_options::skip_existing | fs::copy_options::recursive, error);
  GuestRunSpec spec;
  spec.arch = arch;
  spec.platform = platform;
  spec.kernel_image = built.value().image;
  // Every run of the campaign boots the binary it started with, whatever is rebuilt
  // meanwhile: a restart must not change what the campaign's inputs mean.
  fs::path frozen = campaign.dir / "diff_fuzzer";
  fs::copy_file(fuzzer, frozen, fs::copy_options::overwrite_existing, error);
  if (error) {
    std::fprintf(stderr, "iommufd-conform fuzz: cannot copy %s: %s\n", fuzzer.c_str(),
                 error.message().c_str());
    return kExitIo;
  }
  spec.payload = frozen;
  // The guest fuzzes into a corpus in its memory, which diff_fuzzer mirrors to the share:
  // libFuzzer writing each new input over 9p halved the early exec/s.
  constexpr char kGuestCorpus[] = "/tmp/corpus";
  spec.payload_env = {
      "IOMMUFD_CONFORM_FUZZ_PLATFORM=" + platform,
      "IOMMUFD_CONFORM_FUZZ_KNOWN=/share/" + campaign.known().filename().string(),
      std::string("IOMMUFD_CONFORM_FUZZ_MIRROR=") + kGuestCorpus + ":/share/corpus"};
  spec.share_dir = campaign.dir;
  // Time for diff_fuzzer to see a splat in /dev/kmsg once its input ends and write it out.
  spec.splat_grace = std::chrono::seconds(30);
  ProgressPrinter progress(campaign);
  FindingRecorder recorder;
  std::ofstream log(campaign.dir / "console.log", std::ios::app);
  spec.console_sink = [&](std::string_view line) {
    log << line << '\n';
    progress.Feed(line);
    recorder.Feed(line);
  };
  // libFuzzer stops at its first finding: record it and start again from the corpus, the
  // finding now known, until the time is spent. A run shorter than this is not worth a boot.
  constexpr auto kShortestRun = std::chrono::seconds(60);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  int runs = 0;
  int recorded = 0;
  int known_splats = 0;
  while (true) {
    auto remaining = std::chrono::duration_cast<std::chrono::seconds>(
        deadline - std::chrono::steady_clock::now());
    if (runs > 0 && remaining < kShortestRun) break;
    ++runs;
    spec.payload_args = LibFuzzerArgs({kGuestCorpus, "/share/corpus", "/share/seeds"},
                                      "/share/findings", static_cast<int>(remaining.count()),
                                      max_len);
    spec.payload_args.insert(spec.payload_args.begin(), "-create_missing_dirs=1");
    spec.run_timeout = remaining + std::chrono::seconds(300);
    recorder.Reset();
    auto exit = RunInGuest(spec);
    progress.EndRun();
    auto finding = recorder.Finding();
    // A splat diff_fuzzer saw during an input is a finding like a divergence. One it did not
    // see (a panic, a hang, a splat between inputs) ends the campaign; the console keeps it.
    const bool splat_finding =
        !exit.ok() && exit.error().kind == HarnessErrorKind::kGuestCrashed && finding;
    if (!exit.ok() && !splat_finding) {
      progress.Print();
      std::fprintf(stderr, "iommufd-conform fuzz: %s (see %s)\n", exit.error().message.c_str(),
                   (campaign.dir / "console.log").c_str());
      return ExitCodeFor(exit.error().kind);
    }
    if (!finding) {
      if (exit.value().status == 0) break;
      progress.Print();
      std::fprintf(stderr, "iommufd-conform fuzz: the fuzzer exited with status %d and no "
                           "finding (see %s)\n", exit.value().status,
                   (campaign.dir / "console.log").c_str());
      return kExitIo;
    }
    bool known = ReadKnownSignatures(campaign.known()).contains(finding->signature);
    if (!RecordFinding(*finding, campaign.known(), campaign.findings())) {
      std::fprintf(stderr, "iommufd-conform fuzz: cannot record a finding in %s\n",
                   campaign.dir.c_str());
      return kExitIo;
    }
    ++recorded;
    std::printf("  finding %d: %s (findings/%s%s)\n", recorded,
                finding->signature.empty() ? "no signature" : finding->signature.c_str(),
                finding->artifact.c_str(),
                finding->test_case.empty() ? "" : ", shrunk into .shrunk and _test.cc");
    std::fflush(stdout);
    // A known splat ended a run on a tainted kernel; the next boot is clean, so fuzz on
    // unless it keeps coming back.
    constexpr int kMostKnownSplats = 3;
    if (splat_finding && known && ++known_splats < kMostKnownSplats) continue;
    // Without a new signature the next run would stop at the same place.
    if (finding->signature.empty() || known) {
      std::fprintf(stderr, "iommufd-conform fuzz: cannot fuzz past this finding; stopping\n");
      break;
    }
  }
  progress.Print();
  long long elapsed = progress.seconds();
  std::ostringstream summary;
  summary << "campaign " << campaign.name << ": " << elapsed << " s, " << runs << " run(s), "
          << progress.executions() << " execs ("
          << (elapsed ? progress.executions() / static_cast<uint64_t>(elapsed) : 0)
          << "/s overall), cov " << progress.max_coverage() << ", corpus "
          << progress.last().corpus << ", " << recorded << " finding(s) recorded";
  if (progress.max_kernel_pcs()) {
    summary << ", " << progress.max_kernel_pcs() << " kernel PCs (KCOV, drivers/iommu/iommufd)";
  }
  std::printf("%s\n", summary.str().c_str());
  std::ofstream(campaign.dir / "campaigns.log", std::ios::app) << summary.str() << '\n';
  return kExitOk;
}

// The guest prints "failnth-table" rows, "failnth-finding" blocks (up to
// "failnth-finding-end") and a last "failnth-summary {json}" line; the host keeps them.
int RunFailNthWalk(const Campaign& campaign, Arch arch, const std::string& platform,
                   const std::string& kernel) {
  auto prepared = FailNthWalkSpec(arch, platform, std::chrono::seconds(3600));
  if (!prepared.ok()) {
    std::fprintf(stderr, "iommufd-conform fuzz: %s\n", prepared.error().message.c_str());
    return ExitCodeFor(prepared.error().kind);
  }
  auto built = ResolveKernel(kernel, arch, {"failnth"});
  if (!built.ok()) {
    std::fprintf(stderr, "iommufd-conform fuzz: %s\n", built.error().message.c_str());
    return ExitCodeFor(built.error().kind);
  }
  GuestRunSpec spec = prepared.value();
  spec.kernel_image = built.value().image;
  std::ofstream log(campaign.dir / "console.log");
  std::ofstream summary;
  std::ofstream finding;
  int findings = 0;
  int absorbed = 0;
  std::string last_run;
  spec.console_sink = [&](std::string_view line) {
    log << line << '\n';
    if (line.starts_with("failnth: run ")) last_run = line;
    if (line.starts_with("failnth-table ")) {
      std::printf("  %s\n", std::string(line.substr(14)).c_str());
      std::fflush(stdout);
    } else if (line.starts_with("failnth-summary ")) {
      std::ofstream(campaign.dir / "summary.json") << line.substr(16) << '\n';
    } else if (line.starts_with("failnth-finding ")) {
      finding.open(campaign.findings() / ("failnth-" + std::to_string(++findings) + ".txt"));
    } else if (line.starts_with("failnth-absorbed ")) {
      // Not findings: the kernel absorbed the fault by another path (see fail_nth_walk.h).
      finding.open(campaign.dir / ("absorbed-" + std::to_string(++absorbed) + ".txt"));
    } else if (line == "failnth-finding-end" || line == "failnth-absorbed-end") {
      finding.close();
      return;
    } else if (line.starts_with("failnth-splat ") || line.starts_with("failnth: kernel") ||
               line.starts_with("failnth: clean run") || line.starts_with("failnth: cannot")) {
      std::printf("  %s\n", std::string(line).c_str());
    }
    if (finding.is_open()) finding << line << '\n';
  };
  auto exit = RunInGuest(spec);
  if (!exit.ok()) {
    // A splat ends the guest: the last "failnth: run" line names the sequence and call.
    std::fprintf(stderr, "iommufd-conform fuzz: %s\n  during: %s\n  (see %s)\n",
                 exit.error().message.c_str(), last_run.c_str(),
                 (campaign.dir / "console.log").c_str());
    return ExitCodeFor(exit.error().kind);
  }
  if (exit.value().status == 2) {
    std::fprintf(stderr, "iommufd-conform fuzz: the walk could not run (see %s)\n",
                 (campaign.dir / "console.log").c_str());
    return kExitIo;
  }
  std::printf("iommufd-conform fuzz: fail-nth walk: %d finding(s)%s\n", findings,
              findings ? (" in " + campaign.findings().string()).c_str() : "");
  return exit.value().status == 0 ? kExitOk : kExitTestsFailed;
}

// `--platform` as `run` spells it ("arm64:smmuv3") or bare ("smmuv3", which exists on arm64
// only); one platform, whose arch must agree with an explicit --arch.
HarnessResult<PlannedRun> GuestPlatform(std::string_view platform, Arch arch,
                                        bool arch_given) {
  auto runs = PlanRuns(RunTarget::kVm, platform, arch, "");
  if (!runs.ok()) return runs.error();
  if (runs.value().size() != 1) {
    return MakeError(HarnessErrorKind::kUsage, "--target vm fuzzes one platform");
  }
  const PlannedRun& run = runs.value().front();
  if (arch_given && run.arch != arch) {
    return MakeError(HarnessErrorKind::kUsage, "platform '" + std::string(platform) +
                                                   "' is not on --arch " +
                                                   std::string(ArchName(arch)));
  }
  if (auto known = FindPlatform(run.arch, run.platform); !known.ok()) return known.error();
  return run;
}

}  // namespace

int FuzzCommand(const std::vector<std::string>& args) {
  po::options_description desc("options");
  std::string target, platform, arch_name, kernel, dir, mode;
  int seconds, jobs, max_len;
  bool kcov = false;
  desc.add_options()("help,h", "this text")(
      "target", po::value(&target)->default_value("model"), "model or vm")(
      "platform", po::value(&platform)->default_value("none"),
      "vm: the guest platform (vtd, none, smmuv3, arm64:none, ...)")(
      "arch", po::value(&arch_name)->default_value("x86_64"), "vm: the guest arch")(
      "kernel", po::value(&kernel)->default_value("7.2"),
      "vm: the guest kernel; model: the kernel profile")(
      "time", po::value(&seconds)->default_value(60), "seconds of fuzzing")(
      "jobs", po::value(&jobs)->default_value(1), "model: parallel fuzzing processes")(
      "dir", po::value(&dir)->default_value("fuzz-campaigns"), "where campaigns live")(
      "max-len", po::value(&max_len)->default_value(256), "longest input in bytes")(
      "kcov", po::bool_switch(&kcov), "vm: a kernel with KCOV, so kernel coverage guides")(
      "mode", po::value(&mode)->default_value("libfuzzer"),
      "vm: libfuzzer, or fail-nth (the fault-injection walk; ignores --time)");
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(desc).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::fprintf(stderr, "iommufd-conform fuzz: %s\n%s", e.what(), kUsage);
    return kExitUsage;
  }
  if (vm.count("help")) {
    std::cout << kUsage << desc;
    return kExitOk;
  }
  auto arch = ParseArch(arch_name);
  if (!arch || (target != "model" && target != "vm") || seconds <= 0 || jobs <= 0) {
    std::fprintf(stderr, "iommufd-conform fuzz: bad --target, --arch, --time or --jobs\n%s",
                 kUsage);
    return kExitUsage;
  }
  if (mode != "libfuzzer" && (mode != "fail-nth" || target != "vm")) {
    std::fprintf(stderr, "iommufd-conform fuzz: --mode fail-nth needs --target vm\n%s", kUsage);
    return kExitUsage;
  }
  if (target == "vm") {
    auto guest = GuestPlatform(platform, *arch, !vm["arch"].defaulted());
    if (!guest.ok()) {
      std::fprintf(stderr, "iommufd-conform fuzz: %s\n", guest.error().message.c_str());
      return kExitUsage;
    }
    arch = guest.value().arch;
    arch_name = ArchName(*arch);
    platform = guest.value().platform;
    if (jobs != 1) {
      std::fprintf(stderr, "iommufd-conform fuzz: --target vm runs one guest (--jobs 1)\n");
      return kExitUsage;
    }
  }
  Campaign campaign;
  campaign.name = target == "model" ? "model-" + kernel
                                    : "vm-" + arch_name + "-" + platform + "-" + kernel +
                                          (kcov ? "-kcov" : "");
  if (mode == "fail-nth") {
    // A kernel given as an image path names no version: such walks share one folder.
    std::string kernel_tag = kernel.find('/') == std::string::npos ? kernel : "image";
    campaign.name = "failnth-" + arch_name + "-" + platform + "-" + kernel_tag;
  }
  campaign.dir = fs::absolute(fs::path(dir) / campaign.name);
  std::error_code error;
  fs::create_directories(campaign.corpus(), error);
  fs::create_directories(campaign.findings(), error);
  if (error) {
    std::fprintf(stderr, "iommufd-conform fuzz: cannot create %s\n", campaign.dir.c_str());
    return kExitIo;
  }
  if (mode == "fail-nth") {
    std::printf("iommufd-conform fuzz: fail-nth walk, %s, in %s\n", campaign.name.c_str(),
                campaign.dir.c_str());
    std::fflush(stdout);
    return RunFailNthWalk(campaign, *arch, platform, kernel);
  }
  int before = CountFindings(campaign.findings());
  std::printf("iommufd-conform fuzz: %s for %d s in %s\n", campaign.name.c_str(), seconds,
              campaign.dir.c_str());
  std::fflush(stdout);
  int status = target == "model"
                   ? RunModelCampaign(campaign, kernel, seconds, jobs, max_len)
                   : RunVmCampaign(campaign, *arch, platform, kernel, kcov, seconds, max_len);
  if (status != kExitOk) return status;
  int found = CountFindings(campaign.findings()) - before;
  std::printf("iommufd-conform fuzz: %d new finding(s)%s\n", found,
              found ? (" in " + campaign.findings().string()).c_str() : "");
  return found ? kExitTestsFailed : kExitOk;
}

}  // namespace iommufd_conform
