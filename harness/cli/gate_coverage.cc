#include "harness/cli/gate_coverage.h"

#include <map>

#include "harness/common/paths.h"
#include "harness/coverage/coverage_guest_runs.h"
#include "harness/kernel/kernel_builder.h"
#include "harness/kernel/kernel_cache.h"

namespace iommufd_conform {

namespace fs = std::filesystem;
using gate::ChangedLineCoverage;

ChangedLineCoverage MeasureChangedLines(const gate::TreeState& state, const fs::path& checkout,
                                        const std::vector<PlannedRun>& plan,
                                        const fs::path& results, int timeout_seconds,
                                        Progress& progress) {
  ChangedLineCoverage coverage;
  std::vector<gate::ChangedFile> changed =
      gate::UnderDriversIommu(gate::ParseChangedLines(state.patch));
  if (changed.empty()) {
    coverage.state = ChangedLineCoverage::State::kNoChange;
    coverage.note = "the patch adds or modifies no line of a source under drivers/iommu";
    return coverage;
  }
  // One gcov kernel per arch, built in the same checkout (its own kbuild object directory,
  // kept for the next gate's incremental build).
  std::map<Arch, BuiltKernel> kernels;
  for (const PlannedRun& run : plan) {
    if (kernels.contains(run.arch)) continue;
    const std::string arch(ArchName(run.arch));
    progress.Step("changed-line coverage: the patched tree's gcov kernel for " + arch +
                  " (a full build the first time, incremental after)");
    BuiltKernel built;
    gate::KernelBuild build = BuildSide(checkout, run.arch, &built, {"coverage"});
    coverage.builds.push_back(build);
    if (build.error) {
      coverage.state = ChangedLineCoverage::State::kFailed;
      coverage.note = "the gcov kernel for " + arch + " does not build: " + build.error->message;
      return coverage;
    }
    kernels[run.arch] = built;
  }
  // The kernel backend: coverage needs the kernel's paths only, and the differential runs
  // already judged the answers.
  CoverageMap measured;
  for (const PlannedRun& run : plan) {
    const std::string name = std::string(ArchName(run.arch)) + ":" + run.platform;
    progress.Step("changed-line coverage: the suite on the gcov kernel (" + name + ")");
    const BuiltKernel& kernel = kernels.at(run.arch);
    CoverageGuest guest{run.arch, run.platform, kernel.image, GcnoDir(kernel), 0,
                        std::chrono::seconds(timeout_seconds)};
    CoveragePayload suite{"our suite (kernel backend)",
                          GuestBinary(run.arch, "iommufd-conform-suite"),
                          {"--backend=kernel", "--platform=" + run.platform,
                           "--gtest_output=xml:/share/suite.xml", "--gtest_color=no"},
                          {},
                          {}};
    CoverageMap platform;
    auto ran = RunForCoverage(guest, suite,
                              results / (std::string(ArchName(run.arch)) + "-" + run.platform),
                              platform);
    if (!ran.ok()) {
      coverage.state = ChangedLineCoverage::State::kFailed;
      coverage.note = "gcov data from " + name + " could not be read: " + ran.error().message;
      return coverage;
    }
    coverage.runs.push_back(name + ": " + ran.value().outcome);
    // A guest that returned no counters would make every changed line look unexecuted.
    if (platform.Files().empty()) {
      coverage.state = ChangedLineCoverage::State::kFailed;
      coverage.note = "the guest on " + name + " returned no gcov data (" +
                      ran.value().outcome + ")";
      return coverage;
    }
    measured.Merge(platform);
  }
  coverage.files = gate::IntersectCoverage(changed, measured);
  coverage.state = ChangedLineCoverage::State::kMeasured;
  progress.Step("changed-line coverage: " + gate::DescribeCoverage(coverage));
  return coverage;
}

}  // namespace iommufd_conform
