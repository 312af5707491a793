#include "harness/gate/changed_line_coverage.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "harness/coverage/gcov_json.h"

namespace iommufd_conform::gate {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Shaped like `gcov --json-format --stdout` for one .gcda (gcc 12): the .gcno names the source
// by its path in the gate's checkout; line 13 is not listed (a declaration), 14 never ran.
constexpr char kPagesGcov[] = R"({"gcc_version": "12.2.0", "format_version": "1",
  "current_working_directory": "/cache/build/x86_64-e1a403d3107f", "data_file": "pages.gcda",
  "files": [
    {"file": "/cache/gate/trees/bd72/linux/drivers/iommu/iommufd/pages.c",
     "lines": [{"branches": [], "count": 7, "line_number": 12, "unexecuted_block": false,
                "function_name": "f"},
               {"branches": [], "count": 0, "line_number": 14, "unexecuted_block": true,
                "function_name": "f"},
               {"branches": [], "count": 2, "line_number": 15, "unexecuted_block": false,
                "function_name": "f"},
               {"branches": [], "count": 0, "line_number": 40, "unexecuted_block": true,
                "function_name": "g"}],
     "functions": []}]})";

CoverageMap MapOf(const char* json) {
  auto sources = ParseGcovJson(json);
  EXPECT_TRUE(sources.ok());
  CoverageMap map;
  if (sources.ok()) {
    for (const SourceCoverage& source : sources.value()) map.Add(source);
  }
  return map;
}

TEST(ChangedLineCoverageTest, SplitsExecutableLinesByCountAndSkipsTheRest) {
  std::vector<ChangedFile> changed = {
      {"drivers/iommu/iommufd/pages.c",
       {{12, "\trc = pin();"}, {13, "\tint unused;"}, {14, "\t\tgoto out_unpin;"},
        {15, "\treturn rc;"}}},
      {"drivers/iommu/amd/iommu.c", {{3, "\tx = 1;"}}}};
  auto files = IntersectCoverage(changed, MapOf(kPagesGcov));
  ASSERT_EQ(files.size(), 2u);
  EXPECT_TRUE(files[0].profiled);
  EXPECT_EQ(files[0].changed, 4);
  EXPECT_THAT(files[0].executed, ElementsAre(12, 15));
  ASSERT_EQ(files[0].not_executed.size(), 1u);
  EXPECT_EQ(files[0].not_executed[0].line, 14);
  EXPECT_EQ(files[0].not_executed[0].text, "\t\tgoto out_unpin;");
  EXPECT_EQ(files[0].Executable(), 3);
  // No gcov data for the file: nothing is claimed executed or not.
  EXPECT_FALSE(files[1].profiled);
  EXPECT_EQ(files[1].Executable(), 0);

  ChangedLineCoverage coverage{.state = ChangedLineCoverage::State::kMeasured, .files = files};
  EXPECT_EQ(coverage.Executable(), 3);
  EXPECT_EQ(coverage.Executed(), 2);
  EXPECT_EQ(coverage.NotExecuted(), 1);
  EXPECT_EQ(DescribeCoverage(coverage),
            "2 of 3 changed executable line(s) ran (5 changed line(s) in 2 file(s), 1 without "
            "gcov data); 1 ran in no case");
}

TEST(ChangedLineCoverageTest, CountsFromSeveralRunsAddUp) {
  CoverageMap map = MapOf(kPagesGcov);
  SourceCoverage other_platform{"drivers/iommu/iommufd/pages.c", {{14, 1}}, {}};
  map.Add(other_platform);
  auto files = IntersectCoverage({{"drivers/iommu/iommufd/pages.c", {{14, "x"}}}}, map);
  ASSERT_EQ(files.size(), 1u);
  EXPECT_THAT(files[0].executed, ElementsAre(14));
  EXPECT_TRUE(files[0].not_executed.empty());
}

TEST(ChangedLineCoverageTest, DescribesEveryState) {
  ChangedLineCoverage coverage{.state = ChangedLineCoverage::State::kSkipped,
                               .note = "--no-coverage"};
  EXPECT_EQ(DescribeCoverage(coverage), "skipped (--no-coverage)");
  coverage.state = ChangedLineCoverage::State::kFailed;
  coverage.note = "the gcov kernel does not build";
  EXPECT_THAT(DescribeCoverage(coverage), HasSubstr("not measured: the gcov kernel"));
}

}  // namespace
}  // namespace iommufd_conform::gate
