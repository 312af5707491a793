#include "harness/bench/bench_options.h"

#include <boost/program_options.hpp>

#include <sstream>

namespace iommufd_conform {

namespace po = boost::program_options;

const char kBenchUsage[] =
    "usage: iommufd-conform bench [--target vm|host|model] [--platform LIST] [--kernel K]\n"
    "                             [--results DIR] [--min-time S] [--filter REGEX] ...\n"
    "Runs the map/unmap benchmarks (iommufd-conform-bench, Google Benchmark) and writes each\n"
    "run's Google Benchmark JSON, DIR/report.md with native : compat : container ratio tables\n"
    "computed within each run, the model's fitted cost against log2(live areas), and SVG plots\n"
    "of time against length and against live areas, all of it in one page DIR/report.html.\n"
    "vm: in TCG guests whose kernel is built with the type1 extra (VFIO's own type1\n"
    "container on /dev/vfio/vfio), so one boot compares native iommufd, iommufd's compat\n"
    "ioctls on /dev/iommu and legacy type1; host: this machine's /dev/iommu; model: the\n"
    "reference model only. Unless --no-model, the model's sweep (live areas up to 10^6) also\n"
    "runs on this host and lands in the same report.\n";

HarnessResult<BenchOptions> ParseBenchOptions(const std::vector<std::string>& args,
                                              std::string* help_text) {
  BenchOptions options;
  po::options_description description("options");
  description.add_options()("help,h", "this text")(
      "target", po::value(&options.target)->default_value(options.target), "vm, host or model")(
      "platform", po::value(&options.platforms)->default_value(options.platforms),
      "vm: comma-separated platforms (x86_64:vtd, arm64:smmuv3, ...)")(
      "kernel", po::value(&options.kernel)->default_value(options.kernel),
      "vm: version, tree or image; model: the kernel version to model")(
      "no-type1", "vm: keep iommufd's compat container on /dev/vfio/vfio (no type1 extra)")(
      "results", po::value(&options.results)->default_value(options.results), "output folder")(
      "min-time", po::value(&options.min_time)->default_value(options.min_time),
      "seconds per case (--benchmark_min_time)")(
      "guest-max-areas", po::value(&options.guest_max_areas)->default_value(options.guest_max_areas),
      "largest live-area count in guests and on the host")(
      "model-max-areas", po::value(&options.model_max_areas)->default_value(options.model_max_areas),
      "largest live-area count on the model")(
      "no-model", "do not add the model's sweep")(
      "filter", po::value(&options.filter)->default_value(""), "--benchmark_filter regex")(
      "hugepages", po::value(&options.hugepages)->default_value(options.hugepages),
      "vm: 2 MiB pages to reserve for the hugetlb backing")(
      "timeout", po::value(&options.timeout)->default_value(options.timeout),
      "seconds one benchmark binary may run");
  po::variables_map values;
  try {
    po::store(po::command_line_parser(args).options(description).run(), values);
    po::notify(values);
  } catch (const po::error& e) {
    return MakeError(HarnessErrorKind::kUsage, e.what());
  }
  if (values.count("help")) {
    std::ostringstream text;
    text << kBenchUsage << description;
    *help_text = text.str();
    options.help = true;
    return options;
  }
  options.type1 = !values.count("no-type1");
  options.with_model = !values.count("no-model");
  if (options.target != "vm" && options.target != "host" && options.target != "model") {
    return MakeError(HarnessErrorKind::kUsage, "unknown target '" + options.target + "'");
  }
  if (options.min_time <= 0 || options.timeout <= 0 || options.hugepages < 0) {
    return MakeError(HarnessErrorKind::kUsage,
                     "--min-time and --timeout must be positive, --hugepages not negative");
  }
  if (options.guest_max_areas == 0 || options.model_max_areas == 0) {
    return MakeError(HarnessErrorKind::kUsage, "live-area limits must be at least 1");
  }
  return options;
}

}  // namespace iommufd_conform
