// `iommufd-conform gate`: builds a kernel tree's base and patched kernels, runs the suite
// differentially on both, compares, and returns a verdict (harness/gate/).
#include <boost/program_options.hpp>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <set>
#include <tuple>
#include <sstream>

#include "harness/cli/commands.h"
#include "harness/cli/exit_codes.h"
#include "harness/cli/run_plan.h"
#include "harness/common/utc_time.h"
#include "harness/cli/gate_coverage.h"
#include "harness/cli/gate_steps.h"
#include "harness/common/paths.h"
#include "harness/gate/abi_delta.h"
#include "harness/gate/gate_html.h"
#include "harness/gate/gate_json.h"
#include "harness/gate/gate_junit.h"
#include "harness/gate/gate_kcidb.h"
#include "harness/gate/gate_summary.h"
#include "harness/gate/gate_tree.h"
#include "harness/gate/run_json.h"
#include "harness/gate/uapi_headers.h"
#include "harness/kernel/file_lock.h"
#include "harness/kernel/kernel_cache.h"
#include "harness/kernel/sha256.h"
#include "harness/kernel/text_file.h"
#include "reference/uapi/abi_check.h"

namespace iommufd_conform {
namespace {

namespace fs = std::filesystem;
namespace po = boost::program_options;
using gate::GateReport;
using gate::GateSide;
using gate::KernelBuild;
using gate::PlatformRun;

constexpr char kUsage[] =
    "usage: iommufd-conform gate --tree PATH [--base REV] [--arch x86_64,arm64]\n"
    "                            [--platform all|LIST] [--results DIR] [--no-coverage]\n"
    "Builds the tree's base and the base with the patch (the commits since the base plus\n"
    "uncommitted changes), runs the suite differentially on both kernels on every platform\n"
    "asked for, compares the uAPI headers, and says whether the patch regressed anything.\n"
    "The base is REV, else HEAD for a tree with uncommitted changes, else the merge-base\n"
    "with the upstream branch, else HEAD~1. The tree itself is never written to: the gate\n"
    "builds in its own git worktree under the cache. Base results are cached per base\n"
    "commit and configuration.\n"
    "Writes DIR/summary.txt (for a mailing-list reply), the same with the patched runs'\n"
    "matrix and divergences as one page DIR/report.html, DIR/junit.xml, DIR/gate.json and\n"
    "DIR/kcidb.json (KCIDB I/O schema 4.5).\n"
    "Unless --no-coverage, also builds the patched tree with gcov (a full kernel build the\n"
    "first time, incremental after), runs the suite in guests of it on the same platforms\n"
    "and lists the patch's changed lines under drivers/iommu that no case executed: to\n"
    "review, not a regression.\n"
    "exit: 0 nothing regressed, 1 regression, 2 usage or a base that does not exist,\n"
    "  4 not a kernel tree / not a git repository, 5 a tree that does not build (the base:\n"
    "  'base broken'), 7/8 a base kernel that did not deliver ('base broken'), 3/6/10 as\n"
    "  for every command.\n";

// Checks the gate does not run, named in every output so that their absence is not
// mistaken for a pass.
std::vector<std::string> NotDone(const gate::ChangedLineCoverage& coverage,
                                 const std::vector<Arch>& arches) {
  std::vector<std::string> not_done;
  if (coverage.state == gate::ChangedLineCoverage::State::kSkipped ||
      coverage.state == gate::ChangedLineCoverage::State::kFailed) {
    not_done.push_back("changed-line coverage of the patch: " + gate::DescribeCoverage(coverage));
  }
  if (std::find(arches.begin(), arches.end(), Arch::kArm64) != arches.end()) {
    not_done.push_back("the fail-nth walk on arm64 (the walker is built for x86_64 guests)");
  }
  return not_done;
}

std::vector<std::string> SplitCommas(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream stream(text);
  for (std::string item; std::getline(stream, item, ',');) {
    if (!item.empty()) items.push_back(item);
  }
  return items;
}

int Fail(const HarnessError& error) {
  std::fprintf(stderr, "iommufd-conform gate: %s\n", error.message.c_str());
  return ExitCodeFor(error.kind);
}

// The platforms to run, and the arches to build for.
HarnessResult<std::vector<PlannedRun>> Plan(const std::string& platforms,
                                            const std::vector<Arch>& arches) {
  auto plan = PlanRuns(RunTarget::kVm, platforms, arches.front(), "");
  if (!plan.ok()) return plan;
  if (platforms != "all") return plan;
  std::vector<PlannedRun> kept;
  for (const PlannedRun& run : plan.value()) {
    if (std::find(arches.begin(), arches.end(), run.arch) != arches.end()) kept.push_back(run);
  }
  return kept;
}

// The uAPI comparison: only when the patch touches a uAPI file, since otherwise both trees
// export the same headers byte for byte.
gate::AbiDelta CompareUapi(const gate::TreeState& state, const fs::path& checkout,
                           const fs::path& gate_dir, const fs::path& results,
                           Progress& progress) {
  gate::AbiDelta delta;
  std::vector<std::string> files = gate::UapiFilesIn(state.patch_files);
  if (files.empty()) {
    delta.not_checked_reason = "the patch changes no uAPI header, so both trees export the same";
    return delta;
  }
  auto version = uapi::ParseKernelVersion(state.kernel_version);
  if (!version) {
    delta.not_checked_reason = "the ABI catalog does not describe Linux " +
                               state.kernel_version + "; changed: " + files.front();
    delta.changed_headers = files;
    return delta;
  }
  auto check = [&](const fs::path& headers) -> HarnessResult<std::vector<std::string>> {
    if (auto exported = gate::ExportUapiHeaders(checkout, headers); !exported.ok()) {
      return exported.error();
    }
    auto report = uapi::CheckAbi({.headers_dir = headers, .source_tree = checkout,
                                  .version = *version});
    if (!report.ok()) return report.error();
    return report.value().mismatches;
  };
  progress.Step("uAPI: the base's headers against the ABI catalog");
  if (auto out = CheckoutCommit(state, checkout, state.base_commit); !out.ok()) {
    delta.not_checked_reason = out.error().message;
    return delta;
  }
  auto base = check(gate_dir / "headers" / state.base_commit);
  progress.Step("uAPI: the patched headers against the ABI catalog");
  auto patched_headers = results / "patched-headers";
  std::error_code error;
  fs::remove_all(patched_headers, error);
  if (auto applied = gate::ApplyPatch(state, checkout); !applied.ok()) {
    delta.not_checked_reason = applied.error().message;
    return delta;
  }
  auto patched = check(patched_headers);
  if (!base.ok() || !patched.ok()) {
    delta.not_checked_reason =
        "the ABI check could not run: " + (!base.ok() ? base.error() : patched.error()).message;
    delta.changed_headers = files;
    return delta;
  }
  delta = gate::ClassifyAbi(base.value(), patched.value(), files);
  delta.reproduce = "iommufd-conform abi check --headers " + patched_headers.string() +
                    " --source-tree " + checkout.string() + " --version " + state.kernel_version;
  return delta;
}

HarnessStatus WriteOutputs(const GateReport& report, const std::string& command,
                           const fs::path& results) {
  std::error_code error;
  fs::create_directories(results, error);
  auto html = gate::FormatGateHtml(report, command);
  if (!html.ok()) return html.error();
  for (auto status :
       {WriteTextFile(results / "summary.txt", gate::FormatSummary(report)),
        WriteTextFile(results / "report.html", html.value()),
        WriteTextFile(results / "junit.xml", gate::FormatJunit(report)),
        WriteTextFile(results / "gate.json", gate::DumpJson(gate::GateJson(report))),
        WriteTextFile(results / "kcidb.json", gate::DumpJson(gate::KcidbDocument(report)))}) {
    if (!status.ok()) return status;
  }
  return Done{};
}

int ExitCodeOf(const gate::Verdict& verdict) {
  switch (verdict.kind) {
    case gate::Verdict::Kind::kPass: return kExitOk;
    case gate::Verdict::Kind::kRegression: return kExitTestsFailed;
    default: return ExitCodeFor(verdict.error);
  }
}

struct GateOptions {
  fs::path tree;
  std::string base;
  std::vector<Arch> arches;
  std::string platforms;
  fs::path results;
  bool coverage;
  int timeout_seconds;
  std::string command;  // as typed, for the HTML report
};

int RunGate(const GateOptions& options) {
  Progress progress("gate");
  GateReport report;
  report.started_at = UtcNow();
  report.tree = options.tree.string();

  auto plan = Plan(options.platforms, options.arches);
  if (!plan.ok()) return Fail(plan.error());
  auto inspected = gate::InspectTree(options.tree, options.base);
  if (!inspected.ok()) return Fail(inspected.error());
  const gate::TreeState& state = inspected.value();
  std::vector<Arch> arches;
  for (const PlannedRun& run : plan.value()) {
    if (std::find(arches.begin(), arches.end(), run.arch) == arches.end()) {
      arches.push_back(run.arch);
    }
  }
  report.base_commit = state.base_commit;
  report.base_name = state.base_name;
  report.patch_description = state.description;
  report.patch_sha256 = Sha256Hex(state.patch);
  report.patch_files = state.patch_files;
  report.base = {"base", state.base_commit.substr(0, 12) + " (" + state.base_name + ")", {}, {}};
  report.patched = {"patched", state.base_commit.substr(0, 12) + " + " + state.description, {}, {}};
  progress.Step("base " + state.base_commit.substr(0, 12) + " (" + state.base_name + ", " +
                state.base_reason + "); patch: " + state.description + ", " +
                std::to_string(state.patch_files.size()) + " file(s)");
  if (!state.untracked.empty()) {
    progress.Step("note: " + std::to_string(state.untracked.size()) +
                  " untracked file(s) are not part of the patch (git add -N includes them), "
                  "e.g. " + state.untracked.front());
  }

  // One gate at a time per repository: they share its checkout.
  const fs::path gate_dir = CacheDir() / "gate";
  const std::string repo_hash = Sha256Hex(state.repo.string()).substr(0, 16);
  auto lock = FileLock::Acquire(LocksDir() / ("gate-" + repo_hash + ".lock"),
                                "gate: waiting for another gate on " + state.repo.string());
  if (!lock.ok()) return Fail(lock.error());
  const fs::path checkout = gate_dir / "trees" / repo_hash / "linux";

  // Builds: the base, then the patch applied in the same checkout, so kbuild's object
  // directory for that path only recompiles what the patch touched.
  std::map<Arch, BuiltKernel> base_kernels, patched_kernels;
  progress.Step("checking out the base in " + checkout.string());
  if (auto out = gate::CheckoutCommit(state, checkout, state.base_commit); !out.ok()) {
    return Fail(out.error());
  }
  // The kernel cache identifies a tree carrying Debian's marker by the package alone, so
  // base and patched would be one kernel.
  if (fs::exists(checkout / ".debian-package")) {
    return Fail(MakeError(HarnessErrorKind::kSourceUnavailable,
                          "the tree commits Debian's .debian-package marker; remove it from "
                          "the repository so the patched kernel is told apart from the base"));
  }
  for (Arch arch : arches) {
    progress.Step("building the base kernel for " + std::string(ArchName(arch)) +
                  " (cached after the first gate on this base)");
    BuiltKernel built;
    report.base.builds.push_back(BuildSide(checkout, arch, &built));
    if (!report.base.builds.back().error) base_kernels[arch] = built;
    progress.Step("base " + std::string(ArchName(arch)) + ": " +
                  (report.base.builds.back().error ? "does not build" : built.image.string()));
  }
  if (auto applied = gate::ApplyPatch(state, checkout); !applied.ok()) return Fail(applied.error());
  for (Arch arch : arches) {
    progress.Step("building the patched kernel for " + std::string(ArchName(arch)) +
                  " (incremental)");
    BuiltKernel built;
    report.patched.builds.push_back(BuildSide(checkout, arch, &built));
    const KernelBuild& build = report.patched.builds.back();
    if (!build.error) patched_kernels[arch] = built;
    if (build.error) std::fprintf(stderr, "%s\n", build.error->message.c_str());
    progress.Step("patched " + std::string(ArchName(arch)) + ": " +
                  (build.error ? "does not build" : built.image.string()));
  }

  // Changed-line coverage while the checkout holds the patched tree (the uAPI check below
  // checks the base out again).
  if (!options.coverage) {
    report.coverage.note = "--no-coverage";
  } else if (patched_kernels.size() != arches.size()) {
    report.coverage.state = gate::ChangedLineCoverage::State::kFailed;
    report.coverage.note = "the patched tree does not build";
  } else {
    report.coverage = MeasureChangedLines(state, checkout, plan.value(),
                                          options.results / "coverage", options.timeout_seconds,
                                          progress);
  }
  report.not_done = NotDone(report.coverage, arches);

  report.abi = CompareUapi(state, checkout, gate_dir, options.results, progress);

  // The suite on both kernels, platform by platform; base results come from the cache
  // when this base was gated before with the same kernel and suite.
  const size_t total = plan.value().size();
  for (size_t i = 0; i < total; ++i) {
    const PlannedRun& planned = plan.value()[i];
    std::string name = std::string(ArchName(planned.arch)) + ":" + planned.platform;
    std::string where = "platform " + std::to_string(i + 1) + " of " + std::to_string(total) +
                        " (" + name + ")";
    if (!base_kernels.contains(planned.arch) || !patched_kernels.contains(planned.arch)) {
      progress.Step(where + ": skipped, a kernel for " + std::string(ArchName(planned.arch)) +
                    " did not build");
      continue;
    }
    PlatformRun base_run =
        BaseRunOn(planned, base_kernels[planned.arch], state.base_commit,
                  options.results / "base", options.timeout_seconds, progress, where);
    progress.Step(where + ": base " + Counts(base_run.config));
    report.base.runs.push_back(std::move(base_run));
    progress.Step(where + ": the suite on the patched kernel");
    report.patched.runs.push_back(RunSuiteOn(planned,
                                              patched_kernels[planned.arch].image.string(),
                                              options.results / "patched",
                                              options.timeout_seconds));
    progress.Step(where + ": patched " + Counts(report.patched.runs.back().config));
  }

  // The fuzz corpus through the differential fuzzer on both kernels of each arch.
  for (Arch arch : arches) {
    if (!base_kernels.contains(arch) || !patched_kernels.contains(arch)) continue;
    const std::string name(ArchName(arch));
    for (auto [side, kernels, label] :
         {std::tuple{&report.base, &base_kernels, "base"},
          std::tuple{&report.patched, &patched_kernels, "patched"}}) {
      progress.Step("fuzz corpus replay on the " + std::string(label) + " kernel (" + name +
                    ":none)");
      side->replays.push_back(ReplayCorpusOn(arch, kernels->at(arch).image,
                                             options.results / label / ("fuzz-replay-" + name)));
      progress.Step("fuzz corpus replay, " + std::string(label) + ": " +
                    gate::DescribeReplay(side->replays.back()));
    }
  }

  // The fault-injection walk on both kernels (x86_64 guests only).
  if (base_kernels.contains(Arch::kX86_64) && patched_kernels.contains(Arch::kX86_64)) {
    report.base.walks.push_back(BaseWalkOn(Arch::kX86_64, base_kernels[Arch::kX86_64],
                                           state.base_commit,
                                           options.results / "base" / "fail-nth", progress));
    progress.Step("fail-nth walk, base: " + report.base.walks.back().outcome);
    progress.Step("fail-nth walk on the patched kernel (x86_64:none)");
    report.patched.walks.push_back(WalkFailNthOn(Arch::kX86_64,
                                                 patched_kernels[Arch::kX86_64].image,
                                                 options.results / "patched" / "fail-nth"));
    progress.Step("fail-nth walk, patched: " + report.patched.walks.back().outcome);
  }

  report.findings = gate::Compare(report.base, report.patched, report.abi);
  report.verdict = gate::Decide(report.base, report.patched, report.findings);
  report.exit_code = ExitCodeOf(report.verdict);
  report.seconds = progress.Seconds();
  if (auto written = WriteOutputs(report, options.command, options.results); !written.ok()) {
    return Fail(written.error());
  }
  std::printf("\n%s\n(results in %s: summary.txt, report.html, junit.xml, gate.json, "
              "kcidb.json)\n",
              gate::FormatSummary(report).c_str(), options.results.c_str());
  return report.exit_code;
}

}  // namespace

int GateCommand(const std::vector<std::string>& args) {
  po::options_description desc("options");
  std::string tree, arch_list, results;
  GateOptions options;
  options.command = "iommufd-conform gate";
  for (const std::string& arg : args) options.command += " " + arg;
  bool no_coverage = false;
  desc.add_options()("help,h", "this text")("tree", po::value(&tree), "the kernel git tree")(
      "base", po::value(&options.base)->default_value(""), "the base revision")(
      "arch", po::value(&arch_list)->default_value("x86_64"), "comma-separated: x86_64, arm64")(
      "platform", po::value(&options.platforms)->default_value("all"),
      "all (every platform of the arches), or a list like run --platform")(
      "results", po::value(&results)->default_value("gate-results"), "output folder")(
      "timeout", po::value(&options.timeout_seconds)->default_value(900),
      "seconds one platform's suite may run")(
      "no-coverage", po::bool_switch(&no_coverage), "skip changed-line coverage");
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(desc).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::fprintf(stderr, "iommufd-conform gate: %s\n%s", e.what(), kUsage);
    return kExitUsage;
  }
  if (vm.count("help")) {
    std::cout << kUsage << desc;
    return kExitOk;
  }
  if (tree.empty()) {
    std::fprintf(stderr, "iommufd-conform gate: --tree is required\n%s", kUsage);
    return kExitUsage;
  }
  for (const std::string& name : SplitCommas(arch_list)) {
    auto arch = ParseArch(name);
    if (!arch) {
      std::fprintf(stderr, "iommufd-conform gate: unknown arch '%s'\n", name.c_str());
      return kExitUsage;
    }
    options.arches.push_back(*arch);
  }
  if (options.arches.empty()) {
    std::fprintf(stderr, "iommufd-conform gate: --arch names no arch\n");
    return kExitUsage;
  }
  options.tree = fs::weakly_canonical(fs::absolute(tree));
  options.results = fs::weakly_canonical(fs::absolute(results));
  options.coverage = !no_coverage;
  return RunGate(options);
}

}  // namespace iommufd_conform
