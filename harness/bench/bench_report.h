#ifndef IOMMUFD_CONFORM_HARNESS_BENCH_BENCH_REPORT_H_
#define IOMMUFD_CONFORM_HARNESS_BENCH_BENCH_REPORT_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "harness/bench/bench_results.h"

namespace iommufd_conform {

// One benchmark binary's run: where it ran and what it measured.
struct BenchRun {
  std::string label;      // "x86_64 vtd, 7.2+type1", "model 7.2 (host)"
  std::string slug;       // file-name stem for its plots: "x86_64-vtd", "model"
  std::string container;  // what served /dev/vfio/vfio: "type1", "iommufd compat"; "" if nothing
  std::vector<BenchEntry> entries;
};

// Least squares of cost (ns) against log2(N), and for comparison against N itself.
struct LogFit {
  double slope_ns_per_doubling = 0;
  double intercept_ns = 0;
  double r2_log = 0;     // how well cost ~ a + b log2(N) fits
  double r2_linear = 0;  // how well cost ~ a + b N fits
  size_t points = 0;
};
// nullopt with fewer than three points.
std::optional<LogFit> FitAgainstLog2(const std::vector<std::pair<double, double>>& points);

// The Markdown report over all runs: per run, the native : compat : container ratio tables
// (lengths x backings, and live areas), the attachment and other-op tables, skipped cases, and
// for model runs the fitted slope of map + unmap against live areas.
std::string BenchReportMarkdown(const std::vector<BenchRun>& runs, const std::string& preamble);

// The run's SVG plots, as (file name, document): time against length per backing, and time
// against live areas (with the fitted line for a run that has enough points).
std::vector<std::pair<std::string, std::string>> BenchPlots(const BenchRun& run);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_BENCH_BENCH_REPORT_H_
