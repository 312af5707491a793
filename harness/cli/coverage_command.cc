// `iommufd-conform coverage`: kernel line/function coverage of our suite next to the kernel's
// own iommufd selftests, both measured in guests of the same gcov-instrumented kernel.
#include <algorithm>
#include <boost/program_options.hpp>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "harness/cli/commands.h"
#include "harness/cli/exit_codes.h"
#include "harness/cli/run_plan.h"
#include "harness/common/paths.h"
#include "harness/coverage/corpus_guest_run.h"
#include "harness/coverage/coverage_guest_runs.h"
#include "harness/coverage/coverage_report.h"
#include "harness/kernel/image_header.h"
#include "harness/kernel/kernel_builder.h"
#include "harness/kernel/kernel_cache.h"
#include "harness/kernel/source_registry.h"

namespace iommufd_conform {
namespace {

namespace fs = std::filesystem;
namespace po = boost::program_options;

struct CoverageOptions {
  std::string kernel;
  std::string backend;
  std::string filter;
  std::string results_dir;
  std::vector<std::string> extras;
  std::string image;  // with gcno: a coverage kernel built elsewhere instead of EnsureKernel
  std::string gcno;
  std::string corpus;  // a fuzzing campaign's corpus folder: the optional third side
  int hugepages;
  int timeout_seconds;
};

constexpr char kUsage[] =
    "usage: iommufd-conform coverage [--kernel VERSION] [--platform LIST] [--results DIR]\n"
    "                                [--backend kernel|diff] [--filter GTEST_FILTER]\n"
    "                                [--corpus CAMPAIGN/corpus]\n"
    "Builds (or reuses) a gcov kernel profiling drivers/iommu/iommufd and the VT-d and SMMUv3\n"
    "drivers, runs our suite and, separately, the kernel's iommufd selftests (iommufd,\n"
    "iommufd_fail_nth, built from the same source) in guests of it, and writes line and\n"
    "function coverage per file, side by side, to DIR/coverage.md and DIR/coverage.json.\n"
    "With --corpus, a fuzzing campaign's corpus is a third side: each input replayed once by\n"
    "diff_fuzzer in a guest of the same kernel (x86_64 platforms).\n"
    "Guest logs and the raw .gcda files are under DIR/raw/.\n";

std::vector<std::string> SuiteArgs(const CoverageOptions& options, const std::string& platform) {
  std::vector<std::string> args{"--backend=" + options.backend, "--platform=" + platform,
                                "--gtest_output=xml:/share/suite.xml", "--gtest_color=no"};
  if (options.backend == "diff") args.push_back("--diff-report=/share/divergences.txt");
  if (!options.filter.empty()) args.push_back("--gtest_filter=" + options.filter);
  return args;
}

// Runs both sides on one platform. Errors end the command; failing guests only mark the report.
HarnessResult<PlatformCoverage> MeasurePlatform(const PlannedRun& run,
                                                const CoverageOptions& options,
                                                const fs::path& raw) {
  PlatformCoverage platform{std::string(ArchName(run.arch)) + " " + run.platform, run.kernel,
                            {}, {}, {}, {}};
  std::printf("%s\n", platform.name.c_str());
  std::fflush(stdout);
  CoverageGuest guest{run.arch, run.platform, options.image, options.gcno, options.hugepages,
                      std::chrono::seconds(options.timeout_seconds)};
  if (options.image.empty()) {
    auto kernel = EnsureKernel({.source = run.kernel, .arch = run.arch, .extras = options.extras});
    if (!kernel.ok()) return kernel.error();
    guest.kernel_image = kernel.value().image;
    guest.gcno_dir = GcnoDir(kernel.value());
  }
  std::error_code ec;
  if (!fs::is_directory(guest.gcno_dir, ec)) {
    return MakeError(HarnessErrorKind::kIo, guest.gcno_dir.string() +
                                                " does not exist (a coverage kernel cached before "
                                                ".gcno files were kept: remove it and rerun)");
  }
  auto selftests = KernelSelftests(run.kernel, run.arch);
  if (!selftests.ok()) return selftests.error();

  const fs::path dir = raw / (std::string(ArchName(run.arch)) + "-" + run.platform);
  CoveragePayload suite{"our suite (" + options.backend + " backend)",
                        GuestBinary(run.arch, "iommufd-conform-suite"),
                        SuiteArgs(options, run.platform)};
  auto ours = RunForCoverage(guest, suite, dir / "suite", platform.ours);
  if (!ours.ok()) return ours.error();
  platform.runs.push_back(ours.value());
  for (const fs::path& binary : selftests.value()) {
    CoveragePayload selftest{"kernel selftest " + binary.filename().string(), binary, {}};
    auto theirs =
        RunForCoverage(guest, selftest, dir / ("selftest-" + binary.filename().string()),
                       platform.selftests);
    if (!theirs.ok()) return theirs.error();
    platform.runs.push_back(theirs.value());
  }
  if (options.corpus.empty()) return platform;
  if (run.arch != Arch::kX86_64) {
    platform.runs.push_back({"fuzz corpus " + CorpusName(options.corpus),
                             "not replayed: the differential fuzzer is built for x86_64 only"});
    return platform;
  }
  platform.corpus.emplace();
  auto replay = ReplayCorpusForCoverage(guest, options.corpus, dir / "fuzz-corpus",
                                        *platform.corpus);
  if (!replay.ok()) return replay.error();
  platform.runs.push_back(replay.value());
  return platform;
}

}  // namespace

int CoverageCommand(const std::vector<std::string>& args) {
  po::options_description desc("options");
  std::string platforms, extras;
  CoverageOptions options;
  desc.add_options()("help,h", "this text")(
      "kernel", po::value(&options.kernel)->default_value("7.2"),
      "Debian kernel version to build the coverage kernel and the selftests from")(
      "platform", po::value(&platforms)->default_value("vtd,none,arm64:smmuv3"),
      "comma-separated platforms (as for `run`); none and virtio are x86_64 unless ARCH:NAME")(
      "results", po::value(&options.results_dir)->default_value("results"), "output folder")(
      "backend", po::value(&options.backend)->default_value("kernel"),
      "how our suite runs: kernel, or diff (every call also on the model)")(
      "filter", po::value(&options.filter)->default_value(""),
      "GoogleTest filter for our suite")(
      "extras", po::value(&extras)->default_value("coverage"),
      "kernel extras; must include coverage (kcov,coverage reuses a kcov kernel's objects)")(
      "image", po::value(&options.image)->default_value(""),
      "a coverage kernel image built elsewhere (with --gcno; one arch's platforms only)")(
      "gcno", po::value(&options.gcno)->default_value(""),
      "with --image: its build's .gcno files, at their object-directory paths")(
      "corpus", po::value(&options.corpus)->default_value(""),
      "a fuzzing campaign's corpus folder, replayed once per x86_64 platform as a third side")(
      "hugepages", po::value(&options.hugepages)->default_value(0),
      "hugepages to reserve in every guest")(
      "timeout", po::value(&options.timeout_seconds)->default_value(1800),
      "seconds one guest's payload may run");
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(desc).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::fprintf(stderr, "iommufd-conform coverage: %s\n%s", e.what(), kUsage);
    return kExitUsage;
  }
  if (vm.count("help")) {
    std::cout << kUsage << desc;
    return kExitOk;
  }
  if (options.backend != "kernel" && options.backend != "diff") {
    std::fprintf(stderr, "iommufd-conform coverage: unknown backend '%s'\n",
                 options.backend.c_str());
    return kExitUsage;
  }
  std::stringstream extra_list(extras);
  for (std::string extra; std::getline(extra_list, extra, ',');) {
    if (!extra.empty()) options.extras.push_back(extra);
  }
  if (std::find(options.extras.begin(), options.extras.end(), "coverage") ==
      options.extras.end()) {
    std::fprintf(stderr, "iommufd-conform coverage: --extras must include coverage\n");
    return kExitUsage;
  }
  if (options.image.empty() != options.gcno.empty()) {
    std::fprintf(stderr, "iommufd-conform coverage: --image and --gcno go together\n");
    return kExitUsage;
  }
  if (!IsKnownVersion(options.kernel)) {
    std::fprintf(stderr,
                 "iommufd-conform coverage: --kernel must be a known version (%s): the selftests "
                 "are built from the same Debian source\n",
                 KnownVersionList().c_str());
    return kExitUsage;
  }
  if (!options.corpus.empty()) {
    std::error_code ec;
    if (!fs::is_directory(options.corpus, ec)) {
      std::fprintf(stderr, "iommufd-conform coverage: --corpus %s is not a folder\n",
                   options.corpus.c_str());
      return kExitUsage;
    }
    options.corpus = fs::absolute(options.corpus).lexically_normal().string();
    if (!fs::exists(GuestDiffFuzzer(), ec)) {
      std::fprintf(stderr, "iommufd-conform coverage: %s is not built (ninja fuzz_guest_targets)\n",
                   GuestDiffFuzzer().c_str());
      return kExitMissingTool;
    }
  }
  auto plan = PlanRuns(RunTarget::kVm, platforms, Arch::kX86_64, options.kernel);
  if (!plan.ok()) {
    std::fprintf(stderr, "iommufd-conform coverage: %s\n", plan.error().message.c_str());
    return kExitUsage;
  }

  if (!options.image.empty()) {
    std::optional<Arch> image_arch = KernelImageArch(fs::path(options.image));
    for (const PlannedRun& run : plan.value()) {
      if (image_arch != run.arch) {
        std::fprintf(stderr,
                     "iommufd-conform coverage: --image %s is not an %s kernel (platform %s)\n",
                     options.image.c_str(), std::string(ArchName(run.arch)).c_str(),
                     run.platform.c_str());
        return kExitUsage;
      }
    }
  }

  const fs::path results = options.results_dir;
  std::vector<PlatformCoverage> measured;
  for (const PlannedRun& run : plan.value()) {
    auto platform = MeasurePlatform(run, options, results / "raw");
    if (!platform.ok()) {
      std::fprintf(stderr, "iommufd-conform coverage: %s\n", platform.error().message.c_str());
      return ExitCodeFor(platform.error().kind);
    }
    measured.push_back(std::move(platform).value());
    // Written after each platform, so a later failure keeps what was measured.
    if (auto written = WriteCoverageReport(measured, results); !written.ok()) {
      std::fprintf(stderr, "iommufd-conform coverage: %s\n", written.error().message.c_str());
      return kExitIo;
    }
  }
  std::printf("coverage report: %s\n", (results / "coverage.md").c_str());
  return kExitOk;
}

}  // namespace iommufd_conform
