#include "harness/bench/bench_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "harness/bench/svg_plot.h"

namespace iommufd_conform {
namespace {

const std::vector<std::string> kFrontEnds = {"native", "compat", "container"};
const std::vector<std::string> kBackings = {"anon", "thp", "hugetlb", "memfd"};

std::string Format(const char* format, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), format, value);
  return buffer;
}

std::string Microseconds(double ns) {
  return ns >= 1e5 ? Format("%.0f", ns / 1e3) : Format("%.2f", ns / 1e3);
}

std::string Length(uint64_t bytes) {
  if (bytes >= (1ull << 30) && bytes % (1ull << 30) == 0) return std::to_string(bytes >> 30) + " GiB";
  if (bytes >= (1ull << 20) && bytes % (1ull << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  if (bytes >= (1ull << 10) && bytes % (1ull << 10) == 0) return std::to_string(bytes >> 10) + " KiB";
  return std::to_string(bytes) + " B";
}

const BenchEntry* Find(const BenchRun& run, const std::string& op, const std::string& front_end,
                       const std::string& backing, const std::string& attach, uint64_t value) {
  for (const auto& entry : run.entries) {
    if (entry.op == op && entry.front_end == front_end && entry.backing == backing &&
        entry.attach == attach && entry.value == value && entry.skipped.empty()) {
      return &entry;
    }
  }
  return nullptr;
}

std::set<uint64_t> Values(const BenchRun& run, const std::string& op) {
  std::set<uint64_t> values;
  for (const auto& entry : run.entries) {
    if (entry.op == op) values.insert(entry.value);
  }
  return values;
}

std::string ContainerName(const BenchRun& run) {
  return run.container.empty() ? "container" : run.container;
}

// "1 : 1.23 : 0.87", each cost over the native one, with "-" for a missing cost.
std::string Ratio(const std::vector<const BenchEntry*>& costs) {
  if (!costs[0]) return "-";
  std::string text = "1";
  for (size_t i = 1; i < costs.size(); ++i) {
    text += " : " + (costs[i] ? Format("%.2f", costs[i]->cpu_ns / costs[0]->cpu_ns) : "-");
  }
  return text;
}

std::string Cell(const BenchEntry* entry) { return entry ? Microseconds(entry->cpu_ns) : "-"; }

// The three front ends side by side for one op at one attachment, rows by (backing, value).
std::string FrontEndTable(const BenchRun& run, const std::string& op, const std::string& attach,
                          const std::vector<std::string>& backings, bool lengths) {
  std::string header = "| " + std::string(lengths ? "backing | length" : "live areas") +
                       " | native us | compat us | " + ContainerName(run) +
                       " us | native : compat : " + ContainerName(run) + " |\n";
  std::string table = header + "|" + std::string(lengths ? "---|---:|" : "---:|") +
                      "---:|---:|---:|---|\n";
  size_t rows = 0;
  for (const auto& backing : backings) {
    for (uint64_t value : Values(run, op)) {
      std::vector<const BenchEntry*> costs;
      for (const auto& front_end : kFrontEnds) {
        costs.push_back(Find(run, op, front_end, backing, attach, value));
      }
      if (!costs[0] && !costs[1] && !costs[2]) continue;
      ++rows;
      table += "| " + (lengths ? backing + " | " + Length(value) : std::to_string(value)) + " | " +
               Cell(costs[0]) + " | " + Cell(costs[1]) + " | " + Cell(costs[2]) + " | " +
               Ratio(costs) + " |\n";
    }
  }
  return rows ? table : "";
}

std::string AttachTable(const BenchRun& run) {
  const std::vector<std::string> attaches = {"none", "mock", "twomock", "device"};
  std::string table =
      "| length | none us | mock us | two mock us | device us | none : mock : two : device |\n"
      "|---:|---:|---:|---:|---:|---|\n";
  size_t rows = 0;
  for (uint64_t value : Values(run, "MapUnmap")) {
    std::vector<const BenchEntry*> costs;
    for (const auto& attach : attaches) {
      costs.push_back(Find(run, "MapUnmap", "native", "anon", attach, value));
    }
    if (std::count(costs.begin(), costs.end(), nullptr) >= 3) continue;
    ++rows;
    table += "| " + Length(value) + " | " + Cell(costs[0]) + " | " + Cell(costs[1]) + " | " +
             Cell(costs[2]) + " | " + Cell(costs[3]) + " | " + Ratio(costs) + " |\n";
  }
  return rows ? table : "";
}

std::string OtherOpsTable(const BenchRun& run) {
  std::string table = "| op | backing | attach | length | us per call pair |\n|---|---|---|---:|---:|\n";
  size_t rows = 0;
  for (const auto& entry : run.entries) {
    if (entry.op != "MapFile" && entry.op != "Copy" && entry.op != "DirtyRead") continue;
    if (!entry.skipped.empty()) continue;
    ++rows;
    table += "| " + entry.op + " | " + entry.backing + " | " + entry.attach + " | " +
             Length(entry.value) + " | " + Microseconds(entry.cpu_ns) + " |\n";
  }
  return rows ? table : "";
}

std::vector<std::pair<double, double>> LivePoints(const BenchRun& run, const std::string& front_end,
                                                  const std::string& attach) {
  std::vector<std::pair<double, double>> points;
  for (uint64_t areas : Values(run, "LiveAreas")) {
    if (const BenchEntry* entry = Find(run, "LiveAreas", front_end, "", attach, areas)) {
      points.emplace_back(static_cast<double>(areas), entry->cpu_ns);
    }
  }
  return points;
}

std::string FitText(const LogFit& fit) {
  return Format("%.1f ns", fit.slope_ns_per_doubling) + " per doubling of live areas (cost = " +
         Format("%.0f", fit.intercept_ns) + " ns + slope x log2 N; R^2 " +
         Format("%.3f", fit.r2_log) + " for log2 N against " + Format("%.3f", fit.r2_linear) +
         " for a straight line in N; " + std::to_string(fit.points) + " points)";
}

}  // namespace

std::optional<LogFit> FitAgainstLog2(const std::vector<std::pair<double, double>>& points) {
  if (points.size() < 3) return std::nullopt;
  auto fit = [&](auto transform, double* slope, double* intercept) {
    double n = static_cast<double>(points.size()), sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (auto [x, y] : points) {
      double t = transform(x);
      sx += t, sy += y, sxx += t * t, sxy += t * y;
    }
    double denominator = n * sxx - sx * sx;
    *slope = denominator == 0 ? 0 : (n * sxy - sx * sy) / denominator;
    *intercept = (sy - *slope * sx) / n;
    double mean = sy / n, total = 0, residual = 0;
    for (auto [x, y] : points) {
      double predicted = *intercept + *slope * transform(x);
      total += (y - mean) * (y - mean);
      residual += (y - predicted) * (y - predicted);
    }
    return total == 0 ? 1.0 : 1.0 - residual / total;
  };
  LogFit result;
  result.points = points.size();
  double slope, intercept;
  result.r2_log = fit([](double x) { return std::log2(x); }, &result.slope_ns_per_doubling,
                      &result.intercept_ns);
  result.r2_linear = fit([](double x) { return x; }, &slope, &intercept);
  return result;
}

std::string BenchReportMarkdown(const std::vector<BenchRun>& runs, const std::string& preamble) {
  std::string md = "# iommufd map/unmap benchmarks\n\n" + preamble + "\n";
  md += "Times are Google Benchmark's CPU time per iteration (one map + one unmap, or one "
        "call), in microseconds. Ratios compare front ends within one run on one kernel; "
        "absolute times under TCG mean little.\n\n";
  for (const auto& run : runs) {
    md += "## " + run.label + "\n\n";
    if (!run.container.empty()) {
      md += "`container` is /dev/vfio/vfio with the device's group, served here by **" +
            run.container + "**; `compat` is the same VFIO type1 ioctls on a /dev/iommu "
            "descriptor (iommufd's compatibility layer); `native` is IOMMU_IOAS_MAP/UNMAP.\n\n";
    }
    std::string table = FrontEndTable(run, "MapUnmap", "device", kBackings, true);
    if (!table.empty()) md += "### Map + unmap, a real device attached\n\n" + table + "\n";
    table = FrontEndTable(run, "MapUnmap", "none", kBackings, true);
    if (!table.empty()) md += "### Map + unmap, nothing attached\n\n" + table + "\n";
    table = FrontEndTable(run, "MapUnmap", "mock", kBackings, true);
    if (!table.empty()) md += "### Map + unmap, one mock domain\n\n" + table + "\n";
    table = FrontEndTable(run, "LiveAreas", "device", {""}, false);
    if (!table.empty()) {
      md += "### One-page map + unmap among N live areas, a real device attached\n\n" + table + "\n";
    }
    table = FrontEndTable(run, "LiveAreas", "none", {""}, false);
    if (!table.empty()) {
      md += "### One-page map + unmap among N live areas, nothing attached\n\n" + table + "\n";
    }
    for (const auto& front_end : kFrontEnds) {
      for (const std::string attach : {"none", "mock", "device"}) {
        if (auto fit = FitAgainstLog2(LivePoints(run, front_end, attach))) {
          md += "- Fitted slope, " + front_end + " with " + attach + " attached: " + FitText(*fit) +
                "\n";
        }
      }
    }
    md += "\n";
    table = AttachTable(run);
    if (!table.empty()) md += "### Native map + unmap (anonymous memory) by attachment\n\n" + table + "\n";
    table = OtherOpsTable(run);
    if (!table.empty()) md += "### MAP_FILE, COPY and dirty-bitmap reads\n\n" + table + "\n";
    std::map<std::string, std::vector<std::string>> skipped;
    for (const auto& entry : run.entries) {
      if (!entry.skipped.empty()) skipped[entry.skipped].push_back(entry.name);
    }
    if (!skipped.empty()) {
      md += "### Not measured in this run\n\n";
      for (const auto& [reason, names] : skipped) {
        md += "- " + std::to_string(names.size()) + " case(s), \"" + reason + "\": " + names[0] +
              (names.size() > 1 ? ", ..." : "") + "\n";
      }
      md += "\n";
    }
  }
  return md;
}

std::vector<std::pair<std::string, std::string>> BenchPlots(const BenchRun& run) {
  std::vector<std::pair<std::string, std::string>> plots;
  for (const std::string attach : {"device", "none"}) {
    std::vector<PlotSeries> series;
    for (const auto& front_end : kFrontEnds) {
      for (const auto& backing : kBackings) {
        PlotSeries line{front_end == "container" ? ContainerName(run) + " " + backing
                                                 : front_end + " " + backing,
                        {}, backing != "anon"};
        for (uint64_t value : Values(run, "MapUnmap")) {
          if (const BenchEntry* entry = Find(run, "MapUnmap", front_end, backing, attach, value)) {
            line.points.emplace_back(static_cast<double>(value), entry->cpu_ns / 1e3);
          }
        }
        // Anonymous memory for every front end; the other backings only natively.
        if (line.points.size() >= 2 && (backing == "anon" || front_end == "native")) {
          series.push_back(std::move(line));
        }
      }
    }
    if (series.empty()) continue;
    plots.emplace_back(run.slug + "-map-unmap-vs-length-" + attach + ".svg",
                       SvgLinePlot(run.label + ": map + unmap, " + attach + " attached",
                                   "length (bytes)", "CPU time (us)", series, true));
  }
  std::vector<PlotSeries> live;
  for (const auto& front_end : kFrontEnds) {
    for (const std::string attach : {"none", "mock", "device"}) {
      auto points = LivePoints(run, front_end, attach);
      if (points.size() < 2) continue;
      PlotSeries line{(front_end == "container" ? ContainerName(run) : front_end) + ", " + attach,
                      {}, false};
      for (auto [x, y] : points) line.points.emplace_back(x, y / 1e3);
      live.push_back(std::move(line));
      if (auto fit = FitAgainstLog2(points)) {
        PlotSeries fitted{"fit " + front_end + ", " + attach, {}, true};
        for (auto [x, y] : points) {
          fitted.points.emplace_back(
              x, (fit->intercept_ns + fit->slope_ns_per_doubling * std::log2(x)) / 1e3);
        }
        live.push_back(std::move(fitted));
      }
    }
  }
  if (!live.empty()) {
    plots.emplace_back(run.slug + "-map-unmap-vs-live-areas.svg",
                       SvgLinePlot(run.label + ": one-page map + unmap among N areas",
                                   "live areas N", "CPU time (us)", live, false));
  }
  return plots;
}

}  // namespace iommufd_conform
