#ifndef IOMMUFD_CONFORM_HARNESS_COVERAGE_COVERAGE_MAP_H_
#define IOMMUFD_CONFORM_HARNESS_COVERAGE_COVERAGE_MAP_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "harness/coverage/gcov_json.h"

namespace iommufd_conform {

// A .gcno names its source as the kernel build saw it (absolute, or relative to the object
// directory). Reports name files relative to the tree: the part from the first "drivers/"
// path component on; other paths (headers under include/) are returned unchanged.
std::string TreeRelativePath(std::string_view path);

struct FileStats {
  int lines = 0;
  int lines_hit = 0;
  int functions = 0;
  int functions_hit = 0;
  FileStats& operator+=(const FileStats& other);
};

// Percentage with an empty denominator reported as 0.
double Percent(int hit, int total);

// Coverage summed over any number of gcov outputs (data files, guest runs): a line or function
// counts as covered when any of them executed it.
class CoverageMap {
 public:
  void Add(const SourceCoverage& source);
  void Merge(const CoverageMap& other);

  bool Has(const std::string& file) const { return files_.count(file) != 0; }
  FileStats Stats(const std::string& file) const;
  // Tree-relative names of every file seen.
  std::vector<std::string> Files() const;
  const std::map<std::string, FunctionCount>* Functions(const std::string& file) const;
  // Executable line -> summed count, for one tree-relative file; nullptr when never seen.
  const std::map<int, uint64_t>* Lines(const std::string& file) const;

 private:
  std::map<std::string, SourceCoverage> files_;  // by tree-relative name
};

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_COVERAGE_COVERAGE_MAP_H_
