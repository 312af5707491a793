#include "harness/gate/mutation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace iommufd_conform::gate {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

Finding Failure(const std::string& test, const std::string& message) {
  return {FindingKind::kNewFailure, "x86_64", "none", test, "fails on the patched kernel",
          message};
}

TEST(ClassifyFindingsTest, NamesEachCheckThatFired) {
  MutantResult result;
  ClassifyFindings(
      {Failure("IoasUnmapTest.ReportsLength", "Expected: MapOk\n  Actual: EINVAL"),
       Failure("IoasMapTest.X", "the model diverged from the kernel\nIOMMU_IOAS_MAP ..."),
       {FindingKind::kNewSplat, "x86_64", "vtd", "", "WARNING at pages.c", ""},
       {FindingKind::kNewFailNthFinding, "x86_64", "none", "", "the fail-nth walk: ...", ""},
       {FindingKind::kFixed, "x86_64", "none", "A.B", "passes", ""}},
      result);
  EXPECT_EQ(result.fate, MutantFate::kKilled);
  EXPECT_THAT(result.killed_by, ElementsAre(KillCheck::kExpectation, KillCheck::kDivergence,
                                            KillCheck::kSplat, KillCheck::kFailNth));
  ASSERT_EQ(result.evidence.size(), 4u);
  EXPECT_EQ(result.evidence[0],
            "x86_64:none expectation: IoasUnmapTest.ReportsLength: fails on the patched "
            "kernel — Expected: MapOk");
}

TEST(ClassifyFindingsTest, OnlyReviewFindingsMeanSurvived) {
  MutantResult result;
  ClassifyFindings({{FindingKind::kChangedOutcome, "x86_64", "none", "A.B", "skipped", ""}},
                   result);
  EXPECT_EQ(result.fate, MutantFate::kSurvived);
  EXPECT_TRUE(result.killed_by.empty());
}

TEST(ClassifyFindingsTest, ABrokenBaseMeasuresNothing) {
  MutantResult result;
  ClassifyFindings({Failure("A.B", "x"),
                    {FindingKind::kBaseBroken, "x86_64", "vtd", "", "base did not deliver", ""}},
                   result);
  EXPECT_EQ(result.fate, MutantFate::kNotMeasured);
  EXPECT_THAT(result.note, HasSubstr("base broken on x86_64:vtd"));
}

TEST(MutantResultJsonTest, RoundTrips) {
  MutantResult result{.id = "019-x", .subject = "s", .kind = "k", .identity = "abc",
                      .platforms = {"x86_64:none"}, .fate = MutantFate::kKilled,
                      .killed_by = {KillCheck::kDivergence, KillCheck::kNoDelivery},
                      .evidence = {"e"}, .selftests_ran = true,
                      .selftest_kills = {"iommufd: a fails"}, .note = "", .seconds = 12.5,
                      .project_commit = "0123abc"};
  auto back = MutantResultFromJson(MutantResultToJson(result));
  ASSERT_TRUE(back);
  EXPECT_EQ(MutantResultToJson(*back), MutantResultToJson(result));
  nlohmann::json bad = MutantResultToJson(result);
  bad["fate"] = "zombie";
  EXPECT_FALSE(MutantResultFromJson(bad));
}

TEST(SurvivorNotesTest, ReadsBlocksWithContinuations) {
  auto notes = ParseSurvivorNotes(
      "# comment\n"
      "011-x: the overflow check moved after the flags check;\n"
      "  both answer EOVERFLOW for every input a user can pass.\n"
      "045-y: closed by IoasTest.Z\n");
  EXPECT_EQ(notes.size(), 2u);
  EXPECT_EQ(notes["011-x"],
            "the overflow check moved after the flags check; both answer EOVERFLOW for every "
            "input a user can pass.");
}

MutationReport Report() {
  MutationReport report{.kernel = "Linux 7.2", .command = "iommufd-conform mutate --tree t",
                        .project_commit = "0123abc", .date = "2026-12-07T08:00:00Z"};
  report.results.push_back({.id = "001-a", .subject = "a | b", .fate = MutantFate::kKilled,
                            .killed_by = {KillCheck::kDivergence}, .selftests_ran = true});
  report.results.push_back({.id = "002-b", .subject = "b", .fate = MutantFate::kSurvived,
                            .selftests_ran = true, .selftest_kills = {"iommufd: x fails"}});
  report.results.push_back({.id = "003-c", .subject = "c", .fate = MutantFate::kKilled,
                            .killed_by = {KillCheck::kExpectation}, .selftests_ran = true,
                            .selftest_kills = {"iommufd: y fails"}});
  report.results.push_back({.id = "004-d", .subject = "d", .fate = MutantFate::kNotMeasured,
                            .note = "not run yet (budget, or --only)"});
  return report;
}

TEST(MutationReportTest, CountsOnlyMeasuredMutantsAndNamesTheCommand) {
  std::string text = FormatMutationReport(Report());
  EXPECT_THAT(text, HasSubstr("Produced by `iommufd-conform mutate --tree t` from project "
                              "commit `0123abc`"));
  EXPECT_THAT(text, HasSubstr("**Kill rate of the suite: 2 of 3 measured (66.7%).**"));
  EXPECT_THAT(text, HasSubstr("selftests on the mutants where they ran: 2 of 3 (66.7%)"));
  EXPECT_THAT(text, HasSubstr("Killed by the suite and not by the selftests: 1."));
  EXPECT_THAT(text, HasSubstr("| 001-a | a \\| b | "));
  EXPECT_THAT(text, HasSubstr("- **002-b** (b): not yet examined."));
  EXPECT_THAT(text, HasSubstr("- 004-d: not measured — not run yet"));
}

TEST(MutationReportTest, NamesEveryBuildThatMeasuredAMutant) {
  MutationReport report = Report();
  report.results[0].project_commit = "0123abc";
  report.results[1].project_commit = "0123abc";
  report.results[2].project_commit = "4567def";
  EXPECT_THAT(FormatMutationReport(report),
              HasSubstr("measured (results kept between runs) by the builds of `0123abc` (2), "
                        "`4567def` (1)."));
  report.results[2].project_commit = "0123abc";
  EXPECT_THAT(FormatMutationReport(report), Not(HasSubstr("results kept between runs")));
}

TEST(MutationReportTest, ASurvivorIsExplainedByItsNote) {
  MutationReport report = Report();
  EXPECT_THAT(UnexplainedSurvivors(report), ElementsAre("002-b"));
  report.survivor_notes["002-b"] = "equivalent: the two checks always agree";
  EXPECT_TRUE(UnexplainedSurvivors(report).empty());
  EXPECT_THAT(FormatMutationReport(report),
              AllOf(HasSubstr("- **002-b** (b): equivalent: the two checks always agree"),
                    Not(HasSubstr("not yet examined"))));
}

}  // namespace
}  // namespace iommufd_conform::gate
