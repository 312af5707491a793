// `iommufd-conform mutate`: applies each mutant patch to a kernel tree, runs the gate's checks
// on the mutated kernel against the clean base, runs the kernel's own iommufd selftests on it
// too, and writes the mutation report (harness/gate/mutation.h).
#include <boost/program_options.hpp>
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "harness/cli/commands.h"
#include "harness/cli/exit_codes.h"
#include "harness/cli/gate_steps.h"
#include "harness/common/build_commit.h"
#include "harness/common/paths.h"
#include "harness/common/process.h"
#include "harness/common/utc_time.h"
#include "harness/gate/gate_compare.h"
#include "harness/gate/gate_tree.h"
#include "harness/gate/mutant.h"
#include "harness/gate/mutation.h"
#include "harness/gate/run_json.h"
#include "harness/gate/selftest_tap.h"
#include "harness/kernel/file_lock.h"
#include "harness/kernel/kernel_cache.h"
#include "harness/kernel/sha256.h"
#include "harness/kernel/text_file.h"
#include "harness/vm/guest_runner.h"

namespace iommufd_conform {
namespace {

namespace fs = std::filesystem;
namespace po = boost::program_options;
using gate::Mutant;
using gate::MutantFate;
using gate::MutantResult;

constexpr char kUsage[] =
    "usage: iommufd-conform mutate --tree PATH --mutants DIR [--base REV] [--budget SECONDS]\n"
    "                              [--platform auto|LIST] [--arch x86_64,arm64]\n"
    "                              [--only ID,...] [--rerun]\n"
    "                              [--results DIR] [--report FILE]\n"
    "Applies each mutant patch (DIR/*.patch) to the tree's base (REV, default HEAD), builds\n"
    "the mutated kernel incrementally, runs the gate's checks on it (the suite differentially\n"
    "on the mutant's platforms: auto picks them from the files it changes, see\n"
    "harness/gate/mutant.h) and compares them with the base's, and runs the kernel's own\n"
    "iommufd selftests on it. Records what killed each mutant: a suite expectation, a\n"
    "divergence from the model, a splat, a hang, the fuzz corpus replay or the fail-nth\n"
    "walk (those two only on mutants the suite let through); or that it survived.\n"
    "Results are kept per mutant in DIR/mutants/<id>/result.json and reused while the patch,\n"
    "base, platforms and binaries are unchanged, so an interrupted or budgeted measurement\n"
    "resumes where it stopped (--rerun measures again). The report covers every mutant of\n"
    "the set, measured or not; survivors are explained in the mutant folder's survivors.txt.\n"
    "--budget stops starting mutants once the next one would end past SECONDS (a budget\n"
    "already spent on the base writes the report from the stored results alone); --arch\n"
    "leaves out the mutants whose platforms need another arch's kernel.\n"
    "exit: 0 every measured survivor is explained, 1 a survivor without an explanation,\n"
    "  2 usage, 4 not a kernel git tree, 5 the base does not build, 3/6/7/8/10 as for every\n"
    "  command.\n";

constexpr int kSelftestHugepages = 64;
constexpr std::chrono::seconds kSelftestTimeout{300};
constexpr const char* kSelftestBinaries[] = {"iommufd", "iommufd_fail_nth"};

struct MutateOptions {
  fs::path tree;
  fs::path mutants;
  std::string base;
  int budget_seconds;
  std::string platforms;  // "auto" or a list as run --platform takes
  std::set<std::string> only;
  std::set<Arch> arches;
  bool rerun;
  fs::path results;
  fs::path report;
  int timeout_seconds;
  std::string command_line;
};

int Fail(const HarnessError& error) {
  std::fprintf(stderr, "iommufd-conform mutate: %s\n", error.message.c_str());
  return ExitCodeFor(error.kind);
}

std::vector<std::string> SplitCommas(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream stream(text);
  for (std::string item; std::getline(stream, item, ',');) {
    if (!item.empty()) items.push_back(item);
  }
  return items;
}

// "x86_64:none" into a planned vm run.
HarnessResult<PlannedRun> PlanOne(const std::string& platform) {
  auto plan = PlanRuns(RunTarget::kVm, platform, Arch::kX86_64, "");
  if (!plan.ok()) return plan.error();
  if (plan.value().size() != 1) {
    return MakeError(HarnessErrorKind::kUsage, "'" + platform + "' is not one platform");
  }
  return plan.value().front();
}

std::string PlatformName(const PlannedRun& run) {
  return std::string(ArchName(run.arch)) + ":" + run.platform;
}

// The kernel selftests of the tree's version, built once per version and arch.
HarnessResult<fs::path> SelftestDir(const std::string& version, Arch arch) {
  auto built = RunProcess({{(SourceDir() / "harness/coverage/build-selftests.sh").string(),
                            version, std::string(ArchName(arch)), CacheDir().string()}});
  if (!built.ok()) return built.error();
  if (!built.value().Succeeded()) {
    return MakeError(HarnessErrorKind::kBuildFailed,
                     "the kernel's iommufd selftests did not build:\n" + built.value().output);
  }
  std::string output = std::string(Trim(built.value().output));
  return fs::path(output.substr(output.rfind('\n') + 1));
}

gate::SelftestRun RunSelftest(Arch arch, const fs::path& image, const fs::path& binary) {
  GuestRunSpec spec;
  spec.arch = arch;
  spec.platform = "none";
  spec.kernel_image = image;
  spec.payload = binary;
  spec.hugepages = kSelftestHugepages;
  spec.run_timeout = kSelftestTimeout;
  gate::SelftestRun run{.binary = binary.filename().string()};
  auto exit = RunInGuest(spec);
  if (!exit.ok()) {
    run.error = exit.error();
    return run;
  }
  run.exit_status = exit.value().status;
  run.tests = gate::ParseTap(exit.value().console);
  return run;
}

std::string SelftestLine(const gate::SelftestRun& run) {
  if (run.error) {
    return run.binary + ": did not deliver: " +
           run.error->message.substr(0, run.error->message.find('\n'));
  }
  int ok = 0, not_ok = 0, skip = 0;
  for (const auto& [number, test] : run.tests) {
    if (test.status == gate::TapStatus::kOk) ++ok;
    if (test.status == gate::TapStatus::kNotOk) ++not_ok;
    if (test.status == gate::TapStatus::kSkip) ++skip;
  }
  return run.binary + ": exit " + std::to_string(run.exit_status) + ", ok " +
         std::to_string(ok) + ", not ok " + std::to_string(not_ok) + ", skip " +
         std::to_string(skip);
}

std::optional<MutantResult> LoadResult(const fs::path& file, const std::string& identity) {
  auto text = ReadTextFile(file);
  if (!text.ok()) return std::nullopt;
  auto json = nlohmann::json::parse(text.value(), nullptr, false);
  if (json.is_discarded()) return std::nullopt;
  auto result = gate::MutantResultFromJson(json);
  if (!result || result->identity != identity) return std::nullopt;
  return result;
}

// Everything one invocation shares across mutants.
struct Bench {
  gate::TreeState state;
  fs::path checkout;
  fs::path lock_path;
  std::map<Arch, BuiltKernel> base_kernels;
  std::map<Arch, std::vector<fs::path>> selftests;  // binaries per arch
  std::map<Arch, std::vector<gate::SelftestRun>> base_selftests;
  std::map<std::string, gate::PlatformRun> base_runs;  // by platform name
  std::map<Arch, gate::FuzzReplay> base_replays;
  std::map<Arch, gate::FailNthWalk> base_walks;  // x86_64 only
  std::string binaries_sha256;
};

// Applies the mutant to a fresh checkout of the base and builds it; the checkout is shared
// with `gate`, so it is held only while the tree is being written and built.
HarnessResult<std::map<Arch, BuiltKernel>> BuildMutant(const Bench& bench, const Mutant& mutant,
                                                       const std::set<Arch>& arches,
                                                       MutantResult& result) {
  auto lock = FileLock::Acquire(bench.lock_path, "mutate: waiting for a gate on this tree");
  if (!lock.ok()) return lock.error();
  if (auto out = gate::CheckoutCommit(bench.state, bench.checkout, bench.state.base_commit);
      !out.ok()) {
    return out.error();
  }
  gate::TreeState patched = bench.state;
  patched.patch = mutant.patch;
  std::map<Arch, BuiltKernel> kernels;
  if (auto applied = gate::ApplyPatch(patched, bench.checkout); !applied.ok()) {
    result.fate = MutantFate::kDoesNotApply;
    result.note = applied.error().message;
    return kernels;
  }
  for (Arch arch : arches) {
    BuiltKernel built;
    gate::KernelBuild build = BuildSide(bench.checkout, arch, &built);
    if (build.error) {
      result.fate = build.error->kind == HarnessErrorKind::kBuildFailed
                        ? MutantFate::kDoesNotBuild
                        : MutantFate::kNotMeasured;
      result.note = build.error->message;
      return std::map<Arch, BuiltKernel>{};
    }
    kernels[arch] = built;
  }
  return kernels;
}

MutantResult Measure(const Bench& bench, const Mutant& mutant,
                     const std::vector<PlannedRun>& runs, const MutateOptions& options,
                     Progress& progress, const std::string& where) {
  auto start = std::chrono::steady_clock::now();
  MutantResult result{.id = mutant.id, .subject = mutant.subject, .kind = mutant.kind};
  for (const PlannedRun& run : runs) result.platforms.push_back(PlatformName(run));
  std::set<Arch> arches;
  for (const PlannedRun& run : runs) arches.insert(run.arch);

  progress.Step(where + ": building");
  auto kernels = BuildMutant(bench, mutant, arches, result);
  if (!kernels.ok()) {
    result.fate = MutantFate::kNotMeasured;
    result.note = kernels.error().message;
  }
  if (!kernels.ok() || kernels.value().empty()) return result;

  gate::GateSide base{.label = "base"}, patched{.label = "patched"};
  const fs::path out = options.results / "mutants" / mutant.id;
  for (const PlannedRun& run : runs) {
    progress.Step(where + ": the suite on " + PlatformName(run));
    base.runs.push_back(bench.base_runs.at(PlatformName(run)));
    patched.runs.push_back(RunSuiteOn(run, kernels.value().at(run.arch).image.string(),
                                      out / "suite", options.timeout_seconds));
    progress.Step(where + ": " + PlatformName(run) + " " + Counts(patched.runs.back().config));
  }
  gate::ClassifyFindings(gate::Compare(base, patched, gate::AbiDelta{}), result);
  if (result.fate == MutantFate::kSurvived) {
    gate::GateSide base_replays{.label = "base"}, patched_replays{.label = "patched"};
    for (Arch arch : arches) {
      progress.Step(where + ": fuzz corpus replay on " + std::string(ArchName(arch)));
      base_replays.replays.push_back(bench.base_replays.at(arch));
      patched_replays.replays.push_back(ReplayCorpusOn(
          arch, kernels.value().at(arch).image,
          out / ("fuzz-replay-" + std::string(ArchName(arch)))));
    }
    gate::ClassifyFindings(gate::Compare(base_replays, patched_replays, gate::AbiDelta{}),
                           result);
  }
  if (result.fate == MutantFate::kSurvived && bench.base_walks.contains(Arch::kX86_64) &&
      arches.contains(Arch::kX86_64)) {
    progress.Step(where + ": fail-nth walk on x86_64");
    gate::GateSide base_walks{.label = "base"}, patched_walks{.label = "patched"};
    base_walks.walks.push_back(bench.base_walks.at(Arch::kX86_64));
    patched_walks.walks.push_back(WalkFailNthOn(
        Arch::kX86_64, kernels.value().at(Arch::kX86_64).image, out / "fail-nth"));
    gate::ClassifyFindings(gate::Compare(base_walks, patched_walks, gate::AbiDelta{}), result);
  }

  for (Arch arch : arches) {
    const auto& binaries = bench.selftests.at(arch);
    for (size_t i = 0; i < binaries.size(); ++i) {
      progress.Step(where + ": selftest " + binaries[i].filename().string());
      gate::SelftestRun run = RunSelftest(arch, kernels.value().at(arch).image, binaries[i]);
      for (std::string& kill : gate::SelftestKills(bench.base_selftests.at(arch)[i], run)) {
        result.selftest_kills.push_back(std::move(kill));
      }
    }
  }
  result.selftests_ran = true;
  result.project_commit = std::string(BuildCommit());
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

// The platforms each mutant runs on: its own (auto) or the same list for all.
HarnessResult<std::map<std::string, std::vector<PlannedRun>>> PlanMutants(
    const std::vector<Mutant>& mutants, const std::string& platforms) {
  std::map<std::string, std::vector<PlannedRun>> plans;
  std::vector<PlannedRun> fixed;
  if (platforms != "auto") {
    auto plan = PlanRuns(RunTarget::kVm, platforms, Arch::kX86_64, "");
    if (!plan.ok()) return plan.error();
    fixed = plan.value();
  }
  for (const Mutant& mutant : mutants) {
    if (platforms != "auto") {
      plans[mutant.id] = fixed;
      continue;
    }
    for (const std::string& platform : gate::PlatformsFor(mutant)) {
      auto run = PlanOne(platform);
      if (!run.ok()) return run.error();
      plans[mutant.id].push_back(run.value());
    }
  }
  return plans;
}

HarnessStatus WriteReport(const Bench& bench, const std::vector<Mutant>& mutants,
                          const std::map<std::string, MutantResult>& results,
                          const std::vector<std::string>& base_lines,
                          const MutateOptions& options, gate::MutationReport& report) {
  auto subject = RunProcess({{"git", "-C", bench.state.repo.string(), "log", "-1",
                              "--format=%s", bench.state.base_commit}});
  report.kernel = "Linux " + bench.state.kernel_version + " (base " +
                  bench.state.base_commit.substr(0, 12);
  if (subject.ok() && subject.value().Succeeded()) {
    report.kernel += ": " + std::string(Trim(subject.value().output));
  }
  report.kernel += ")";
  report.command = options.command_line;
  report.project_commit = std::string(BuildCommit());
  report.date = UtcNow();
  report.base_lines = base_lines;
  for (const Mutant& mutant : mutants) {
    auto found = results.find(mutant.id);
    if (found != results.end()) {
      report.results.push_back(found->second);
    } else {
      report.results.push_back({.id = mutant.id, .subject = mutant.subject, .kind = mutant.kind,
                                .fate = MutantFate::kNotMeasured,
                                .note = "not run yet (budget, --only or --arch)"});
    }
  }
  auto notes = ReadTextFile(options.mutants / "survivors.txt");
  if (notes.ok()) report.survivor_notes = gate::ParseSurvivorNotes(notes.value());
  nlohmann::json all = nlohmann::json::array();
  for (const MutantResult& result : report.results) all.push_back(MutantResultToJson(result));
  std::error_code error;
  fs::create_directories(options.report.parent_path(), error);
  if (auto written = WriteTextFile(options.results / "mutate.json", gate::DumpJson(all));
      !written.ok()) {
    return written;
  }
  return WriteTextFile(options.report, gate::FormatMutationReport(report));
}

int RunMutate(const MutateOptions& options) {
  Progress progress("mutate");
  auto mutants = gate::ReadMutants(options.mutants);
  if (!mutants.ok()) return Fail(mutants.error());
  auto plans = PlanMutants(mutants.value(), options.platforms);
  if (!plans.ok()) return Fail(plans.error());
  auto inspected = gate::InspectTree(options.tree, options.base.empty() ? "HEAD" : options.base);
  if (!inspected.ok()) return Fail(inspected.error());

  Bench bench;
  bench.state = inspected.value();
  const std::string repo_hash = Sha256Hex(bench.state.repo.string()).substr(0, 16);
  bench.checkout = CacheDir() / "gate" / "trees" / repo_hash / "linux";
  bench.lock_path = LocksDir() / ("gate-" + repo_hash + ".lock");
  progress.Step("base " + bench.state.base_commit.substr(0, 12) + " (" + bench.state.base_name +
                "), Linux " + bench.state.kernel_version + "; " +
                std::to_string(mutants.value().size()) + " mutants in " +
                options.mutants.string());

  std::vector<const Mutant*> selected;
  for (const Mutant& mutant : mutants.value()) {
    if (options.only.empty() || options.only.contains(mutant.id)) selected.push_back(&mutant);
  }
  if (!options.only.empty() && selected.size() != options.only.size()) {
    return Fail(MakeError(HarnessErrorKind::kUsage,
                          "--only names a mutant that is not in " + options.mutants.string()));
  }
  std::erase_if(selected, [&](const Mutant* mutant) {
    const auto& runs = plans.value().at(mutant->id);
    return std::any_of(runs.begin(), runs.end(),
                       [&](const PlannedRun& run) { return !options.arches.contains(run.arch); });
  });
  std::set<Arch> arches;
  std::map<std::string, PlannedRun> platforms;
  for (const Mutant* mutant : selected) {
    for (const PlannedRun& run : plans.value().at(mutant->id)) {
      arches.insert(run.arch);
      platforms.emplace(PlatformName(run), run);
    }
  }

  // The base: kernels, selftests, and the suite on every platform the mutants use.
  {
    auto lock = FileLock::Acquire(bench.lock_path, "mutate: waiting for a gate on this tree");
    if (!lock.ok()) return Fail(lock.error());
    if (auto out = gate::CheckoutCommit(bench.state, bench.checkout, bench.state.base_commit);
        !out.ok()) {
      return Fail(out.error());
    }
    for (Arch arch : arches) {
      progress.Step("building the base kernel for " + std::string(ArchName(arch)));
      BuiltKernel built;
      gate::KernelBuild build = BuildSide(bench.checkout, arch, &built);
      if (build.error) {
        std::fprintf(stderr, "iommufd-conform mutate: base broken: the base does not build "
                             "for %s\n", std::string(ArchName(arch)).c_str());
        return Fail(*build.error);
      }
      bench.base_kernels[arch] = built;
    }
  }
  std::vector<std::string> base_lines;
  std::string binaries;
  for (Arch arch : arches) {
    progress.Step("the kernel's iommufd selftests for " + std::string(ArchName(arch)));
    auto dir = SelftestDir(bench.state.kernel_version, arch);
    if (!dir.ok()) return Fail(dir.error());
    for (const char* name : kSelftestBinaries) {
      fs::path binary = dir.value() / name;
      bench.selftests[arch].push_back(binary);
      progress.Step("base: selftest " + std::string(name) + " on " +
                    std::string(ArchName(arch)));
      gate::SelftestRun run = RunSelftest(arch, bench.base_kernels[arch].image, binary);
      base_lines.push_back(std::string(ArchName(arch)) + " selftest " + SelftestLine(run));
      if (run.error) {
        std::fprintf(stderr, "iommufd-conform mutate: base broken: %s\n",
                     SelftestLine(run).c_str());
        return Fail(*run.error);
      }
      bench.base_selftests[arch].push_back(std::move(run));
      auto sha = Sha256OfFile(binary);
      binaries += sha.ok() ? sha.value() : "";
    }
    auto suite = Sha256OfFile(GuestBinary(arch, "iommufd-conform-suite"));
    binaries += suite.ok() ? suite.value() : "";
    progress.Step("base: fuzz corpus replay on " + std::string(ArchName(arch)));
    gate::FuzzReplay replay = ReplayCorpusOn(arch, bench.base_kernels[arch].image,
                                             options.results / "base" /
                                                 ("fuzz-replay-" + std::string(ArchName(arch))));
    base_lines.push_back(std::string(ArchName(arch)) + " fuzz corpus replay: " +
                         gate::DescribeReplay(replay));
    if (replay.error) {
      std::fprintf(stderr, "iommufd-conform mutate: base broken: the fuzz corpus replay: %s\n",
                   gate::DescribeReplay(replay).c_str());
      return Fail(*replay.error);
    }
    bench.base_replays[arch] = std::move(replay);
    if (arch != Arch::kX86_64) continue;
    gate::FailNthWalk walk = BaseWalkOn(arch, bench.base_kernels[arch], bench.state.base_commit,
                                        options.results / "base" / "fail-nth", progress);
    base_lines.push_back("x86_64 fail-nth walk: " + walk.outcome);
    if (walk.error) {
      std::fprintf(stderr, "iommufd-conform mutate: base broken: the fail-nth walk: %s\n",
                   walk.outcome.c_str());
      return Fail(*walk.error);
    }
    bench.base_walks[arch] = std::move(walk);
    auto walker = Sha256OfFile(BuildDir() / "iommufd-conform-failnth");
    binaries += walker.ok() ? walker.value() : "";
  }
  bench.binaries_sha256 = Sha256Hex(binaries);
  for (const auto& [name, run] : platforms) {
    gate::PlatformRun base_run =
        BaseRunOn(run, bench.base_kernels[run.arch], bench.state.base_commit,
                  options.results / "base", options.timeout_seconds, progress, "base " + name);
    base_lines.push_back(name + " suite (" + kGateBackend + "): " + Counts(base_run.config));
    if (base_run.config.harness_error || base_run.config.Count(CaseStatus::kFailed) > 0) {
      std::fprintf(stderr, "iommufd-conform mutate: base broken: the suite on the base kernel "
                           "on %s: %s\n", name.c_str(), Counts(base_run.config).c_str());
      return kExitTestsFailed;
    }
    bench.base_runs.emplace(name, std::move(base_run));
  }

  // The mutants, one at a time.
  std::map<std::string, MutantResult> results;
  for (const Mutant& mutant : mutants.value()) {
    fs::path stored = options.results / "mutants" / mutant.id / "result.json";
    std::vector<std::string> names;
    for (const PlannedRun& run : plans.value().at(mutant.id)) names.push_back(PlatformName(run));
    std::string identity =
        gate::MutantIdentity(mutant, bench.state.base_commit, names, bench.binaries_sha256);
    if (auto result = LoadResult(stored, identity)) results[mutant.id] = *result;
  }
  double measured_seconds = 0;
  int measured = 0;
  for (size_t i = 0; i < selected.size(); ++i) {
    const Mutant& mutant = *selected[i];
    std::string where = "mutant " + std::to_string(i + 1) + " of " +
                        std::to_string(selected.size()) + " (" + mutant.id + ")";
    if (results.contains(mutant.id) && !options.rerun) {
      progress.Step(where + ": " + std::string(MutantFateName(results[mutant.id].fate)) +
                    " (stored)");
      continue;
    }
    if (options.budget_seconds > 0 &&
        progress.Seconds() + (measured ? measured_seconds / measured : 0) >
            options.budget_seconds) {
      progress.Step("budget of " + std::to_string(options.budget_seconds) +
                    " s reached: the remaining mutants are left for the next run");
      break;
    }
    std::vector<std::string> names;
    for (const PlannedRun& run : plans.value().at(mutant.id)) names.push_back(PlatformName(run));
    MutantResult result = Measure(bench, mutant, plans.value().at(mutant.id), options, progress,
                                  where);
    result.identity =
        gate::MutantIdentity(mutant, bench.state.base_commit, names, bench.binaries_sha256);
    measured_seconds += result.seconds;
    ++measured;
    std::string checks;
    for (gate::KillCheck check : result.killed_by) {
      checks += (checks.empty() ? " by " : ", ") + std::string(gate::KillCheckName(check));
    }
    progress.Step(where + ": " + std::string(MutantFateName(result.fate)) + checks +
                  "; selftests: " +
                  (!result.selftests_ran            ? "not run"
                   : result.selftest_kills.empty() ? "survived"
                                                   : "killed"));
    if (result.fate != MutantFate::kNotMeasured) {
      fs::path stored = options.results / "mutants" / mutant.id / "result.json";
      std::error_code error;
      fs::create_directories(stored.parent_path(), error);
      if (auto written = WriteTextFile(stored, gate::DumpJson(MutantResultToJson(result)));
          !written.ok()) {
        return Fail(written.error());
      }
    }
    results[mutant.id] = std::move(result);
  }
  {
    auto lock = FileLock::Acquire(bench.lock_path, "mutate: waiting for a gate on this tree");
    if (lock.ok()) {
      (void)gate::CheckoutCommit(bench.state, bench.checkout, bench.state.base_commit);
    }
  }

  gate::MutationReport report;
  if (auto written = WriteReport(bench, mutants.value(), results, base_lines, options, report);
      !written.ok()) {
    return Fail(written.error());
  }
  std::vector<std::string> unexplained = gate::UnexplainedSurvivors(report);
  progress.Step("report: " + options.report.string());
  if (!unexplained.empty()) {
    std::printf("mutate: %zu survivor(s) not explained in %s: %s\n", unexplained.size(),
                (options.mutants / "survivors.txt").c_str(), unexplained.front().c_str());
    return kExitTestsFailed;
  }
  return kExitOk;
}

}  // namespace

int MutateCommand(const std::vector<std::string>& args) {
  po::options_description desc("options");
  std::string tree, mutants, results, report, only, arch_list;
  MutateOptions options;
  desc.add_options()("help,h", "this text")("tree", po::value(&tree), "the kernel git tree")(
      "mutants", po::value(&mutants), "the folder of mutant patches")(
      "base", po::value(&options.base)->default_value(""), "the base revision (HEAD)")(
      "budget", po::value(&options.budget_seconds)->default_value(0),
      "seconds; 0: no limit")(
      "platform", po::value(&options.platforms)->default_value("auto"),
      "auto (each mutant's own), or a list like run --platform")(
      "arch", po::value(&arch_list)->default_value("x86_64,arm64"),
      "the arches whose mutants run")(
      "only", po::value(&only)->default_value(""), "comma-separated mutant ids")(
      "rerun", po::bool_switch(&options.rerun), "measure again what is stored")(
      "results", po::value(&results)->default_value("mutate-results"), "output folder")(
      "report", po::value(&report)->default_value(""),
      "the Markdown report (default RESULTS/mutation.md)")(
      "timeout", po::value(&options.timeout_seconds)->default_value(900),
      "seconds one platform's suite may run");
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(desc).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::fprintf(stderr, "iommufd-conform mutate: %s\n%s", e.what(), kUsage);
    return kExitUsage;
  }
  if (vm.count("help")) {
    std::cout << kUsage << desc;
    return kExitOk;
  }
  if (tree.empty() || mutants.empty()) {
    std::fprintf(stderr, "iommufd-conform mutate: --tree and --mutants are required\n%s",
                 kUsage);
    return kExitUsage;
  }
  if (options.budget_seconds < 0 || options.timeout_seconds <= 0) {
    std::fprintf(stderr, "iommufd-conform mutate: --budget must not be negative, --timeout "
                         "must be positive\n");
    return kExitUsage;
  }
  for (const std::string& id : SplitCommas(only)) options.only.insert(id);
  for (const std::string& name : SplitCommas(arch_list)) {
    auto arch = ParseArch(name);
    if (!arch) {
      std::fprintf(stderr, "iommufd-conform mutate: unknown arch '%s'\n", name.c_str());
      return kExitUsage;
    }
    options.arches.insert(*arch);
  }
  options.tree = fs::weakly_canonical(fs::absolute(tree));
  options.mutants = fs::weakly_canonical(fs::absolute(mutants));
  options.results = fs::weakly_canonical(fs::absolute(results));
  options.report = report.empty() ? options.results / "mutation.md"
                                  : fs::weakly_canonical(fs::absolute(report));
  options.command_line = "iommufd-conform mutate";
  for (const std::string& arg : args) options.command_line += " " + arg;
  return RunMutate(options);
}

}  // namespace iommufd_conform
