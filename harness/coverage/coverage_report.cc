#include "harness/coverage/coverage_report.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace iommufd_conform {
namespace {

// Keys in the order the Markdown report shows them, not sorted.
using Json = nlohmann::ordered_json;

constexpr std::string_view kCoreDir = "drivers/iommu/iommufd/";
// The drivers' iommufd parts: VT-d nested translation and the paging/dirty-tracking code in
// iommu.c (reached through IOMMU_HWPT_ALLOC / IOMMU_HWPT_GET_DIRTY_BITMAP), and SMMUv3's
// vIOMMU / nested support. Whole-file figures: the driver files also hold non-iommufd code.
constexpr std::array<std::string_view, 5> kDriverFiles = {
    "drivers/iommu/intel/iommu.c", "drivers/iommu/intel/nested.c", "drivers/iommu/intel/pasid.c",
    "drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3-iommufd.c",
    "drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3.c"};
constexpr size_t kMissedFunctionsListed = 25;

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

std::string Cell(const FileStats& stats, bool lines) {
  int hit = lines ? stats.lines_hit : stats.functions_hit;
  int total = lines ? stats.lines : stats.functions;
  if (total == 0) return "-";
  char text[64];
  std::snprintf(text, sizeof(text), "%.1f%% (%d/%d)", Percent(hit, total), hit, total);
  return text;
}

Json JsonStats(const FileStats& s) {
  return {{"lines", s.lines},
          {"lines_hit", s.lines_hit},
          {"functions", s.functions},
          {"functions_hit", s.functions_hit}};
}

void MarkdownTable(const std::vector<FileRow>& rows, const FileRow& total, bool corpus,
                   std::ostream& out) {
  if (corpus) {
    out << "| File | Lines: ours | Lines: selftests | Lines: fuzz corpus | Functions: ours | "
           "Functions: selftests | Functions: fuzz corpus |\n"
        << "|---|---|---|---|---|---|---|\n";
  } else {
    out << "| File | Lines: ours | Lines: selftests | Functions: ours | Functions: selftests |\n"
        << "|---|---|---|---|---|\n";
  }
  auto row = [&](const FileRow& r, bool bold) {
    std::string b = bold ? "**" : "";
    out << "| " << b << r.file << b << " | " << b << Cell(r.ours, true) << b << " | " << b
        << Cell(r.selftests, true) << b << " | ";
    if (corpus) out << b << Cell(r.corpus.value_or(FileStats{}), true) << b << " | ";
    out << Cell(r.ours, false) << " | " << Cell(r.selftests, false) << " |";
    if (corpus) out << " " << Cell(r.corpus.value_or(FileStats{}), false) << " |";
    out << "\n";
  };
  row(total, true);
  for (const FileRow& r : rows) row(r, false);
}

std::string LinePercent(const FileStats& stats) {
  char text[64];
  std::snprintf(text, sizeof(text), "%.1f%% (%d/%d)", Percent(stats.lines_hit, stats.lines),
                stats.lines_hit, stats.lines);
  return text;
}

// The three sides' line coverage of the core in one sentence, above the table.
void CorpusHeadline(const PlatformCoverage& platform, const FileRow& total, std::ostream& out) {
  out << "\n" << total.file << " lines: ours " << LinePercent(total.ours) << ", selftests "
      << LinePercent(total.selftests) << ", fuzz corpus `" << platform.corpus->name << "` "
      << LinePercent(total.corpus.value_or(FileStats{})) << "; corpus replay: "
      << DescribeCorpusReplay(platform.corpus->replay) << ".\n";
}

Json JsonReplay(const CorpusCoverage& corpus) {
  return {{"name", corpus.name},
          {"inputs", corpus.replay.inputs},
          {"replayed", corpus.replay.executed},
          {"finished", corpus.replay.finished},
          {"finding", corpus.replay.finding},
          {"summary", DescribeCorpusReplay(corpus.replay)}};
}

// The same three sides as a table row: ours, the selftests', and the corpus's when replayed.
void PutSides(const FileRow& row, Json& out) {
  out["ours"] = JsonStats(row.ours);
  out["selftests"] = JsonStats(row.selftests);
  if (row.corpus) out["corpus"] = JsonStats(*row.corpus);
}

}  // namespace

bool IsIommufdCoreFile(const std::string& file) {
  return file.rfind(kCoreDir, 0) == 0 && EndsWith(file, ".c") &&
         file.find('/', kCoreDir.size()) == std::string::npos;
}

bool IsReportedFile(const std::string& file) {
  return IsIommufdCoreFile(file) ||
         std::find(kDriverFiles.begin(), kDriverFiles.end(), file) != kDriverFiles.end();
}

std::vector<FileRow> FileRows(const PlatformCoverage& platform) {
  std::set<std::string> files;
  std::vector<const CoverageMap*> maps{&platform.ours, &platform.selftests};
  if (platform.corpus) maps.push_back(&platform.corpus->map);
  for (const CoverageMap* map : maps) {
    for (const std::string& file : map->Files()) {
      if (IsReportedFile(file)) files.insert(file);
    }
  }
  std::vector<FileRow> rows;
  for (const std::string& file : files) {
    rows.push_back({file, platform.ours.Stats(file), platform.selftests.Stats(file), {}});
    if (platform.corpus) rows.back().corpus = platform.corpus->map.Stats(file);
  }
  return rows;
}

FileRow CoreTotal(const std::vector<FileRow>& rows) {
  FileRow total{std::string(kCoreDir) + "*.c", {}, {}, {}};
  for (const FileRow& row : rows) {
    if (!IsIommufdCoreFile(row.file)) continue;
    total.ours += row.ours;
    total.selftests += row.selftests;
    if (row.corpus) {
      if (!total.corpus) total.corpus = FileStats{};
      *total.corpus += *row.corpus;
    }
  }
  return total;
}

std::vector<MissedFunction> FunctionsOnlySelftestsReach(const PlatformCoverage& platform) {
  std::vector<MissedFunction> missed;
  for (const std::string& file : platform.selftests.Files()) {
    if (!IsReportedFile(file)) continue;
    const auto* theirs = platform.selftests.Functions(file);
    const auto* ours = platform.ours.Functions(file);
    for (const auto& [name, entry] : *theirs) {
      if (entry.count == 0) continue;
      if (ours) {
        auto found = ours->find(name);
        if (found != ours->end() && found->second.count > 0) continue;
      }
      missed.push_back({file, name, entry.end_line - entry.start_line + 1});
    }
  }
  std::stable_sort(missed.begin(), missed.end(), [](const auto& a, const auto& b) {
    return a.lines != b.lines ? a.lines > b.lines : a.function < b.function;
  });
  return missed;
}

std::string CoverageMarkdown(const std::vector<PlatformCoverage>& platforms) {
  std::ostringstream out;
  out << "# Kernel coverage: our suites vs the kernel's iommufd selftests\n\n"
      << "gcov line and function coverage of the profiled kernel files, counters zeroed after "
         "boot and read after each payload; several runs on one side count a line as covered "
         "when any of them executed it. The driver files are whole-file figures.\n";
  if (std::any_of(platforms.begin(), platforms.end(), [](const auto& p) { return p.corpus; })) {
    out << "\nThe fuzz corpus side replays each input of a differential-fuzzing campaign's "
           "corpus once (`diff_fuzzer -runs=0`) in a guest of the same kernel.\n";
  }
  for (const PlatformCoverage& platform : platforms) {
    out << "\n## " << platform.name << " (kernel " << platform.kernel << ")\n\n";
    for (const CoverageRun& run : platform.runs) {
      out << "- " << run.what << ": " << run.outcome << "\n";
    }
    auto rows = FileRows(platform);
    FileRow total = CoreTotal(rows);
    if (platform.corpus) CorpusHeadline(platform, total, out);
    out << "\n";
    MarkdownTable(rows, total, platform.corpus.has_value(), out);
    auto missed = FunctionsOnlySelftestsReach(platform);
    if (!missed.empty()) {
      out << "\nFunctions the selftests execute and our suites do not (" << missed.size()
          << ", longest first):\n\n";
      for (size_t i = 0; i < missed.size() && i < kMissedFunctionsListed; ++i) {
        out << "- `" << missed[i].function << "` (" << missed[i].file << ", " << missed[i].lines
            << " lines)\n";
      }
    }
  }
  return out.str();
}

std::string CoverageJson(const std::vector<PlatformCoverage>& platforms) {
  Json list = Json::array();
  for (const PlatformCoverage& platform : platforms) {
    auto rows = FileRows(platform);
    Json entry = {{"name", platform.name}, {"kernel", platform.kernel}, {"runs", Json::array()}};
    for (const auto& run : platform.runs) {
      entry["runs"].push_back({{"what", run.what}, {"outcome", run.outcome}});
    }
    if (platform.corpus) entry["corpus"] = JsonReplay(*platform.corpus);
    PutSides(CoreTotal(rows), entry["iommufd_total"]);
    entry["files"] = Json::array();
    for (const FileRow& row : rows) {
      Json file = {{"file", row.file}};
      PutSides(row, file);
      entry["files"].push_back(std::move(file));
    }
    entry["only_selftests_reach"] = Json::array();
    for (const auto& missed : FunctionsOnlySelftestsReach(platform)) {
      entry["only_selftests_reach"].push_back(
          {{"file", missed.file}, {"function", missed.function}, {"lines", missed.lines}});
    }
    list.push_back(std::move(entry));
  }
  Json document = {{"platforms", std::move(list)}};
  return document.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

HarnessStatus WriteCoverageReport(const std::vector<PlatformCoverage>& platforms,
                                  const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  for (const auto& [name, text] : {std::pair{"coverage.md", CoverageMarkdown(platforms)},
                                   std::pair{"coverage.json", CoverageJson(platforms)}}) {
    std::ofstream file(dir / name, std::ios::trunc);
    file << text;
    file.close();
    if (!file) return MakeError(HarnessErrorKind::kIo, "cannot write " + (dir / name).string());
  }
  return Done{};
}

}  // namespace iommufd_conform
