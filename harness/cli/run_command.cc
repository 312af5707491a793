// `iommufd-conform run`: the conformance suite on the model, in guests, or on this host,
// merged into JUnit XML and a JSON summary.
#include <sys/utsname.h>
#include <unistd.h>

#include <boost/program_options.hpp>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>

#include "harness/cli/commands.h"
#include "harness/cli/exit_codes.h"
#include "harness/cli/run_plan.h"
#include "harness/cli/suite_runs.h"
#include "harness/common/paths.h"
#include "harness/common/process.h"
#include "harness/common/utc_time.h"
#include "harness/gate/divergence_file.h"
#include "harness/kernel/kernel_builder.h"
#include "harness/kernel/text_file.h"
#include "harness/results/case_stream.h"
#include "harness/results/html_report.h"
#include "harness/results/markdown_report.h"
#include "harness/results/result_writers.h"
#include "harness/results/test_report.h"
#include "harness/results/uapi_coverage.h"
#include "harness/vm/guest_runner.h"

namespace iommufd_conform {
namespace {

namespace fs = std::filesystem;
namespace po = boost::program_options;

constexpr std::string_view kSuiteBinary = "iommufd-conform-suite";
constexpr std::string_view kSuiteXml = "suite.xml";
constexpr std::string_view kCensus = "census.txt";

std::vector<std::string> SuiteArgs(const RunOptions& options, const std::string& xml_path) {
  std::vector<std::string> args{
      "--gtest_output=xml:" + xml_path, "--gtest_color=no", "--case-stream",
      "--census=" + (std::filesystem::path(xml_path).parent_path() / kCensus).string()};
  // The divergence reports land next to the suite's XML.
  if (options.backend == "diff") {
    args.push_back("--diff-report=" +
                   (std::filesystem::path(xml_path).parent_path() / "divergences.txt").string());
  }
  if (!options.filter.empty()) args.push_back("--gtest_filter=" + options.filter);
  return args;
}

// Appends where the run stopped to the first line of its error (the line the CLI prints).
void AddProgress(const CaseStreamReader& stream, HarnessError& error) {
  size_t end = std::min(error.message.find('\n'), error.message.size());
  error.message.insert(end, ", " + stream.Progress());
}

// The suite's XML is the source of truth. Without a readable one (the guest died, the suite
// crashed or timed out), the cases it streamed stand in, and the error says where it stopped.
void CollectCases(const fs::path& xml, const CaseStreamReader& stream, ConfigResult& result) {
  std::ifstream census(xml.parent_path() / kCensus);
  result.census = ParseCallCensus(std::string(std::istreambuf_iterator<char>(census), {}));
  std::optional<HarnessError> xml_error;
  if (fs::exists(xml)) {
    auto cases = ReadGtestXml(xml);
    if (cases.ok()) {
      result.cases = std::move(cases).value();
      return;
    }
    xml_error = cases.error();
  } else {
    xml_error = MakeError(HarnessErrorKind::kIo, "the suite wrote no results");
  }
  if (!result.harness_error) result.harness_error = xml_error;
  result.cases = stream.finished();
  // Nothing streamed: the suite never started a case (or predates the stream).
  if (stream.running() || !stream.finished().empty() || stream.garbled()) {
    AddProgress(stream, *result.harness_error);
  }
}

// The suite failing without a failing case means it did not run properly.
void CheckExitStatus(int status, ConfigResult& result) {
  // A differential run that compared nothing also exits non-zero: that is its verdict.
  if (status != 0 && !result.harness_error && result.Count(CaseStatus::kFailed) == 0 &&
      !NothingCompared(result)) {
    result.harness_error = MakeError(HarnessErrorKind::kBootFailed,
                                     "the suite exited with status " + std::to_string(status) +
                                         " but reported no failing case");
  }
}

void RunLocally(const PlannedRun& run, const RunOptions& options, const fs::path& dir,
                ConfigResult& result) {
  fs::path xml = dir / kSuiteXml;
  std::vector<std::string> argv{GuestBinary(Arch::kX86_64, kSuiteBinary).string()};
  if (run.target == RunTarget::kModel) {
    argv.push_back("--backend=model");
    argv.push_back("--model-kernel=" + run.kernel);
    argv.push_back("--platform=" + run.platform);
  } else {
    argv.push_back("--backend=" + options.backend);
  }
  for (auto& arg : SuiteArgs(options, xml.string())) argv.push_back(arg);
  std::ofstream log(dir / "output.log");
  CaseStreamReader stream;
  auto exit = RunProcess({argv, "", {}, std::chrono::seconds(options.timeout_seconds)},
                         [&](std::string_view line) {
                           log << line << '\n';
                           stream.Feed(line);
                           return true;
                         });
  if (!exit.ok()) {
    result.harness_error = exit.error();
    return;
  }
  if (exit.value().timed_out) {
    result.harness_error = MakeError(HarnessErrorKind::kBootFailed, "the suite timed out");
  }
  CollectCases(xml, stream, result);
  CheckExitStatus(exit.value().exit_code, result);
}

void RunInVm(const PlannedRun& run, const HarnessResult<BuiltKernel>& kernel,
             const RunOptions& options, const fs::path& dir, ConfigResult& result) {
  if (!kernel.ok()) {
    result.harness_error = kernel.error();
    return;
  }
  std::ofstream console(dir / "console.log");
  GuestRunSpec spec;
  spec.arch = run.arch;
  spec.platform = run.platform;
  spec.kernel_image = kernel.value().image;
  spec.payload = GuestBinary(run.arch, kSuiteBinary);
  spec.payload_args = {"--backend=" + options.backend, "--platform=" + run.platform};
  for (auto& arg : SuiteArgs(options, "/share/" + std::string(kSuiteXml))) {
    spec.payload_args.push_back(arg);
  }
  spec.share_dir = dir;
  spec.hugepages = options.hugepages;
  spec.run_timeout = std::chrono::seconds(options.timeout_seconds);
  CaseStreamReader stream;
  spec.console_sink = [&](std::string_view line) {
    console << line << '\n';
    stream.Feed(line);
  };
  auto exit = RunInGuest(spec);
  if (!exit.ok()) result.harness_error = exit.error();
  CollectCases(dir / kSuiteXml, stream, result);
  if (exit.ok()) CheckExitStatus(exit.value().status, result);
}

int DefaultJobs() { return std::max(1u, std::thread::hardware_concurrency()); }

std::string HostArch() {
  utsname name{};
  uname(&name);
  return std::string(name.machine) == "aarch64" ? "arm64" : name.machine;
}

void PrintResult(const ConfigResult& result) {
  std::printf("  %-32s %3d passed, %3d unverified, %3d failed, %3d skipped, %d xfail, %d "
              "xpass%s\n",
              result.Name().c_str(), result.CountPassed(), result.CountUnverified(),
              result.Count(CaseStatus::kFailed), result.Count(CaseStatus::kSkipped),
              result.Count(BugVerdict::kXfail), result.Count(BugVerdict::kXpass),
              result.harness_error ? "  [harness error]" : "");
  // A kernel bug that did not show: the run passes, but the manifest wants updating.
  for (const CaseResult& c : result.cases) {
    if (c.status != CaseStatus::kPassed || c.bug_verdict != BugVerdict::kXpass) continue;
    std::printf("    XPASS: %s.%s: kernel bug [%s] did not show (fixed? update "
                "reference/divergences.txt)\n",
                c.suite.c_str(), c.name.c_str(), c.bug_id.c_str());
  }
  if (NothingCompared(result)) {
    std::printf("    FAILED: the differential run compared none of its calls\n");
  }
  if (result.harness_error) {
    // The first line names the cause; the full text is in the JUnit file and the logs.
    std::string first = result.harness_error->message.substr(
        0, result.harness_error->message.find('\n'));
    std::printf("    error: %s\n", first.c_str());
  }
  std::fflush(stdout);
}

ConfigResult RunConfiguration(const PlannedRun& run, const HarnessResult<BuiltKernel>* kernel,
                              const RunOptions& options, const fs::path& results) {
  ConfigResult result{std::string(TargetName(run.target)),
                      run.target == RunTarget::kHost ? HostArch() : std::string(ArchName(run.arch)),
                      run.platform, run.target == RunTarget::kHost ? "host" : run.kernel, {}, {}, {}};
  fs::path dir = results / "raw" / result.Name();
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir, ec);
  std::printf("%s: started\n", result.Name().c_str());
  std::fflush(stdout);
  if (run.target == RunTarget::kVm) {
    RunInVm(run, *kernel, options, dir, result);
  } else {
    RunLocally(run, options, dir, result);
  }
  return result;
}

}  // namespace

std::vector<ConfigResult> RunConfigurations(const std::vector<PlannedRun>& plan,
                                            const RunOptions& options, const fs::path& results) {
  // Kernels first, one at a time: concurrent builds would only fight over the cores.
  std::map<std::pair<std::string, Arch>, HarnessResult<BuiltKernel>> kernels;
  for (const PlannedRun& run : plan) {
    if (run.target != RunTarget::kVm || kernels.contains({run.kernel, run.arch})) continue;
    std::printf("kernel %s for %s...\n", run.kernel.c_str(), std::string(ArchName(run.arch)).c_str());
    std::fflush(stdout);
    kernels.emplace(std::pair{run.kernel, run.arch}, ResolveKernel(run.kernel, run.arch));
  }
  std::vector<ConfigResult> configs(plan.size());
  std::mutex print_mutex;
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i = next++; i < plan.size(); i = next++) {
      auto kernel = kernels.find({plan[i].kernel, plan[i].arch});
      configs[i] = RunConfiguration(plan[i], kernel == kernels.end() ? nullptr : &kernel->second,
                                    options, results);
      std::lock_guard lock(print_mutex);
      PrintResult(configs[i]);
    }
  };
  std::vector<std::jthread> workers;
  const size_t count = std::min<size_t>(std::max(options.jobs, 1), plan.size());
  for (size_t i = 1; i < count; ++i) workers.emplace_back(worker);
  worker();
  return configs;
}

namespace {

constexpr char kUsage[] =
    "usage: iommufd-conform run [--target model|vm|host] [--platform LIST] [--arch ARCH]\n"
    "                           [--kernel K] [--results DIR] [--filter GTEST_FILTER]\n"
    "                           [--backend kernel|diff] [--jobs N]\n"
    "Runs the conformance suite and writes DIR/junit.xml, DIR/summary.json, the Markdown\n"
    "report DIR/report.md, the list of uAPI calls each configuration exercised\n"
    "DIR/uapi_coverage.md, both with the divergence diffs in one page DIR/report.html, and\n"
    "per-configuration logs under DIR/raw/. The default is the embedded reference model.\n";

// What the HTML report adds to the results: the command, and each differential
// configuration's unexpected divergences (its divergences.txt) by case.
HtmlReportContext ReportContext(const std::vector<std::string>& args,
                                const std::vector<ConfigResult>& configs, const fs::path& results) {
  HtmlReportContext context;
  context.command = "iommufd-conform run";
  for (const std::string& arg : args) context.command += " " + arg;
  context.generated = UtcNow();
  for (const ConfigResult& config : configs) {
    auto text = ReadTextFile(results / "raw" / config.Name() / "divergences.txt");
    if (!text.ok()) continue;  // not a differential run, or it never got that far
    auto& by_case = context.divergences[config.Name()];
    for (const gate::Divergence& divergence : gate::ParseUnexpectedDivergences(text.value())) {
      std::string& report = by_case[divergence.test];
      report += (report.empty() ? "" : "\n\n") + divergence.report;
    }
  }
  return context;
}

}  // namespace

int RunCommand(const std::vector<std::string>& args) {
  po::options_description desc("options");
  std::string target_name, platforms, arch_name, kernel;
  RunOptions options;
  desc.add_options()("help,h", "this text")(
      "target", po::value(&target_name)->default_value("model"),
      "model (the embedded reference model), vm (kernels in QEMU guests), host (this "
      "machine's /dev/iommu)")(
      "platform", po::value(&platforms)->default_value("none"),
      "comma-separated platforms: none, vtd, amd, virtio, smmuv3; ARCH:NAME picks the arch")(
      "arch", po::value(&arch_name)->default_value("x86_64"),
      "arch for platforms that exist on both (none, virtio)")(
      "backend", po::value(&options.backend)->default_value("kernel"),
      "vm, host: kernel, or diff (every call also on the model; divergences fail)")(
      "kernel", po::value(&kernel)->default_value("7.2"),
      "vm: 6.12|7.2|7.3, a kernel tree or an image; model: the kernel version to model")(
      "results", po::value(&options.results_dir)->default_value("results"), "output folder")(
      "filter", po::value(&options.filter)->default_value(""), "GoogleTest filter")(
      "timeout", po::value(&options.timeout_seconds)->default_value(600),
      "seconds one configuration's suite may run")(
      "hugepages", po::value(&options.hugepages)->default_value(0),
      "vm: hugepages to reserve in the guest")(
      "jobs", po::value(&options.jobs)->default_value(DefaultJobs()),
      "configurations run at once (default: the number of CPUs)");
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(desc).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::fprintf(stderr, "iommufd-conform run: %s\n%s", e.what(), kUsage);
    return kExitUsage;
  }
  if (vm.count("help")) {
    std::cout << kUsage << desc;
    return kExitOk;
  }
  RunTarget target;
  if (target_name == "model") target = RunTarget::kModel;
  else if (target_name == "vm") target = RunTarget::kVm;
  else if (target_name == "host") target = RunTarget::kHost;
  else {
    std::fprintf(stderr, "iommufd-conform run: unknown target '%s'\n", target_name.c_str());
    return kExitUsage;
  }
  if (options.backend != "kernel" && options.backend != "diff") {
    std::fprintf(stderr, "iommufd-conform run: unknown backend '%s'\n", options.backend.c_str());
    return kExitUsage;
  }
  if (options.backend == "diff" && target == RunTarget::kModel) {
    std::fprintf(stderr, "iommufd-conform run: --backend diff needs --target vm or host\n");
    return kExitUsage;
  }
  auto arch = ParseArch(arch_name);
  if (!arch) {
    std::fprintf(stderr, "iommufd-conform run: unknown arch '%s'\n", arch_name.c_str());
    return kExitUsage;
  }
  if (target == RunTarget::kHost && access("/dev/iommu", R_OK | W_OK) != 0) {
    std::fprintf(stderr,
                 "iommufd-conform run: --target host needs this machine's /dev/iommu, and "
                 "there is none (or it is not accessible)\n");
    return kExitNoDevice;
  }
  auto plan = PlanRuns(target, target == RunTarget::kHost ? "none" : platforms, *arch, kernel);
  if (!plan.ok()) {
    std::fprintf(stderr, "iommufd-conform run: %s\n", plan.error().message.c_str());
    return kExitUsage;
  }

  fs::path results = options.results_dir;
  std::printf("iommufd-conform run: %zu configuration(s), results in %s\n", plan.value().size(),
              results.c_str());
  std::vector<ConfigResult> configs = RunConfigurations(plan.value(), options, results);

  for (auto status : {WriteJunit(configs, results / "junit.xml"),
                      WriteSummaryJson(configs, results / "summary.json"),
                      WriteMarkdownReport(configs, results / "report.md"),
                      WriteUapiCoverage(configs, results / "uapi_coverage.md"),
                      WriteHtmlReport(configs, ReportContext(args, configs, results),
                                      results / "report.html")}) {
    if (!status.ok()) {
      std::fprintf(stderr, "iommufd-conform run: %s\n", status.error().message.c_str());
      return kExitIo;
    }
  }
  // A configuration that could not deliver outranks failing cases: its verdict is unknown.
  for (const ConfigResult& c : configs) {
    if (c.harness_error) return ExitCodeFor(c.harness_error->kind);
  }
  for (const ConfigResult& c : configs) {
    if (c.Count(CaseStatus::kFailed) || NothingCompared(c)) return kExitTestsFailed;
  }
  return kExitOk;
}

}  // namespace iommufd_conform
