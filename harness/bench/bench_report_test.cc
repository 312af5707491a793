#include <gtest/gtest.h>

#include <cmath>

#include "harness/bench/bench_options.h"
#include "harness/bench/bench_report.h"
#include "harness/bench/bench_results.h"
#include "harness/bench/svg_plot.h"

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <sstream>

namespace iommufd_conform {
namespace {

// The shape Google Benchmark 1.7 writes, trimmed: context, a timed run, a skipped one, an
// aggregate and a name that is not ours.
constexpr char kJson[] = R"({
  "context": {"date": "2026-11-21", "num_cpus": 2, "caches": [{"type": "Data", "level": 1}],
              "iommufd_backend": "kernel"},
  "benchmarks": [
    {"name": "MapUnmap/native/anon/device/4096", "run_type": "iteration", "iterations": 100,
     "real_time": 2.5e+01, "cpu_time": 2.0e+01, "time_unit": "us", "bytes_per_second": 1.0e8},
    {"name": "MapUnmap/compat/anon/device/4096", "run_type": "iteration", "iterations": 50,
     "real_time": 40.0, "cpu_time": 30.0, "time_unit": "us"},
    {"name": "MapUnmap/compat/anon/device/4096", "run_type": "iteration", "iterations": 50,
     "real_time": 90.0, "cpu_time": 80.0, "time_unit": "us", "repetition_index": 1},
    {"name": "MapUnmap/container/anon/device/4096", "run_type": "iteration", "iterations": 0,
     "error_occurred": true, "error_message": "no VFIO device bound to vfio-pci"},
    {"name": "MapUnmap/native/anon/device/4096_mean", "run_type": "aggregate",
     "cpu_time": 1.0, "time_unit": "us"},
    {"name": "LiveAreas/native/none/1000", "run_type": "iteration", "iterations": 9,
     "real_time": 1500, "cpu_time": 1400, "time_unit": "ns", "areas": 1.0e3},
    {"name": "BM_Something/8", "run_type": "iteration", "cpu_time": 1, "time_unit": "ns"}
  ]
})";

// Of several repetitions the fastest stands for the case.
TEST(BenchResults, ParsesOurEntriesAndSkipsTheRest) {
  auto entries = ParseBenchmarkJson(kJson);
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries.value().size(), 4u);
  const auto& native = entries.value()[0];
  EXPECT_EQ(native.op, "MapUnmap");
  EXPECT_EQ(native.front_end, "native");
  EXPECT_EQ(native.backing, "anon");
  EXPECT_EQ(native.attach, "device");
  EXPECT_EQ(native.value, 4096u);
  EXPECT_DOUBLE_EQ(native.cpu_ns, 20000.0);
  EXPECT_DOUBLE_EQ(native.real_ns, 25000.0);
  EXPECT_EQ(native.iterations, 100);
  EXPECT_DOUBLE_EQ(entries.value()[1].cpu_ns, 30000.0);
  EXPECT_EQ(entries.value()[2].skipped, "no VFIO device bound to vfio-pci");
  const auto& live = entries.value()[3];
  EXPECT_EQ(live.op, "LiveAreas");
  EXPECT_EQ(live.backing, "");
  EXPECT_EQ(live.attach, "none");
  EXPECT_EQ(live.value, 1000u);
  EXPECT_DOUBLE_EQ(live.cpu_ns, 1400.0);
}

TEST(BenchResults, RejectsTextThatIsNotBenchmarkJson) {
  EXPECT_FALSE(ParseBenchmarkJson("").ok());
  EXPECT_FALSE(ParseBenchmarkJson("{\"benchmarks\": 3}").ok());
  EXPECT_FALSE(ParseBenchmarkJson("{\"benchmarks\": [").ok());
}

TEST(BenchResults, NamesNeedAllFields) {
  BenchEntry entry;
  EXPECT_FALSE(ParseBenchName("MapUnmap/native/anon/4096", &entry));
  EXPECT_FALSE(ParseBenchName("LiveAreas/native/none/x", &entry));
  EXPECT_TRUE(ParseBenchName("Copy/native/anon/mock/2097152", &entry));
  EXPECT_EQ(entry.value, 2097152u);
}

TEST(BenchReport, FitRecoversALogarithmicSlope) {
  std::vector<std::pair<double, double>> points;
  for (double n = 1; n <= 1e6; n *= 10) points.emplace_back(n, 500 + 30 * std::log2(n));
  auto fit = FitAgainstLog2(points);
  ASSERT_TRUE(fit.has_value());
  EXPECT_NEAR(fit->slope_ns_per_doubling, 30, 1e-6);
  EXPECT_NEAR(fit->intercept_ns, 500, 1e-6);
  EXPECT_NEAR(fit->r2_log, 1, 1e-9);
  EXPECT_LT(fit->r2_linear, 0.9);
  EXPECT_FALSE(FitAgainstLog2({{1, 1}, {2, 2}}).has_value());
}

TEST(BenchReport, RatioTableComparesFrontEndsWithinARun) {
  auto entries = ParseBenchmarkJson(kJson);
  ASSERT_TRUE(entries.ok());
  BenchRun run{"x86_64 vtd", "x86_64-vtd", "type1", entries.value()};
  std::string md = BenchReportMarkdown({run}, "preamble\n");
  EXPECT_NE(md.find("native : compat : type1"), std::string::npos) << md;
  EXPECT_NE(md.find("| anon | 4 KiB | 20.00 | 30.00 | - | 1 : 1.50 : - |"), std::string::npos)
      << md;
  EXPECT_NE(md.find("no VFIO device bound to vfio-pci"), std::string::npos) << md;
}

TEST(BenchReport, PlotsAreSvgWithOneLinePerSeries) {
  std::string svg = SvgLinePlot("t", "x", "y",
                                {{"a", {{1, 1}, {2, 4}}, false}, {"<b> & \"c\"", {{1, 2}}, true}},
                                true);
  std::istringstream in(svg);
  boost::property_tree::ptree root;
  boost::property_tree::read_xml(in, root);
  const auto& plot = root.get_child("svg");
  EXPECT_EQ(plot.get<std::string>("<xmlattr>.xmlns"), "http://www.w3.org/2000/svg");
  std::vector<std::string> paths, texts;
  for (const auto& [tag, element] : plot) {
    if (tag == "path") paths.push_back(element.get<std::string>("<xmlattr>.d"));
    if (tag == "text") texts.push_back(element.data());
  }
  ASSERT_EQ(paths.size(), 2u);
  EXPECT_EQ(paths[0].rfind("M", 0), 0u);
  EXPECT_NE(paths[0].find(" L"), std::string::npos);
  // Series names reach the reader as written, whatever markup they hold.
  EXPECT_EQ(texts.back(), "<b> & \"c\"");
}

TEST(BenchOptions, DefaultsAndErrors) {
  std::string help;
  auto defaults = ParseBenchOptions({}, &help);
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults.value().target, "vm");
  EXPECT_TRUE(defaults.value().type1);
  EXPECT_TRUE(defaults.value().with_model);
  auto model = ParseBenchOptions({"--target", "model", "--no-type1", "--model-max-areas", "100"},
                                 &help);
  ASSERT_TRUE(model.ok());
  EXPECT_EQ(model.value().target, "model");
  EXPECT_FALSE(model.value().type1);
  EXPECT_EQ(model.value().model_max_areas, 100u);
  EXPECT_FALSE(ParseBenchOptions({"--target", "cloud"}, &help).ok());
  EXPECT_FALSE(ParseBenchOptions({"--min-time", "0"}, &help).ok());
  EXPECT_FALSE(ParseBenchOptions({"--bogus"}, &help).ok());
  auto with_help = ParseBenchOptions({"--help"}, &help);
  ASSERT_TRUE(with_help.ok());
  EXPECT_TRUE(with_help.value().help);
  EXPECT_NE(help.find("--target"), std::string::npos);
}

}  // namespace
}  // namespace iommufd_conform
