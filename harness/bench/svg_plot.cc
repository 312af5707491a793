#include "harness/bench/svg_plot.h"

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

namespace iommufd_conform {
namespace {

using boost::property_tree::ptree;

constexpr double kWidth = 720, kHeight = 440, kLeft = 80, kRight = 190, kTop = 40, kBottom = 60;
constexpr const char* kColors[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd",
                                   "#ff7f0e", "#8c564b", "#e377c2", "#17becf"};

std::string Number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.1f", value);
  return buffer;
}

using Attributes = std::initializer_list<std::pair<const char*, std::string>>;

// Appends <name attributes...>text</name> to `parent`; the XML library does the escaping.
ptree& Element(ptree& parent, const char* name, Attributes attributes,
               const std::string& text = "") {
  ptree& element = parent.add(name, text);
  for (const auto& [key, value] : attributes) {
    element.put(std::string("<xmlattr>.") + key, value);
  }
  return element;
}

std::string Document(const ptree& root) {
  std::ostringstream out;
  boost::property_tree::write_xml(
      out, root, boost::property_tree::xml_writer_make_settings<std::string>(' ', 1));
  return out.str();
}

// 4096 -> "4K", 1048576 -> "1M", 1000 -> "1000".
std::string TickLabel(double value) {
  char buffer[32];
  const double units[] = {1ull << 30, 1ull << 20, 1ull << 10};
  const char* names[] = {"G", "M", "K"};
  for (int i = 0; i < 3; ++i) {
    if (value >= units[i] && std::fmod(value, units[i]) == 0) {
      std::snprintf(buffer, sizeof(buffer), "%.0f%s", value / units[i], names[i]);
      return buffer;
    }
  }
  std::snprintf(buffer, sizeof(buffer), "%g", value);
  return buffer;
}

}  // namespace

std::string SvgLinePlot(const std::string& title, const std::string& x_label,
                        const std::string& y_label, const std::vector<PlotSeries>& series,
                        bool log_y) {
  double x_min = std::numeric_limits<double>::max(), x_max = 0;
  double y_min = std::numeric_limits<double>::max(), y_max = 0;
  for (const auto& line : series) {
    for (auto [x, y] : line.points) {
      if (x <= 0 || (log_y && y <= 0)) continue;
      x_min = std::min(x_min, x), x_max = std::max(x_max, x);
      y_min = std::min(y_min, y), y_max = std::max(y_max, y);
    }
  }
  ptree root;
  ptree& svg = Element(root, "svg",
                       {{"xmlns", "http://www.w3.org/2000/svg"},
                        {"width", Number(kWidth)},
                        {"height", Number(kHeight)},
                        {"font-family", "sans-serif"},
                        {"font-size", "12"}});
  Element(svg, "rect", {{"width", "100%"}, {"height", "100%"}, {"fill", "white"}});
  Element(svg, "text",
          {{"x", Number(kWidth / 2)}, {"y", "22"}, {"text-anchor", "middle"}, {"font-size", "15"}},
          title);
  if (x_max == 0) {
    Element(svg, "text", {{"x", "100"}, {"y", "200"}}, "no data");
    return Document(root);
  }
  if (x_min == x_max) x_min /= 2, x_max *= 2;
  double lx_min = std::log2(x_min), lx_max = std::log2(x_max);
  double ly_min, ly_max;
  if (log_y) {
    ly_min = std::floor(std::log10(y_min)), ly_max = std::ceil(std::log10(y_max));
    if (ly_min == ly_max) ly_max += 1;
  } else {
    ly_min = 0, ly_max = y_max * 1.1;
  }
  const double plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
  auto px = [&](double x) { return kLeft + (std::log2(x) - lx_min) / (lx_max - lx_min) * plot_w; };
  auto py = [&](double y) {
    double v = log_y ? std::log10(y) : y;
    return kTop + plot_h - (v - ly_min) / (ly_max - ly_min) * plot_h;
  };
  Element(svg, "rect",
          {{"x", Number(kLeft)},
           {"y", Number(kTop)},
           {"width", Number(plot_w)},
           {"height", Number(plot_h)},
           {"fill", "none"},
           {"stroke", "#444"}});
  // x ticks at powers of two (every other one when there are many) or of ten.
  int step = static_cast<int>(std::ceil((lx_max - lx_min) / 12));
  for (int e = static_cast<int>(std::ceil(lx_min)); e <= lx_max; e += std::max(step, 1)) {
    double x = std::ldexp(1.0, e);
    Element(svg, "line",
            {{"x1", Number(px(x))},
             {"x2", Number(px(x))},
             {"y1", Number(kTop)},
             {"y2", Number(kTop + plot_h)},
             {"stroke", "#ddd"}});
    Element(svg, "text",
            {{"x", Number(px(x))}, {"y", Number(kTop + plot_h + 16)}, {"text-anchor", "middle"}},
            TickLabel(x));
  }
  for (int i = 0; i <= 5; ++i) {
    double v = ly_min + (ly_max - ly_min) * i / 5;
    if (log_y && std::floor(v) != v) continue;
    double y = log_y ? std::pow(10, v) : v;
    Element(svg, "line",
            {{"x1", Number(kLeft)},
             {"x2", Number(kLeft + plot_w)},
             {"y1", Number(py(y))},
             {"y2", Number(py(y))},
             {"stroke", "#ddd"}});
    char label[32];
    std::snprintf(label, sizeof(label), "%g", y);
    Element(svg, "text",
            {{"x", Number(kLeft - 6)}, {"y", Number(py(y) + 4)}, {"text-anchor", "end"}}, label);
  }
  Element(svg, "text",
          {{"x", Number(kLeft + plot_w / 2)}, {"y", Number(kHeight - 18)}, {"text-anchor", "middle"}},
          x_label);
  Element(svg, "text",
          {{"transform", "translate(18," + Number(kTop + plot_h / 2) + ") rotate(-90)"},
           {"text-anchor", "middle"}},
          y_label);
  for (size_t i = 0; i < series.size(); ++i) {
    const char* color = kColors[i % (sizeof(kColors) / sizeof(kColors[0]))];
    std::string path;
    for (auto [x, y] : series[i].points) {
      if (x <= 0 || (log_y && y <= 0)) continue;
      path += (path.empty() ? "M" : " L") + Number(px(x)) + "," + Number(py(y));
      Element(svg, "circle",
              {{"cx", Number(px(x))}, {"cy", Number(py(y))}, {"r", "3"}, {"fill", color}});
    }
    if (!path.empty()) {
      ptree& line = Element(
          svg, "path", {{"d", path}, {"fill", "none"}, {"stroke", color}, {"stroke-width", "2"}});
      if (series[i].dashed) line.put("<xmlattr>.stroke-dasharray", "6,4");
    }
    double ly = kTop + 10 + 18 * static_cast<double>(i);
    ptree& key = Element(svg, "line",
                         {{"x1", Number(kWidth - kRight + 12)},
                          {"x2", Number(kWidth - kRight + 36)},
                          {"y1", Number(ly)},
                          {"y2", Number(ly)},
                          {"stroke", color},
                          {"stroke-width", "2"}});
    if (series[i].dashed) key.put("<xmlattr>.stroke-dasharray", "6,4");
    Element(svg, "text", {{"x", Number(kWidth - kRight + 42)}, {"y", Number(ly + 4)}},
            series[i].name);
  }
  return Document(root);
}

}  // namespace iommufd_conform
