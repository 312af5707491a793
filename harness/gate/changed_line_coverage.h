#ifndef IOMMUFD_CONFORM_HARNESS_GATE_CHANGED_LINE_COVERAGE_H_
#define IOMMUFD_CONFORM_HARNESS_GATE_CHANGED_LINE_COVERAGE_H_

// Changed-line coverage: which of the patch's changed lines in drivers/iommu the suite
// executed on a gcov build of the patched tree. Lines gcov does not list are not executable
// (comments, declarations, blank lines); an executable line with count 0 ran in no case.
// Not a regression: a line no case reaches is something to review.

#include <string>
#include <vector>

#include "harness/coverage/coverage_map.h"
#include "harness/gate/changed_lines.h"
#include "harness/gate/gate_result.h"

namespace iommufd_conform::gate {

struct UnexecutedLine {
  int line = 0;
  std::string text{};
};

struct FileLineCoverage {
  std::string file{};
  int changed = 0;             // lines the patch adds or modifies
  bool profiled = false;       // the gcov kernel returned data for the file
  std::vector<int> executed{};  // changed executable lines some case ran
  std::vector<UnexecutedLine> not_executed{};  // changed executable lines no case ran
  int Executable() const { return static_cast<int>(executed.size() + not_executed.size()); }
};

struct ChangedLineCoverage {
  enum class State {
    kSkipped,   // --no-coverage
    kNoChange,  // the patch changes no line under drivers/iommu
    kMeasured,
    kFailed,    // the gcov kernel did not build, or a guest returned no data
  };
  State state = State::kSkipped;
  std::string note{};  // why skipped or failed
  std::vector<KernelBuild> builds{};  // the patched tree's gcov kernels, one per arch
  std::vector<std::string> runs{};    // "x86_64:none: exit 0 after 25 s, 14 .gcda files"
  std::vector<FileLineCoverage> files{};
  int Changed() const;
  int Executable() const;
  int Executed() const;
  int NotExecuted() const;
};

// The changed lines of each file against the merged gcov data of every run.
std::vector<FileLineCoverage> IntersectCoverage(const std::vector<ChangedFile>& changed,
                                                const CoverageMap& measured);

// One line: "5 of 7 changed executable lines ran (2 files); 2 ran in no case", or the state.
std::string DescribeCoverage(const ChangedLineCoverage& coverage);

}  // namespace iommufd_conform::gate

#endif  // IOMMUFD_CONFORM_HARNESS_GATE_CHANGED_LINE_COVERAGE_H_
