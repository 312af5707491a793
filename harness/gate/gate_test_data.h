#ifndef IOMMUFD_CONFORM_HARNESS_GATE_GATE_TEST_DATA_H_
#define IOMMUFD_CONFORM_HARNESS_GATE_GATE_TEST_DATA_H_

// Hand-made gate results for the unit tests.

#include <initializer_list>
#include <string>
#include <utility>

#include "harness/gate/gate_compare.h"
#include "harness/gate/gate_report.h"
#include "harness/gate/gate_verdict.h"

namespace iommufd_conform::gate::gate_test {

inline CaseResult MakeCase(const std::string& full_name, CaseStatus status,
                       const std::string& message = "") {
  size_t dot = full_name.find('.');
  CaseResult result;
  result.suite = full_name.substr(0, dot);
  result.name = full_name.substr(dot + 1);
  result.status = status;
  result.message = message;
  result.seconds = 0.25;
  return result;
}

inline PlatformRun MakeRun(const std::string& arch, const std::string& platform,
                       std::initializer_list<CaseResult> cases) {
  PlatformRun run;
  run.config = {"vm", arch, platform, "/cache/kernels/k/bzImage", cases, {}, {}};
  return run;
}

inline KernelBuild MakeBuild(const std::string& arch, const std::string& image) {
  return {.arch = arch, .error = {}, .image = image, .release = "7.2.13", .seconds = 61};
}

inline GateSide MakeSide(const std::string& label, std::initializer_list<PlatformRun> runs,
                     const std::string& image) {
  GateSide side{label, label + " side", {MakeBuild("x86_64", image)}, runs};
  return side;
}

// A report as the command assembles it: compare, decide, fill the identity fields.
inline GateReport MakeReport(GateSide base, GateSide patched, AbiDelta abi = {.checked = true}) {
  GateReport report;
  report.tree = "/src/linux";
  report.base_commit = std::string(40, 'a');
  report.base_name = "v7.2";
  report.patch_description = "1 commit";
  report.patch_sha256 = std::string(64, 'b');
  report.patch_files = {"drivers/iommu/iommufd/ioas.c"};
  report.started_at = "2026-12-07T03:00:00Z";
  report.base = std::move(base);
  report.patched = std::move(patched);
  report.abi = std::move(abi);
  report.findings = Compare(report.base, report.patched, report.abi);
  report.verdict = Decide(report.base, report.patched, report.findings);
  report.exit_code = report.verdict.kind == Verdict::Kind::kPass ? 0 : 1;
  report.not_done = {"regression corpus replay"};
  return report;
}

// Changed-line coverage as measured: pages.c ran both executable changed lines, iommu.c one of
// two (line 4321 on an error path no case reaches).
inline ChangedLineCoverage MakeCoverage() {
  ChangedLineCoverage coverage;
  coverage.state = ChangedLineCoverage::State::kMeasured;
  coverage.builds = {{.arch = "x86_64", .image = "/cache/kernels/g/bzImage", .seconds = 900}};
  coverage.runs = {"x86_64:none: exit 0 after 25 s, 14 .gcda files"};
  coverage.files = {{.file = "drivers/iommu/iommufd/pages.c", .changed = 3, .profiled = true,
                     .executed = {120, 121}},
                    {.file = "drivers/iommu/intel/iommu.c", .changed = 2, .profiled = true,
                     .executed = {4300},
                     .not_executed = {{4321, "\t\treturn -ENOSPC;"}}}};
  return coverage;
}

}  // namespace iommufd_conform::gate::gate_test

#endif  // IOMMUFD_CONFORM_HARNESS_GATE_GATE_TEST_DATA_H_
