#ifndef IOMMUFD_CONFORM_HARNESS_COVERAGE_GCOV_JSON_H_
#define IOMMUFD_CONFORM_HARNESS_COVERAGE_GCOV_JSON_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "harness/common/harness_error.h"

namespace iommufd_conform {

struct FunctionCount {
  int start_line = 0;
  int end_line = 0;
  uint64_t count = 0;
};

// What one gcov run reports for one source file (a .c file or a header it inlines).
struct SourceCoverage {
  std::string file;                          // as the .gcno names it
  std::map<int, uint64_t> lines;             // executable line -> execution count
  std::map<std::string, FunctionCount> functions;  // by (mangled) name
};

// Parses the JSON document `gcov --json-format --stdout` prints for one data file (format
// version 1: files[].lines[].{line_number,count}, files[].functions[].{name,start_line,
// end_line,execution_count}). A line listed twice (code inlined from several functions)
// gets the sum of its counts.
HarnessResult<std::vector<SourceCoverage>> ParseGcovJson(std::string_view json);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_COVERAGE_GCOV_JSON_H_
