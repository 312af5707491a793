#ifndef IOMMUFD_CONFORM_HARNESS_COVERAGE_COVERAGE_REPORT_H_
#define IOMMUFD_CONFORM_HARNESS_COVERAGE_COVERAGE_REPORT_H_

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "harness/common/harness_error.h"
#include "harness/coverage/corpus_replay.h"
#include "harness/coverage/coverage_map.h"

namespace iommufd_conform {

// One guest run that fed a coverage map, as the report lists it.
struct CoverageRun {
  std::string what;     // "suite (kernel backend)", "selftest iommufd", ...
  std::string outcome;  // "exit 0, 14 .gcda files", "timed out", ...
};

// A fuzzing campaign's corpus replayed once on the same kernel: the optional third side.
struct CorpusCoverage {
  std::string name;  // CorpusName of the folder
  CorpusReplay replay;
  CoverageMap map;
};

// Our suites and the kernel's selftests (and a fuzz corpus, when given) measured on one
// platform's coverage kernel.
struct PlatformCoverage {
  std::string name;  // "x86_64 vtd"
  std::string kernel;
  std::vector<CoverageRun> runs;
  CoverageMap ours;
  CoverageMap selftests;
  std::optional<CorpusCoverage> corpus;
};

// The files the report lists: drivers/iommu/iommufd/*.c and the drivers' iommufd parts.
bool IsIommufdCoreFile(const std::string& file);
bool IsReportedFile(const std::string& file);

struct FileRow {
  std::string file;
  FileStats ours;
  FileStats selftests;
  std::optional<FileStats> corpus;  // with a corpus side only
};

// Reported files present in any side's map, sorted by name.
std::vector<FileRow> FileRows(const PlatformCoverage& platform);
// The sum over drivers/iommu/iommufd/*.c.
FileRow CoreTotal(const std::vector<FileRow>& rows);

struct MissedFunction {
  std::string file;
  std::string function;
  int lines = 0;  // end_line - start_line + 1
};

// Functions of reported files that the selftests execute and our suites do not, longest first.
std::vector<MissedFunction> FunctionsOnlySelftestsReach(const PlatformCoverage& platform);

std::string CoverageMarkdown(const std::vector<PlatformCoverage>& platforms);
std::string CoverageJson(const std::vector<PlatformCoverage>& platforms);

HarnessStatus WriteCoverageReport(const std::vector<PlatformCoverage>& platforms,
                                  const std::filesystem::path& dir);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_COVERAGE_COVERAGE_REPORT_H_
