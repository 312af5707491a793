#include "harness/gate/gate_summary.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "harness/gate/gate_test_data.h"

namespace iommufd_conform::gate {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
using namespace gate_test;  // NOLINT: the hand-made result builders

std::vector<std::string> LinesOf(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  return lines;
}

TEST(GateSummaryTest, FirstLinesSayWhatBrokeWhereAndHowToReproduce) {
  GateReport report = MakeReport(
      MakeSide("base", {MakeRun("x86_64", "none", {MakeCase("IoasUnmap.Length", CaseStatus::kPassed)})},
           "/b/bzImage"),
      MakeSide("patched",
           {MakeRun("x86_64", "none",
                {MakeCase("IoasUnmap.Length", CaseStatus::kFailed, "Expected length 8192")})},
           "/cache/kernels/p/bzImage"));
  report.exit_code = 1;
  auto lines = LinesOf(FormatSummary(report));
  ASSERT_GE(lines.size(), 2u);
  EXPECT_THAT(lines[0], StartsWith("iommufd-conform gate: REGRESSION"));
  EXPECT_THAT(lines[0], HasSubstr("x86_64:none"));
  EXPECT_THAT(lines[0], HasSubstr("IoasUnmap.Length"));
  EXPECT_EQ(lines[1],
            "reproduce: iommufd-conform run --target vm --backend diff --platform x86_64:none "
            "--kernel '/cache/kernels/p/bzImage' --filter 'IoasUnmap.Length'");
  std::string text = FormatSummary(report);
  EXPECT_THAT(text, HasSubstr("Expected length 8192"));
  EXPECT_THAT(text, HasSubstr("Not checked by this gate:\n  - regression corpus replay"));
  EXPECT_THAT(text, HasSubstr("exit status 1."));
}

TEST(GateSummaryTest, PassHasNoReproducerAndShowsBothSidesCounts) {
  auto run = MakeRun("x86_64", "none",
                 {MakeCase("A.B", CaseStatus::kPassed), MakeCase("A.C", CaseStatus::kSkipped)});
  GateReport report =
      MakeReport(MakeSide("base", {run}, "/b/bzImage"), MakeSide("patched", {run}, "/p/bzImage"));
  std::string text = FormatSummary(report);
  EXPECT_THAT(LinesOf(text)[0], StartsWith("iommufd-conform gate: PASS"));
  EXPECT_THAT(text, Not(HasSubstr("reproduce:")));
  EXPECT_THAT(text, HasSubstr("base   1 passed   0 failed   1 skipped | patched   1 passed"));
}

TEST(GateSummaryTest, AFailNthRegressionIsReproducedByWalkingThePatchedKernelAgain) {
  auto run = MakeRun("x86_64", "none", {MakeCase("A.B", CaseStatus::kPassed)});
  GateSide base = MakeSide("base", {run}, "/b/bzImage");
  GateSide patched = MakeSide("patched", {run}, "/p/bzImage");
  base.walks = {{.arch = "x86_64", .platform = "none", .finished = true, .runs = 40,
                 .fault_sites = 31, .outcome = "40 runs over 31 fault sites, clean",
                 .from_cache = true}};
  patched.walks = base.walks;
  patched.walks[0].from_cache = false;
  patched.walks[0].findings = {{"ioas_map: fault at call 2 (IOMMU_IOAS_MAP), divergence at "
                                "IOMMU_IOAS_UNMAP", "IOMMU_IOAS_UNMAP length"}};
  patched.walks[0].outcome = "40 runs over 31 fault sites, 1 finding(s)";
  patched.walks[0].reproduce = "iommufd-conform fuzz --target vm --mode fail-nth --kernel /p";
  std::vector<std::string> lines = LinesOf(FormatSummary(MakeReport(base, patched)));
  EXPECT_EQ(lines[0], "iommufd-conform gate: REGRESSION (1): new fail-nth finding on "
                      "x86_64:none: the fail-nth walk: ioas_map: fault at call 2 "
                      "(IOMMU_IOAS_MAP), divergence at IOMMU_IOAS_UNMAP");
  EXPECT_EQ(lines[1], "reproduce: iommufd-conform fuzz --target vm --mode fail-nth --kernel /p");
  EXPECT_THAT(FormatSummary(MakeReport(base, patched)),
              HasSubstr("x86_64:none      base 40 runs over 31 fault sites, clean (cached) | "
                        "patched 40 runs over 31 fault sites, 1 finding(s)"));
}

TEST(GateSummaryTest, UncheckedUapiSaysWhy) {
  auto run = MakeRun("x86_64", "none", {MakeCase("A.B", CaseStatus::kPassed)});
  GateReport report = MakeReport(MakeSide("base", {run}, "/b"), MakeSide("patched", {run}, "/p"),
                             {.checked = false, .not_checked_reason = "no uAPI file changed"});
  EXPECT_THAT(FormatSummary(report), HasSubstr("uAPI headers: not checked: no uAPI file changed"));
}

TEST(GateSummaryTest, ManyRegressionsAreCappedWithACount) {
  PlatformRun base = MakeRun("x86_64", "none", {});
  PlatformRun patched = MakeRun("x86_64", "none", {});
  for (int i = 0; i < 30; ++i) {
    std::string name = "A.Case" + std::to_string(100 + i);
    base.config.cases.push_back(MakeCase(name, CaseStatus::kPassed));
    patched.config.cases.push_back(MakeCase(name, CaseStatus::kFailed, "evidence " + name));
  }
  GateReport report = MakeReport(MakeSide("base", {base}, "/b"), MakeSide("patched", {patched}, "/p"));
  std::string text = FormatSummary(report);
  EXPECT_THAT(text, HasSubstr("evidence A.Case104"));
  EXPECT_THAT(text, Not(HasSubstr("evidence A.Case105")));
  EXPECT_THAT(text, HasSubstr("A.Case119: fails"));
  EXPECT_THAT(text, Not(HasSubstr("A.Case120")));
  EXPECT_THAT(text, HasSubstr("... and 10 more (all in gate.json and junit.xml)"));
}

TEST(GateSummaryTest, BuildFailureShowsTheLogTail) {
  GateSide patched = MakeSide("patched", {}, "");
  patched.builds[0].error = MakeError(HarnessErrorKind::kBuildFailed,
                                      "make failed; last lines:\nioas.c:351: error: 'x' undeclared");
  GateReport report = MakeReport(MakeSide("base", {}, "/b"), patched);
  std::string text = FormatSummary(report);
  EXPECT_THAT(LinesOf(text)[0], StartsWith("iommufd-conform gate: BUILD FAILED"));
  EXPECT_THAT(text, HasSubstr("does not build for x86_64:\n  make failed; last lines:\n"
                              "  ioas.c:351: error: 'x' undeclared\n"));
}

GateReport PassingReport() {
  return MakeReport(
      MakeSide("base", {MakeRun("x86_64", "none", {MakeCase("A.B", CaseStatus::kPassed)})}, "/b"),
      MakeSide("patched", {MakeRun("x86_64", "none", {MakeCase("A.B", CaseStatus::kPassed)})},
               "/p"));
}

TEST(GateSummaryTest, UnexecutedChangedLinesFollowTheVerdictAndAreNoRegression) {
  GateReport report = PassingReport();
  report.coverage = MakeCoverage();
  std::string text = FormatSummary(report);
  auto lines = LinesOf(text);
  ASSERT_GE(lines.size(), 5u);
  EXPECT_THAT(lines[0], StartsWith("iommufd-conform gate: PASS"));
  EXPECT_EQ(lines[2], "Changed lines no case executed (gcov; to review, not a regression):");
  EXPECT_EQ(lines[3], "  drivers/iommu/intel/iommu.c:");
  EXPECT_EQ(lines[4], "      4321: \t\treturn -ENOSPC;");
  EXPECT_THAT(text, HasSubstr("Changed-line coverage (gcov kernel of the patched tree, the suite "
                              "with the kernel backend): 3 of 4 changed executable line(s) ran "
                              "(5 changed line(s) in 2 file(s)); 1 ran in no case\n"));
  EXPECT_THAT(text, HasSubstr("  drivers/iommu/iommufd/pages.c                  3 changed,   2 "
                              "executable,   2 ran\n"));
  EXPECT_THAT(text, HasSubstr("  run x86_64:none: exit 0 after 25 s, 14 .gcda files\n"));
}

TEST(GateSummaryTest, EveryChangedLineRunListsNoneAndSkippedCoverageSaysNothingMeasured) {
  GateReport report = PassingReport();
  report.coverage = MakeCoverage();
  report.coverage.files[1].executed.push_back(4321);
  report.coverage.files[1].not_executed.clear();
  std::string text = FormatSummary(report);
  EXPECT_THAT(text, Not(HasSubstr("Changed lines no case executed")));
  EXPECT_THAT(text, HasSubstr("4 of 4 changed executable line(s) ran"));

  report.coverage = {.state = ChangedLineCoverage::State::kSkipped, .note = "--no-coverage"};
  EXPECT_THAT(FormatSummary(report), Not(HasSubstr("Changed-line coverage")));
}

}  // namespace
}  // namespace iommufd_conform::gate
