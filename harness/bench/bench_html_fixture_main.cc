// bench_html_fixture DIR: writes DIR/report.html for a made-up model run (map + unmap over
// lengths and live areas) through the same report and plot code as `iommufd-conform bench`,
// the page the headless-browser test opens.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "harness/bench/bench_html.h"
#include "harness/bench/bench_report.h"

namespace iommufd_conform {
namespace {

BenchEntry Entry(const std::string& name, double cpu_ns) {
  BenchEntry entry;
  ParseBenchName(name, &entry);
  entry.cpu_ns = cpu_ns;
  entry.real_ns = cpu_ns * 1.1;
  entry.iterations = 1000;
  return entry;
}

BenchRun FixtureRun() {
  BenchRun run{"model 7.2 (host)", "model", "", {}};
  for (int shift = 12; shift <= 21; ++shift) {
    std::string length = std::to_string(1ull << shift);
    run.entries.push_back(Entry("MapUnmap/native/anon/none/" + length, 900 + 40 * shift));
    run.entries.push_back(Entry("MapUnmap/compat/anon/none/" + length, 950 + 45 * shift));
  }
  for (int areas = 1; areas <= 1000000; areas *= 10) {
    run.entries.push_back(Entry("LiveAreas/native/none/" + std::to_string(areas),
                                800 + 30 * std::log2(areas)));
  }
  return run;
}

}  // namespace
}  // namespace iommufd_conform

int main(int argc, char** argv) {
  using namespace iommufd_conform;  // NOLINT: a test program's main
  if (argc != 2) {
    std::fprintf(stderr, "usage: bench_html_fixture DIR\n");
    return 2;
  }
  BenchRun run = FixtureRun();
  auto html = FormatBenchHtml(BenchReportMarkdown({run}, "What ran: a fixture.\n\n"),
                              BenchPlots(run), "bench_html_fixture", "2026-12-07T12:00:00Z");
  if (!html.ok()) {
    std::fprintf(stderr, "bench_html_fixture: %s\n", html.error().message.c_str());
    return 1;
  }
  std::filesystem::create_directories(argv[1]);
  std::ofstream out(std::filesystem::path(argv[1]) / "report.html");
  out << html.value();
  return out ? 0 : 1;
}
