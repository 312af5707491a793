#ifndef IOMMUFD_CONFORM_HARNESS_BENCH_BENCH_RESULTS_H_
#define IOMMUFD_CONFORM_HARNESS_BENCH_BENCH_RESULTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/common/harness_error.h"

namespace iommufd_conform {

// One entry of Google Benchmark's JSON "benchmarks" array, as iommufd-conform-bench names
// them (benchmarks/uapi/uapi_bench_main.cc): Op/front_end[/backing]/attach/value.
struct BenchEntry {
  std::string name;
  std::string op;         // MapUnmap, LiveAreas, MapFile, Copy, DirtyRead
  std::string front_end;  // native, compat, container
  std::string backing;    // anon, thp, hugetlb, memfd; empty for LiveAreas
  std::string attach;     // none, mock, twomock, device
  uint64_t value = 0;     // length in bytes, or live areas
  double cpu_ns = 0;      // CPU time per iteration, in ns
  double real_ns = 0;
  int64_t iterations = 0;
  std::string skipped;    // the error_message of a benchmark that did not run
};

// The "benchmarks" entries of a Google Benchmark JSON file, one per name: of repetitions the
// fastest timed one (aggregates are ignored). kIo when the text is not such a file.
HarnessResult<std::vector<BenchEntry>> ParseBenchmarkJson(std::string_view text);

// Splits a name into op, front end, backing, attach and value; false if it is not ours.
bool ParseBenchName(const std::string& name, BenchEntry* entry);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_BENCH_BENCH_RESULTS_H_
