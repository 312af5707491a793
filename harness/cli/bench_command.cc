// `iommufd-conform bench`: runs iommufd-conform-bench in guests, on the host's /dev/iommu or
// on the model, keeps each run's Google Benchmark JSON and writes one report with ratio
// tables, the model's fitted slope and SVG plots (harness/bench/).
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "harness/bench/bench_html.h"
#include "harness/bench/bench_options.h"
#include "harness/bench/bench_report.h"
#include "harness/cli/commands.h"
#include "harness/cli/exit_codes.h"
#include "harness/cli/run_plan.h"
#include "harness/common/paths.h"
#include "harness/common/process.h"
#include "harness/common/utc_time.h"
#include "harness/kernel/kernel_builder.h"
#include "harness/vm/guest_runner.h"

namespace iommufd_conform {
namespace {

namespace fs = std::filesystem;

constexpr const char* kBinary = "iommufd-conform-bench";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool WriteFile(const fs::path& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  return static_cast<bool>(out);
}

// What serves /dev/vfio/vfio in a kernel, from its final .config.
std::string ContainerServedBy(const fs::path& config) {
  std::string text = config.empty() ? "" : ReadFile(config);
  auto has = [&](const std::string& line) {
    return text.find("\n" + line + "\n") != std::string::npos;
  };
  if (has("CONFIG_VFIO_IOMMU_TYPE1=y") && !has("CONFIG_IOMMUFD_VFIO_CONTAINER=y")) return "type1";
  if (has("CONFIG_IOMMUFD_VFIO_CONTAINER=y")) return "iommufd compat container";
  return "";
}

std::vector<std::string> BinaryArgs(const BenchOptions& options, const std::string& backend,
                                    const std::string& sweep, uint64_t max_areas,
                                    const std::string& json) {
  std::vector<std::string> args = {"--backend=" + backend, "--sweep=" + sweep,
                                   "--max-areas=" + std::to_string(max_areas),
                                   "--benchmark_out=" + json, "--benchmark_out_format=json",
                                   "--benchmark_min_time=" + std::to_string(options.min_time),
                                   // First calls pay for faults and caches: warm up, then
                                   // keep the fastest of three (machines are shared).
                                   "--benchmark_min_warmup_time=" +
                                       std::to_string(options.min_time / 2),
                                   "--benchmark_repetitions=3"};
  if (backend == "model") args.push_back("--model-kernel=" + options.kernel);
  if (!options.filter.empty()) args.push_back("--benchmark_filter=" + options.filter);
  return args;
}

// Google Benchmark's console output goes to stdout as it comes.
HarnessResult<ProcessExit> RunHere(const std::vector<std::string>& args, int timeout) {
  ProcessSpec spec;
  spec.argv = {GuestBinary(Arch::kX86_64, kBinary).string()};
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.timeout = std::chrono::seconds(timeout);
  return RunProcess(spec, [](std::string_view line) {
    std::printf("  %.*s\n", static_cast<int>(line.size()), line.data());
    std::fflush(stdout);
    return true;
  });
}

struct Outcome {
  int exit_code = kExitOk;
  void Fail(int code, const std::string& message) {
    std::fprintf(stderr, "iommufd-conform bench: %s\n", message.c_str());
    if (exit_code == kExitOk) exit_code = code;
  }
};

// Parses one run's JSON into `runs`; a missing or broken file is a failure of that run.
void Collect(const fs::path& json, BenchRun run, std::vector<BenchRun>* runs, Outcome* outcome) {
  auto entries = ParseBenchmarkJson(ReadFile(json));
  if (!entries.ok()) {
    return outcome->Fail(kExitIo, json.string() + ": " + entries.error().message);
  }
  run.entries = std::move(entries).value();
  runs->push_back(std::move(run));
}

void RunVm(const BenchOptions& options, const fs::path& results, std::vector<BenchRun>* runs,
           std::string* preamble, Outcome* outcome) {
  auto plan = PlanRuns(RunTarget::kVm, options.platforms, Arch::kX86_64, options.kernel);
  if (!plan.ok()) return outcome->Fail(kExitUsage, plan.error().message);
  for (const PlannedRun& planned : plan.value()) {
    std::string slug = std::string(ArchName(planned.arch)) + "-" + planned.platform;
    std::vector<std::string> extras;
    if (options.type1) extras.push_back("type1");
    auto kernel = ResolveKernel(planned.kernel, planned.arch, extras);
    if (!kernel.ok()) {
      outcome->Fail(ExitCodeFor(kernel.error().kind), slug + ": " + kernel.error().message);
      continue;
    }
    fs::path share = fs::absolute(results / "raw" / slug);
    std::error_code ec;
    fs::remove_all(share, ec);
    fs::create_directories(share, ec);
    GuestRunSpec spec;
    spec.arch = planned.arch;
    spec.platform = planned.platform;
    spec.kernel_image = kernel.value().image;
    spec.payload = GuestBinary(planned.arch, kBinary);
    spec.payload_args = BinaryArgs(options, "kernel", "guest", options.guest_max_areas,
                                   "/share/" + slug + ".json");
    spec.share_dir = share;
    spec.hugepages = options.hugepages;
    spec.boot_timeout = std::chrono::seconds(120);
    spec.run_timeout = std::chrono::seconds(options.timeout);
    spec.console_sink = [](std::string_view line) {
      std::printf("  %.*s\n", static_cast<int>(line.size()), line.data());
      std::fflush(stdout);
    };
    std::string release = kernel.value().release.empty() ? planned.kernel : kernel.value().release;
    std::string extra_text = options.type1 ? "+type1" : "";
    std::printf("%s: kernel %s%s (%s)\n", slug.c_str(), release.c_str(), extra_text.c_str(),
                kernel.value().image.c_str());
    std::fflush(stdout);
    auto exit = RunInGuest(spec);
    if (!exit.ok()) {
      outcome->Fail(ExitCodeFor(exit.error().kind), slug + ": " + exit.error().message);
      continue;
    }
    WriteFile(share / "console.log", exit.value().console);
    if (exit.value().status != 0) {
      outcome->Fail(kExitTestsFailed,
                    slug + ": the benchmark binary exited with " +
                        std::to_string(exit.value().status));
    }
    fs::copy_file(share / (slug + ".json"), results / (slug + ".json"),
                  fs::copy_options::overwrite_existing, ec);
    *preamble += "- `" + slug + ".json`: " + std::string(ArchName(planned.arch)) + " guest on `" +
                 planned.platform + "` (QEMU TCG), kernel " + release + extra_text + ", " +
                 "`iommufd-conform-bench --backend=kernel --sweep=guest`, min time " +
                 std::to_string(options.min_time) + " s per case, half as long a warm-up, fastest of 3 repetitions, " +
                 std::to_string(options.hugepages) + " huge pages reserved.\n";
    Collect(results / (slug + ".json"),
            {std::string(ArchName(planned.arch)) + " " + planned.platform + ", kernel " + release +
                 extra_text,
             slug, ContainerServedBy(kernel.value().config), {}},
            runs, outcome);
  }
}

void RunLocal(const BenchOptions& options, const fs::path& results, const std::string& backend,
              std::vector<BenchRun>* runs, std::string* preamble, Outcome* outcome) {
  const bool model = backend == "model";
  std::string slug = model ? "model" : "host";
  fs::path json = fs::absolute(results / (slug + ".json"));
  std::printf("%s: %s\n", slug.c_str(), model ? ("reference model, kernel profile " +
                                                 options.kernel).c_str()
                                              : "this host's /dev/iommu");
  std::fflush(stdout);
  auto exit = RunHere(BinaryArgs(options, backend, model ? "model" : "guest",
                                 model ? options.model_max_areas : options.guest_max_areas,
                                 json.string()),
                      options.timeout);
  if (!exit.ok()) return outcome->Fail(ExitCodeFor(exit.error().kind), exit.error().message);
  if (!exit.value().Succeeded()) {
    return outcome->Fail(kExitTestsFailed, slug + ": the benchmark binary failed");
  }
  *preamble += "- `" + slug + ".json`: " +
               (model ? "the reference model (profile " + options.kernel + ") on this host"
                      : std::string("this host's /dev/iommu")) +
               ", `iommufd-conform-bench --backend=" + backend + " --sweep=" +
               (model ? "model" : "guest") + "`, live areas up to " +
               std::to_string(model ? options.model_max_areas : options.guest_max_areas) + ".\n";
  Collect(json, {model ? "model " + options.kernel + " (this host)" : "host /dev/iommu", slug,
                 "", {}},
          runs, outcome);
}

}  // namespace

int BenchCommand(const std::vector<std::string>& args) {
  std::string help;
  auto parsed = ParseBenchOptions(args, &help);
  if (!parsed.ok()) {
    std::fprintf(stderr, "iommufd-conform bench: %s\n%s", parsed.error().message.c_str(),
                 kBenchUsage);
    return kExitUsage;
  }
  const BenchOptions& options = parsed.value();
  if (options.help) {
    std::cout << help;
    return kExitOk;
  }
  if (options.target == "host" && access("/dev/iommu", R_OK | W_OK) != 0) {
    std::fprintf(stderr,
                 "iommufd-conform bench: --target host needs this machine's /dev/iommu, and "
                 "there is none (or it is not accessible)\n");
    return kExitNoDevice;
  }
  fs::path results = options.results;
  std::error_code ec;
  fs::create_directories(results, ec);
  if (ec) {
    std::fprintf(stderr, "iommufd-conform bench: cannot create %s\n", results.c_str());
    return kExitIo;
  }
  std::vector<BenchRun> runs;
  std::string preamble = "What ran (each file is Google Benchmark JSON in this folder):\n\n";
  Outcome outcome;
  if (options.target == "vm") RunVm(options, results, &runs, &preamble, &outcome);
  if (options.target == "host") RunLocal(options, results, "kernel", &runs, &preamble, &outcome);
  if (options.target == "model" || options.with_model) {
    RunLocal(options, results, "model", &runs, &preamble, &outcome);
  }
  std::string tables = BenchReportMarkdown(runs, preamble);
  std::string report = tables;
  std::vector<std::pair<std::string, std::string>> plots;
  for (const auto& run : runs) {
    for (auto& plot : BenchPlots(run)) {
      const std::string& name = plot.first;
      if (!WriteFile(results / name, plot.second)) outcome.Fail(kExitIo, "cannot write " + name);
      report += "![" + name + "](" + name + ")\n\n";
      plots.push_back(std::move(plot));
    }
  }
  if (!WriteFile(results / "report.md", report)) outcome.Fail(kExitIo, "cannot write report.md");
  std::string command = "iommufd-conform bench";
  for (const std::string& arg : args) command += " " + arg;
  // The page holds the plots itself, so it takes the tables without the image links.
  auto html = FormatBenchHtml(tables, plots, command, UtcNow());
  if (!html.ok()) {
    outcome.Fail(kExitIo, html.error().message);
  } else if (!WriteFile(results / "report.html", html.value())) {
    outcome.Fail(kExitIo, "cannot write report.html");
  }
  std::printf("\n%s\nreport: %s\n", report.c_str(), (results / "report.md").c_str());
  return outcome.exit_code;
}

}  // namespace iommufd_conform
