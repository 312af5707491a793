#ifndef IOMMUFD_CONFORM_HARNESS_BENCH_SVG_PLOT_H_
#define IOMMUFD_CONFORM_HARNESS_BENCH_SVG_PLOT_H_

#include <string>
#include <utility>
#include <vector>

namespace iommufd_conform {

struct PlotSeries {
  std::string name;
  std::vector<std::pair<double, double>> points;  // (x, y), x > 0
  bool dashed = false;
};

// A line chart as a standalone SVG document, x on a log2 scale, y on a log10 scale when
// `log_y` (else linear from 0). Points with y <= 0 are dropped on a log scale.
std::string SvgLinePlot(const std::string& title, const std::string& x_label,
                        const std::string& y_label, const std::vector<PlotSeries>& series,
                        bool log_y);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_BENCH_SVG_PLOT_H_
