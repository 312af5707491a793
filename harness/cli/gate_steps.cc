#include "harness/cli/gate_steps.h"

#include <cstdio>
#include <fstream>

#include "harness/cli/failnth_guest.h"
#include "harness/cli/suite_runs.h"
#include "harness/common/paths.h"
#include "harness/gate/base_cache.h"
#include "harness/gate/divergence_file.h"
#include "harness/kernel/kernel_builder.h"
#include "harness/kernel/sha256.h"
#include "harness/coverage/corpus_replay.h"
#include "harness/fuzz/failnth_log.h"
#include "harness/fuzz/finding_recorder.h"
#include "harness/kernel/text_file.h"
#include "harness/vm/guest_runner.h"

namespace iommufd_conform {

namespace fs = std::filesystem;

void Progress::Step(const std::string& what) {
  auto seconds = static_cast<long long>(Seconds());
  std::printf("%s [%4llds]: %s\n", command_.c_str(), seconds, what.c_str());
  std::fflush(stdout);
}

double Progress::Seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

gate::KernelBuild BuildSide(const fs::path& tree, Arch arch, BuiltKernel* built,
                            const std::vector<std::string>& extras) {
  auto start = std::chrono::steady_clock::now();
  auto kernel = EnsureKernel({.source = tree.string(), .arch = arch, .extras = extras});
  gate::KernelBuild build{.arch = std::string(ArchName(arch))};
  build.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!kernel.ok()) {
    build.error = kernel.error();
    return build;
  }
  build.image = kernel.value().image.string();
  build.release = kernel.value().release;
  *built = kernel.value();
  return build;
}

gate::PlatformRun RunSuiteOn(const PlannedRun& planned, const std::string& image,
                             const fs::path& results, int timeout_seconds) {
  RunOptions options{.backend = kGateBackend,
                     .results_dir = results.string(),
                     .filter = "",
                     .timeout_seconds = timeout_seconds,
                     .hugepages = 0,
                     .jobs = 1};
  PlannedRun run = planned;
  run.kernel = image;
  std::vector<ConfigResult> configs = RunConfigurations({run}, options, results);
  gate::PlatformRun out{.config = std::move(configs.front())};
  auto divergences = ReadTextFile(results / "raw" / out.config.Name() / "divergences.txt");
  if (divergences.ok()) out.divergences = gate::ParseUnexpectedDivergences(divergences.value());
  return out;
}

gate::PlatformRun BaseRunOn(const PlannedRun& planned, const BuiltKernel& base_kernel,
                            const std::string& base_commit, const fs::path& results,
                            int timeout_seconds, Progress& progress, const std::string& where) {
  const fs::path cache = CacheDir() / "gate" / "base-results";
  auto suite = Sha256OfFile(GuestBinary(planned.arch, "iommufd-conform-suite"));
  std::string key = gate::BaseRunKey(
      {base_commit, std::string(ArchName(planned.arch)), planned.platform,
       base_kernel.cache_dir.filename().string(), suite.ok() ? suite.value() : "",
       std::string("backend=") + kGateBackend});
  if (suite.ok()) {
    if (auto cached = gate::LoadBaseRun(cache, key)) {
      progress.Step(where + ": base results from the cache");
      return *cached;
    }
  }
  progress.Step(where + ": the suite on the base kernel");
  gate::PlatformRun run = RunSuiteOn(planned, base_kernel.image.string(), results,
                                     timeout_seconds);
  if (suite.ok()) {
    if (auto stored = gate::StoreBaseRun(cache, key, run); !stored.ok()) {
      std::fprintf(stderr, "note: %s\n", stored.error().message.c_str());
    }
  }
  return run;
}

gate::FuzzReplay ReplayCorpusOn(Arch arch, const fs::path& image, const fs::path& results) {
  const fs::path corpus = SourceDir() / "fuzz" / "corpus" / "model";
  gate::FuzzReplay replay{.arch = std::string(ArchName(arch)), .platform = "none",
                          .corpus = "fuzz/corpus/model"};
  fs::path fuzzer = BuildDir() / (arch == Arch::kX86_64 ? "fuzz-guest" : "fuzz-guest-aarch64") /
                    "fuzz" / "diff_fuzzer";
  std::error_code error;
  fs::remove_all(results, error);
  fs::create_directories(results / "corpus", error);
  fs::copy(corpus, results / "corpus", fs::copy_options::recursive, error);
  if (error) {
    replay.error = MakeError(HarnessErrorKind::kIo, "cannot copy " + corpus.string() + " to " +
                                                        results.string() + ": " + error.message());
    return replay;
  }
  GuestRunSpec spec;
  spec.arch = arch;
  spec.platform = replay.platform;
  spec.kernel_image = image;
  spec.payload = fuzzer;
  // -runs=0: every input once, no mutation; the final stats count them even after a finding.
  spec.payload_args = {"-runs=0", "-print_final_stats=1", "-artifact_prefix=/share/",
                       "/share/corpus"};
  spec.share_dir = results;
  spec.splat_grace = std::chrono::seconds(30);
  spec.run_timeout = std::chrono::seconds(900);
  std::vector<std::string> console;
  FindingRecorder recorder;
  spec.console_sink = [&](std::string_view line) {
    console.emplace_back(line);
    recorder.Feed(line);
  };
  auto exit = RunInGuest(spec);
  std::ofstream log(results / "console.log");
  for (const std::string& line : console) log << line << '\n';
  if (!exit.ok()) replay.error = exit.error();
  CorpusReplay parsed = ParseCorpusReplay({console.begin(), console.end()});
  replay.inputs = parsed.inputs;
  replay.executed = parsed.executed;
  replay.finished = parsed.finished;
  replay.finding = parsed.finding;
  if (auto finding = recorder.Finding()) {
    replay.report = finding->report;
    replay.reproduce = "iommufd-conform vm exec --arch " + replay.arch + " --platform none" +
                       " --kernel " + image.string() + " --share " + results.string() + " -- " +
                       fuzzer.string() + " /share/" + finding->artifact;
  }
  return replay;
}

gate::FailNthWalk WalkFailNthOn(Arch arch, const fs::path& image, const fs::path& results) {
  gate::FailNthWalk walk{.arch = std::string(ArchName(arch)), .platform = "none"};
  walk.reproduce = "iommufd-conform fuzz --target vm --mode fail-nth --platform none --kernel " +
                   image.string();
  auto prepared = FailNthWalkSpec(arch, walk.platform, std::chrono::seconds(1800));
  if (!prepared.ok()) {
    walk.error = prepared.error();
    walk.outcome = walk.error->message;
    return walk;
  }
  GuestRunSpec spec = prepared.value();
  spec.kernel_image = image;
  spec.splat_grace = std::chrono::seconds(30);
  std::vector<std::string> console;
  spec.console_sink = [&](std::string_view line) { console.emplace_back(line); };
  auto exit = RunInGuest(spec);
  std::error_code error;
  fs::create_directories(results, error);
  std::ofstream log(results / "console.log");
  for (const std::string& line : console) log << line << '\n';
  FailNthLog parsed = ParseFailNthLog(console);
  walk.outcome = DescribeFailNthLog(parsed);
  walk.finished = parsed.finished;
  walk.runs = parsed.runs;
  walk.fault_sites = parsed.fault_sites;
  walk.findings = std::move(parsed.findings);
  walk.splats = std::move(parsed.splats);
  walk.clean_failures = std::move(parsed.clean_failures);
  walk.errnos_by_call = std::move(parsed.errnos_by_call);
  if (!exit.ok() && walk.finished && exit.error().kind == HarnessErrorKind::kGuestCrashed) {
    // The walk finished within the splat's grace: its result stands, and the splat is one of
    // its issues (the walker's own log scan names it, else the host's does).
    if (walk.splats.empty()) {
      std::string first = exit.error().message.substr(0, exit.error().message.find('\n'));
      walk.splats.push_back({"kernel log: " + first, exit.error().message});
    }
  } else if (!exit.ok()) {
    walk.error = exit.error();
    walk.outcome += "; " + exit.error().message.substr(0, exit.error().message.find('\n'));
  } else if (!parsed.finished) {
    walk.error = MakeError(HarnessErrorKind::kIo, "the walk ended without its summary (exit " +
                                                      std::to_string(exit.value().status) + ")");
  }
  return walk;
}

gate::FailNthWalk BaseWalkOn(Arch arch, const BuiltKernel& base_kernel,
                             const std::string& base_commit, const fs::path& results,
                             Progress& progress) {
  const fs::path cache = CacheDir() / "gate" / "base-results";
  auto walker = Sha256OfFile(BuildDir() / "iommufd-conform-failnth");
  std::string key = gate::BaseRunKey({base_commit, std::string(ArchName(arch)), "none",
                                      base_kernel.cache_dir.filename().string(),
                                      walker.ok() ? walker.value() : "", "fail-nth walk"});
  if (walker.ok()) {
    if (auto cached = gate::LoadBaseWalk(cache, key)) {
      progress.Step("fail-nth walk on the base kernel: from the cache");
      return *cached;
    }
  }
  progress.Step("fail-nth walk on the base kernel (" + std::string(ArchName(arch)) + ":none)");
  gate::FailNthWalk walk = WalkFailNthOn(arch, base_kernel.image, results);
  if (walker.ok()) {
    if (auto stored = gate::StoreBaseWalk(cache, key, walk); !stored.ok()) {
      std::fprintf(stderr, "note: %s\n", stored.error().message.c_str());
    }
  }
  return walk;
}

std::string Counts(const ConfigResult& config) {
  return std::to_string(config.Count(CaseStatus::kPassed)) + " passed, " +
         std::to_string(config.Count(CaseStatus::kFailed)) + " failed, " +
         std::to_string(config.Count(CaseStatus::kSkipped)) + " skipped" +
         (config.harness_error ? " [did not deliver]" : "");
}

}  // namespace iommufd_conform
