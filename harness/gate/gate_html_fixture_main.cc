// gate_html_fixture DIR: writes DIR/report.html for a made-up gate that caught a regression
// on x86_64 none (a failing case and its divergence), the page the headless-browser test
// opens (harness/results/html_report_browser_test.sh).
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "harness/gate/gate_html.h"
#include "harness/gate/gate_test_data.h"

int main(int argc, char** argv) {
  using namespace iommufd_conform;         // NOLINT: a test program's main
  using namespace iommufd_conform::gate;   // NOLINT
  using namespace gate_test;               // NOLINT
  if (argc != 2) {
    std::fprintf(stderr, "usage: gate_html_fixture DIR\n");
    return 2;
  }
  PlatformRun base = MakeRun("x86_64", "none", {MakeCase("IoasUnmapTest.All", CaseStatus::kPassed)});
  PlatformRun patched = MakeRun(
      "x86_64", "none",
      {MakeCase("IoasUnmapTest.All", CaseStatus::kFailed, "Expected: EOVERFLOW <from the model>")});
  base.config.cases[0].file = patched.config.cases[0].file = "suites/ioas/ioas_unmap_test.cc";
  patched.divergences.push_back({"IoasUnmapTest.All", "IOMMU_IOAS_UNMAP", "result",
                                 "IOMMU_IOAS_UNMAP diverged\n  first difference: result: kernel "
                                 "0, model -75 (EOVERFLOW)"});
  GateReport report =
      MakeReport(MakeSide("base", {base}, "/k/base"), MakeSide("patched", {patched}, "/k/patched"));
  auto html = FormatGateHtml(report, "iommufd-conform gate --tree /src/linux");
  if (!html.ok()) {
    std::fprintf(stderr, "gate_html_fixture: %s\n", html.error().message.c_str());
    return 1;
  }
  std::filesystem::create_directories(argv[1]);
  std::ofstream out(std::filesystem::path(argv[1]) / "report.html");
  out << html.value();
  return out ? 0 : 1;
}
