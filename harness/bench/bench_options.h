#ifndef IOMMUFD_CONFORM_HARNESS_BENCH_BENCH_OPTIONS_H_
#define IOMMUFD_CONFORM_HARNESS_BENCH_BENCH_OPTIONS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "harness/common/harness_error.h"

namespace iommufd_conform {

// `iommufd-conform bench` options (see kBenchUsage).
struct BenchOptions {
  std::string target = "vm";           // vm, host or model
  std::string platforms = "x86_64:vtd";  // vm: comma-separated, as `run --platform`
  std::string kernel = "7.2";          // vm: version, tree or image; model: profile
  bool type1 = true;                   // vm: build the kernel with the type1 extra
  std::string results = "bench-results";
  double min_time = 0.05;              // --benchmark_min_time per case, seconds
  uint64_t guest_max_areas = 10000;
  uint64_t model_max_areas = 1000000;
  bool with_model = true;              // also run the model on this host
  std::string filter;                  // --benchmark_filter regex
  int hugepages = 64;                  // vm: 2 MiB pages to reserve in the guest
  int timeout = 3600;                  // seconds one benchmark binary may run
  bool help = false;
};

extern const char kBenchUsage[];

// kUsage with the reason for a bad command line; `help` set for --help.
HarnessResult<BenchOptions> ParseBenchOptions(const std::vector<std::string>& args,
                                              std::string* help_text);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_BENCH_BENCH_OPTIONS_H_
