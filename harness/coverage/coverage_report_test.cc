#include "harness/coverage/coverage_report.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace iommufd_conform {
namespace {

using nlohmann::json;

PlatformCoverage Platform() {
  PlatformCoverage p{
      "x86_64 vtd", "7.2", {{"our suite (kernel backend)", "exit 0"}}, {}, {}, {}};
  // ours: main.c 3/4 lines, f and g; selftests: main.c 2/4 lines but also h.
  p.ours.Add({"/o/drivers/iommu/iommufd/main.c", {{1, 1}, {2, 1}, {3, 1}, {9, 0}},
              {{"f", {1, 2, 1}}, {"g", {3, 3, 1}}, {"h", {9, 12, 0}}}});
  p.selftests.Add({"/o/drivers/iommu/iommufd/main.c", {{1, 1}, {2, 0}, {3, 0}, {9, 2}},
                   {{"f", {1, 2, 1}}, {"g", {3, 3, 0}}, {"h", {9, 12, 2}}}});
  p.ours.Add({"/o/drivers/iommu/iommufd/selftest.c", {{1, 0}}, {}});
  p.selftests.Add({"/o/drivers/iommu/iommufd/selftest.c", {{1, 1}}, {}});
  p.ours.Add({"/o/drivers/iommu/intel/nested.c", {{1, 1}}, {}});
  p.ours.Add({"/o/drivers/iommu/intel/dmar.c", {{1, 1}}, {}});  // not an iommufd part
  p.ours.Add({"/o/include/linux/err.h", {{1, 1}}, {}});
  return p;
}

TEST(CoverageReportTest, ReportedFiles) {
  EXPECT_TRUE(IsIommufdCoreFile("drivers/iommu/iommufd/io_pagetable.c"));
  EXPECT_FALSE(IsIommufdCoreFile("drivers/iommu/iommufd/iommufd_private.h"));
  EXPECT_FALSE(IsIommufdCoreFile("drivers/iommu/iommufd/sub/x.c"));
  EXPECT_TRUE(IsReportedFile("drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3-iommufd.c"));
  EXPECT_TRUE(IsReportedFile("drivers/iommu/intel/nested.c"));
  EXPECT_FALSE(IsReportedFile("drivers/iommu/intel/dmar.c"));
}

TEST(CoverageReportTest, RowsAndCoreTotal) {
  auto rows = FileRows(Platform());
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].file, "drivers/iommu/intel/nested.c");
  EXPECT_EQ(rows[1].file, "drivers/iommu/iommufd/main.c");
  EXPECT_EQ(rows[1].ours.lines_hit, 3);
  EXPECT_EQ(rows[1].selftests.lines_hit, 2);
  EXPECT_EQ(rows[0].selftests.lines, 0);  // the selftests never loaded it
  FileRow total = CoreTotal(rows);
  EXPECT_EQ(total.ours.lines, 5);  // nested.c is not part of the core total
  EXPECT_EQ(total.ours.lines_hit, 3);
  EXPECT_EQ(total.selftests.lines_hit, 3);
  EXPECT_EQ(total.ours.functions_hit, 2);
  EXPECT_EQ(total.selftests.functions_hit, 2);
}

TEST(CoverageReportTest, ListsFunctionsOnlyTheSelftestsReach) {
  auto missed = FunctionsOnlySelftestsReach(Platform());
  ASSERT_EQ(missed.size(), 1u);
  EXPECT_EQ(missed[0].function, "h");
  EXPECT_EQ(missed[0].file, "drivers/iommu/iommufd/main.c");
  EXPECT_EQ(missed[0].lines, 4);
}

TEST(CoverageReportTest, MarkdownHasBothFiguresSideBySide) {
  std::string md = CoverageMarkdown({Platform()});
  EXPECT_NE(md.find("## x86_64 vtd (kernel 7.2)"), std::string::npos);
  EXPECT_NE(md.find("- our suite (kernel backend): exit 0"), std::string::npos);
  EXPECT_NE(md.find("| **drivers/iommu/iommufd/*.c** | **60.0% (3/5)** | **60.0% (3/5)** |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| drivers/iommu/iommufd/main.c | 75.0% (3/4) | 50.0% (2/4) | 66.7% (2/3) "
                    "| 66.7% (2/3) |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("- `h` (drivers/iommu/iommufd/main.c, 4 lines)"), std::string::npos);
  EXPECT_EQ(md.find("dmar.c"), std::string::npos);
}

json Stats(int lines, int lines_hit, int functions, int functions_hit) {
  return {{"lines", lines},
          {"lines_hit", lines_hit},
          {"functions", functions},
          {"functions_hit", functions_hit}};
}

json FileEntry(const json& platform, const std::string& file) {
  for (const json& entry : platform["files"]) {
    if (entry["file"] == file) return entry;
  }
  return nullptr;
}

TEST(CoverageReportTest, JsonCarriesTotalsAndRows) {
  json platform = json::parse(CoverageJson({Platform()}))["platforms"][0];
  EXPECT_EQ(platform["iommufd_total"]["ours"], Stats(5, 3, 3, 2)) << platform;
  EXPECT_EQ(platform["only_selftests_reach"],
            json::parse(R"([{"file": "drivers/iommu/iommufd/main.c", "function": "h",
                             "lines": 4}])"));
}

// Platform() with a replayed corpus that reaches main.c lines 1 and 9 (function h) only.
PlatformCoverage WithCorpus() {
  PlatformCoverage p = Platform();
  p.corpus.emplace();
  p.corpus->name = "vm-x86_64-vtd-7.2/corpus";
  p.corpus->replay = {541, 300, false, true, "IOMMU_OPTION result: kernel EBUSY, model EINVAL"};
  p.corpus->map.Add({"/o/drivers/iommu/iommufd/main.c", {{1, 4}, {2, 0}, {3, 0}, {9, 1}},
                     {{"f", {1, 2, 4}}, {"g", {3, 3, 0}}, {"h", {9, 12, 1}}}});
  p.corpus->map.Add({"/o/drivers/iommu/iommufd/vfio_compat.c", {{1, 1}, {2, 0}}, {}});
  return p;
}

TEST(CoverageReportTest, WithoutACorpusThereIsNoCorpusSide) {
  auto rows = FileRows(Platform());
  for (const FileRow& row : rows) EXPECT_FALSE(row.corpus.has_value()) << row.file;
  EXPECT_FALSE(CoreTotal(rows).corpus.has_value());
  std::string md = CoverageMarkdown({Platform()});
  EXPECT_EQ(md.find("fuzz corpus"), std::string::npos) << md;
  EXPECT_EQ(CoverageJson({Platform()}).find("corpus"), std::string::npos);  // no key at all
}

TEST(CoverageReportTest, TheCorpusIsAThirdSideOfEveryRowAndTheTotal) {
  auto rows = FileRows(WithCorpus());
  ASSERT_EQ(rows.size(), 4u);  // vfio_compat.c is only the corpus's
  EXPECT_EQ(rows[3].file, "drivers/iommu/iommufd/vfio_compat.c");
  EXPECT_EQ(rows[3].ours.lines, 0);
  ASSERT_TRUE(rows[3].corpus.has_value());
  EXPECT_EQ(rows[3].corpus->lines_hit, 1);
  ASSERT_TRUE(rows[0].corpus.has_value());  // nested.c: the corpus never loaded it
  EXPECT_EQ(rows[0].corpus->lines, 0);
  FileRow total = CoreTotal(rows);
  ASSERT_TRUE(total.corpus.has_value());
  EXPECT_EQ(total.corpus->lines, 6);  // main.c 4 + vfio_compat.c 2; selftest.c unseen
  EXPECT_EQ(total.corpus->lines_hit, 3);
  EXPECT_EQ(total.corpus->functions_hit, 2);
  EXPECT_EQ(total.ours.lines_hit, 3);  // the other sides are unchanged
}

TEST(CoverageReportTest, MarkdownHasTheCorpusColumnsHeadlineAndReplayCount) {
  std::string md = CoverageMarkdown({WithCorpus()});
  EXPECT_NE(md.find("drivers/iommu/iommufd/*.c lines: ours 60.0% (3/5), selftests 60.0% (3/5), "
                    "fuzz corpus `vm-x86_64-vtd-7.2/corpus` 50.0% (3/6); corpus replay: replay "
                    "stopped early at input 300 of 541 (finding: IOMMU_OPTION result: kernel "
                    "EBUSY, model EINVAL)."),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| File | Lines: ours | Lines: selftests | Lines: fuzz corpus | Functions: "
                    "ours | Functions: selftests | Functions: fuzz corpus |"),
            std::string::npos);
  EXPECT_NE(md.find("| drivers/iommu/iommufd/main.c | 75.0% (3/4) | 50.0% (2/4) | 50.0% (2/4) | "
                    "66.7% (2/3) | 66.7% (2/3) | 66.7% (2/3) |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| **drivers/iommu/iommufd/*.c** | **60.0% (3/5)** | **60.0% (3/5)** | "
                    "**50.0% (3/6)** |"),
            std::string::npos);
}

TEST(CoverageReportTest, JsonCarriesTheCorpusSideAndItsReplay) {
  json platform = json::parse(CoverageJson({WithCorpus()}))["platforms"][0];
  const json& corpus = platform["corpus"];
  EXPECT_EQ(corpus["name"], "vm-x86_64-vtd-7.2/corpus");
  EXPECT_EQ(corpus["inputs"], 541);
  EXPECT_EQ(corpus["replayed"], 300);
  EXPECT_EQ(corpus["finished"], false);
  EXPECT_EQ(corpus["finding"], "IOMMU_OPTION result: kernel EBUSY, model EINVAL");
  EXPECT_EQ(platform["iommufd_total"]["corpus"], Stats(6, 3, 3, 2)) << platform;
  json compat = FileEntry(platform, "drivers/iommu/iommufd/vfio_compat.c");
  EXPECT_EQ(compat["ours"], Stats(0, 0, 0, 0)) << platform;
  EXPECT_EQ(compat["corpus"]["lines_hit"], 1);
}

}  // namespace
}  // namespace iommufd_conform
