#include "harness/gate/gate_json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "harness/gate/gate_test_data.h"

namespace iommufd_conform::gate {
namespace {

using nlohmann::json;
using namespace gate_test;  // NOLINT: the hand-made result builders

GateReport ReportWithCoverage(ChangedLineCoverage coverage) {
  GateReport report = MakeReport(
      MakeSide("base", {MakeRun("x86_64", "none", {MakeCase("A.B", CaseStatus::kPassed)})}, "/b"),
      MakeSide("patched", {MakeRun("x86_64", "none", {MakeCase("A.B", CaseStatus::kPassed)})},
               "/p"));
  report.coverage = std::move(coverage);
  return report;
}

TEST(GateJsonTest, CoverageObjectListsEveryFileAndTheLinesNoCaseRan) {
  json coverage = GateJson(ReportWithCoverage(MakeCoverage()))["coverage"];
  EXPECT_EQ(coverage["state"], "measured");
  EXPECT_EQ(coverage["regression"], false);
  EXPECT_EQ(coverage["executable"], 4);
  EXPECT_EQ(coverage["executed"], 3);
  EXPECT_EQ(coverage["not_executed"], 1);
  ASSERT_EQ(coverage["files"].size(), 2u);
  EXPECT_EQ(coverage["files"][0]["file"], "drivers/iommu/iommufd/pages.c");
  EXPECT_EQ(coverage["files"][0]["executed"], json::array({120, 121}));
  EXPECT_EQ(coverage["files"][1]["not_executed"],
            json::array({{{"line", 4321}, {"text", "\t\treturn -ENOSPC;"}}}));
  EXPECT_EQ(coverage["gcov_builds"][0]["image"], "/cache/kernels/g/bzImage");
  EXPECT_EQ(coverage["runs"][0], "x86_64:none: exit 0 after 25 s, 14 .gcda files");
}

TEST(GateJsonTest, SkippedCoverageSaysWhy) {
  json coverage = GateJson(ReportWithCoverage(
      {.state = ChangedLineCoverage::State::kSkipped, .note = "--no-coverage"}))["coverage"];
  EXPECT_EQ(coverage["state"], "skipped");
  EXPECT_EQ(coverage["summary"], "skipped (--no-coverage)");
  EXPECT_TRUE(coverage["files"].empty());
}

}  // namespace
}  // namespace iommufd_conform::gate
