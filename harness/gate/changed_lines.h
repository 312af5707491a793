#ifndef IOMMUFD_CONFORM_HARNESS_GATE_CHANGED_LINES_H_
#define IOMMUFD_CONFORM_HARNESS_GATE_CHANGED_LINES_H_

// The lines a patch adds or modifies, in the patched files' numbering, read from a git unified
// diff: what changed-line coverage intersects with the kernel's gcov data.

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace iommufd_conform::gate {

struct ChangedFile {
  std::string path;                  // in the patched tree: "drivers/iommu/iommufd/pages.c"
  std::map<int, std::string> lines;  // patched line number -> its text (without the '+')
};

// Every file of `diff` (`git diff` output, any context size, renames or not) that gains lines,
// with those lines; files that only lose lines, deleted files and binary changes have none and
// are left out. A modified line is a removed line plus an added one, so it counts as added.
std::vector<ChangedFile> ParseChangedLines(std::string_view diff);

// The files changed-line coverage looks at: C sources and headers under drivers/iommu/.
std::vector<ChangedFile> UnderDriversIommu(std::vector<ChangedFile> files);

}  // namespace iommufd_conform::gate

#endif  // IOMMUFD_CONFORM_HARNESS_GATE_CHANGED_LINES_H_
