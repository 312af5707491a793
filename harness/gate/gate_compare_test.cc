#include "harness/gate/gate_compare.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "harness/gate/gate_test_data.h"
#include "harness/gate/gate_verdict.h"

namespace iommufd_conform::gate {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;
using ::testing::StartsWith;
using namespace gate_test;  // NOLINT: the hand-made result builders

constexpr CaseStatus kPass = CaseStatus::kPassed;
constexpr CaseStatus kFail = CaseStatus::kFailed;
constexpr CaseStatus kSkip = CaseStatus::kSkipped;

GateSide Base(std::initializer_list<PlatformRun> runs) { return MakeSide("base", runs, "/b/bzImage"); }
GateSide Patched(std::initializer_list<PlatformRun> runs) {
  return MakeSide("patched", runs, "/p/bzImage");
}

TEST(GateCompareTest, IdenticalResultsPass) {
  auto run = MakeRun("x86_64", "none", {MakeCase("IoasMap.A", kPass), MakeCase("IoasMap.B", kSkip)});
  GateReport report = MakeReport(Base({run}), Patched({run}));
  EXPECT_THAT(report.findings, IsEmpty());
  EXPECT_EQ(report.verdict.kind, Verdict::Kind::kPass);
}

TEST(GateCompareTest, CaseThatPassedOnBaseAndFailsPatchedIsARegression) {
  GateReport report =
      MakeReport(Base({MakeRun("x86_64", "none", {MakeCase("IoasUnmap.Length", kPass)})}),
             Patched({MakeRun("x86_64", "none", {MakeCase("IoasUnmap.Length", kFail, "length 4096")})}));
  ASSERT_THAT(report.findings, SizeIs(1));
  EXPECT_EQ(report.findings[0].kind, FindingKind::kNewFailure);
  EXPECT_EQ(report.findings[0].test, "IoasUnmap.Length");
  EXPECT_EQ(report.findings[0].evidence, "length 4096");
  EXPECT_EQ(report.verdict.kind, Verdict::Kind::kRegression);
  EXPECT_THAT(report.verdict.headline, HasSubstr("on x86_64:none"));
  EXPECT_THAT(report.verdict.headline, HasSubstr("IoasUnmap.Length"));
}

TEST(GateCompareTest, FailureTheBaseAlreadyHadIsNotThePatchsFault) {
  auto run = MakeRun("x86_64", "none", {MakeCase("IoasMap.Known", kFail)});
  GateReport report = MakeReport(Base({run}), Patched({run}));
  EXPECT_THAT(report.findings, IsEmpty());
  EXPECT_EQ(report.verdict.kind, Verdict::Kind::kPass);
}

TEST(GateCompareTest, FixedAndSkippedCasesAreReportedButDoNotRegress) {
  GateReport report = MakeReport(
      Base({MakeRun("x86_64", "vtd", {MakeCase("A.Fixed", kFail), MakeCase("A.NowSkips", kPass)})}),
      Patched({MakeRun("x86_64", "vtd", {MakeCase("A.Fixed", kPass), MakeCase("A.NowSkips", kSkip)})}));
  ASSERT_THAT(report.findings, SizeIs(2));
  EXPECT_EQ(report.findings[0].kind, FindingKind::kFixed);
  EXPECT_EQ(report.findings[1].kind, FindingKind::kChangedOutcome);
  EXPECT_EQ(report.verdict.kind, Verdict::Kind::kPass);
}

TEST(GateCompareTest, OnlyDivergenceSignaturesTheBaseLackedAreNew) {
  PlatformRun base = MakeRun("x86_64", "none", {MakeCase("A.B", kFail)});
  base.divergences = {{"A.B", "IOMMU_IOAS_MAP", "result", "r1"}};
  PlatformRun patched = MakeRun("x86_64", "none", {MakeCase("A.B", kFail)});
  patched.divergences = {{"A.Other", "IOMMU_IOAS_MAP", "result", "r2"},
                         {"A.B", "IOMMU_IOAS_UNMAP", "length", "r3"},
                         {"A.C", "IOMMU_IOAS_UNMAP", "length", "r4"}};
  GateReport report = MakeReport(Base({base}), Patched({patched}));
  ASSERT_THAT(report.findings, SizeIs(1));  // the same signature twice is one finding
  EXPECT_EQ(report.findings[0].kind, FindingKind::kNewDivergence);
  EXPECT_THAT(report.findings[0].detail, HasSubstr("IOMMU_IOAS_UNMAP length"));
  EXPECT_EQ(report.findings[0].evidence, "r3");
  EXPECT_EQ(report.verdict.kind, Verdict::Kind::kRegression);
}

TEST(GateCompareTest, PatchedSplatIsARegressionAndKeepsItsCases) {
  PlatformRun patched = MakeRun("arm64", "smmuv3", {MakeCase("A.B", kPass)});
  patched.config.harness_error =
      MakeError(HarnessErrorKind::kGuestCrashed, "BUG: KASAN: use-after-free in iopt_unmap\n...");
  GateReport report = MakeReport(Base({MakeRun("arm64", "smmuv3", {MakeCase("A.B", kPass)})}),
                             Patched({patched}));
  ASSERT_THAT(report.findings, SizeIs(1));
  EXPECT_EQ(report.findings[0].kind, FindingKind::kNewSplat);
  EXPECT_THAT(report.findings[0].detail, HasSubstr("KASAN: use-after-free"));
  EXPECT_EQ(report.verdict.kind, Verdict::Kind::kRegression);
}

TEST(GateCompareTest, BaseThatDidNotDeliverIsBaseBrokenNeverARegression) {
  PlatformRun base = MakeRun("x86_64", "amd", {});
  base.config.harness_error = MakeError(HarnessErrorKind::kBootFailed, "boot timeout");
  GateReport report =
      MakeReport(Base({base}), Patched({MakeRun("x86_64", "amd", {MakeCase("A.B", kFail)})}));
  ASSERT_THAT(report.findings, SizeIs(1));
  EXPECT_EQ(report.findings[0].kind, FindingKind::kBaseBroken);
  EXPECT_EQ(report.verdict.kind, Verdict::Kind::kBaseBroken);
  EXPECT_EQ(report.verdict.error, HarnessErrorKind::kBootFailed);
  EXPECT_THAT(report.verdict.headline, StartsWith("BASE BROKEN on x86_64:amd"));
}

TEST(GateCompareTest, RegressionElsewhereOutranksABrokenBase) {
  PlatformRun broken = MakeRun("x86_64", "amd", {});
  broken.config.harness_error = MakeError(HarnessErrorKind::kBootFailed, "boot timeout");
  GateReport report = MakeReport(
      Base({broken, MakeRun("x86_64", "none", {MakeCase("A.B", kPass)})}),
      Patched({MakeRun("x86_64", "amd", {}), MakeRun("x86_64", "none", {MakeCase("A.B", kFail)})}));
  EXPECT_EQ(report.verdict.kind, Verdict::Kind::kRegression);
  EXPECT_THAT(report.verdict.headline, HasSubstr("x86_64:none"));
}

TEST(GateCompareTest, PatchedTreeThatDoesNotBuildIsABuildFailure) {
  GateSide patched = Patched({});
  patched.builds[0].error = MakeError(HarnessErrorKind::kBuildFailed, "ioas.c:12: error: x");
  GateReport report = MakeReport(Base({}), patched);
  EXPECT_EQ(report.verdict.kind, Verdict::Kind::kBuildFailed);
  EXPECT_EQ(report.verdict.error, HarnessErrorKind::kBuildFailed);
  EXPECT_THAT(report.verdict.headline, HasSubstr("ioas.c:12: error: x"));
}

TEST(GateCompareTest, BaseThatDoesNotBuildIsBaseBroken) {
  GateSide base = Base({});
  base.builds[0].error = MakeError(HarnessErrorKind::kBuildFailed, "main.c: error");
  GateReport report = MakeReport(base, Patched({MakeRun("x86_64", "none", {MakeCase("A.B", kFail)})}));
  EXPECT_EQ(report.verdict.kind, Verdict::Kind::kBaseBroken);
  EXPECT_EQ(report.verdict.error, HarnessErrorKind::kBuildFailed);
}

TEST(GateCompareTest, AbiBreakIsARegressionAndACompatibleChangeIsNot) {
  auto run = MakeRun("x86_64", "none", {MakeCase("A.B", kPass)});
  GateReport grown = MakeReport(Base({run}), Patched({run}),
                            {.checked = true, .reviews = {"struct iommu_x: ours size 8, kernel 16"}});
  EXPECT_EQ(grown.verdict.kind, Verdict::Kind::kPass);
  ASSERT_THAT(grown.findings, SizeIs(1));
  EXPECT_EQ(grown.findings[0].kind, FindingKind::kUapiChange);
  GateReport broken =
      MakeReport(Base({run}), Patched({run}),
             {.checked = true, .breaks = {"IOMMU_IOAS_MAP: ours 0x3b85, kernel 0x3b99"}});
  EXPECT_EQ(broken.verdict.kind, Verdict::Kind::kRegression);
  EXPECT_THAT(broken.verdict.headline, HasSubstr("uAPI break"));
}

TEST(GateCompareTest, AUapiBreakLeadsTheFailuresItCauses) {
  GateReport report = MakeReport(
      Base({MakeRun("x86_64", "none", {MakeCase("A.Map", kPass)})}),
      Patched({MakeRun("x86_64", "none", {MakeCase("A.Map", kFail)})}),
      {.checked = true, .breaks = {"IOMMU_IOAS_MAP_READABLE: ours 0x4, kernel 0x8"}});
  ASSERT_THAT(report.findings, SizeIs(2));
  EXPECT_EQ(report.findings[0].kind, FindingKind::kAbiBreak);
  EXPECT_THAT(report.verdict.headline, HasSubstr("uAPI break: IOMMU_IOAS_MAP_READABLE"));
}

TEST(GateCompareTest, RegressionsComeBeforeOtherFindings) {
  GateReport report = MakeReport(
      Base({MakeRun("x86_64", "none", {MakeCase("A.Fixed", kFail), MakeCase("Z.Broken", kPass)})}),
      Patched({MakeRun("x86_64", "none", {MakeCase("A.Fixed", kPass), MakeCase("Z.Broken", kFail)})}));
  ASSERT_THAT(report.findings, SizeIs(2));
  EXPECT_EQ(report.findings[0].kind, FindingKind::kNewFailure);
  EXPECT_EQ(report.findings[1].kind, FindingKind::kFixed);
}

FuzzReplay Replay(std::string finding = "", bool finished = true) {
  return {.arch = "x86_64", .platform = "none", .corpus = "fuzz/corpus/model", .inputs = 739,
          .executed = finding.empty() && finished ? 739 : 12, .finished = finished,
          .finding = std::move(finding), .report = "IOMMU_IOAS_MAP: kernel ok, model EINVAL",
          .error = {}, .reproduce = "iommufd-conform vm exec ..."};
}

GateReport ReplayReport(FuzzReplay base, FuzzReplay patched) {
  auto run = MakeRun("x86_64", "none", {MakeCase("IoasMap.A", kPass)});
  GateSide before = Base({run}), after = Patched({run});
  before.replays = {std::move(base)};
  after.replays = {std::move(patched)};
  return MakeReport(std::move(before), std::move(after));
}

TEST(GateCompareTest, AReplayThatStopsAtANewFindingIsARegression) {
  GateReport report = ReplayReport(Replay(), Replay("IOMMU_IOAS_MAP result: kernel ok, model EINVAL"));
  ASSERT_THAT(report.findings, SizeIs(1));
  EXPECT_EQ(report.findings[0].kind, FindingKind::kNewFuzzFinding);
  EXPECT_EQ(report.findings[0].detail,
            "the fuzz corpus replay stopped at IOMMU_IOAS_MAP result: kernel ok, model EINVAL");
  EXPECT_EQ(report.verdict.kind, Verdict::Kind::kRegression);
  EXPECT_EQ(ReproduceCommand(report, report.findings[0]), "iommufd-conform vm exec ...");
}

TEST(GateCompareTest, AReplayStoppingWhereTheBaseStoppedIsNoRegression) {
  GateReport report = ReplayReport(Replay("X result"), Replay("X result"));
  EXPECT_THAT(report.findings, IsEmpty());
  EXPECT_EQ(report.verdict.kind, Verdict::Kind::kPass);
}

TEST(GateCompareTest, AReplayCutShortWithoutAFindingIsARegression) {
  GateReport report = ReplayReport(Replay(), Replay("", false));
  ASSERT_THAT(report.findings, SizeIs(1));
  EXPECT_EQ(report.findings[0].detail, "the fuzz corpus replay stopped early after 12 inputs");
}

TEST(GateCompareTest, AReplayGuestThatDiedIsARegressionUnlessTheBaseDiedToo) {
  FuzzReplay crashed = Replay();
  crashed.error = HarnessError{HarnessErrorKind::kGuestCrashed, "BUG: unable to handle page"};
  GateReport report = ReplayReport(Replay(), crashed);
  ASSERT_THAT(report.findings, SizeIs(1));
  EXPECT_EQ(report.findings[0].kind, FindingKind::kNewFuzzFinding);
  EXPECT_THAT(report.findings[0].detail, HasSubstr("did not deliver: BUG: unable"));

  GateReport both = ReplayReport(crashed, crashed);
  ASSERT_THAT(both.findings, SizeIs(1));
  EXPECT_EQ(both.findings[0].kind, FindingKind::kBaseBroken);
}

TEST(GateCompareTest, DescribesAReplay) {
  EXPECT_EQ(DescribeReplay(Replay()), "739 of 739 inputs, clean");
  EXPECT_EQ(DescribeReplay(Replay("S")), "stopped at input 12 of 739: S");
}

CaseResult Reproducer(BugVerdict verdict) {
  CaseResult result = MakeCase("KernelBugs.UnmapAllCountsTwice", kPass, "expected failure");
  result.bug_verdict = verdict;
  result.bug_id = "unmap-all-double-count";
  return result;
}

GateReport VerdictReport(BugVerdict base, BugVerdict patched) {
  return MakeReport(Base({MakeRun("x86_64", "none", {Reproducer(base)})}),
                    Patched({MakeRun("x86_64", "none", {Reproducer(patched)})}));
}

TEST(GateCompareTest, AKnownBugsReproducerPassingPatchedIsAFix) {
  GateReport report = VerdictReport(BugVerdict::kXfail, BugVerdict::kXpass);
  ASSERT_THAT(report.findings, SizeIs(1));
  EXPECT_EQ(report.findings[0].kind, FindingKind::kFixed);
  EXPECT_THAT(report.findings[0].detail, HasSubstr("unmap-all-double-count passes"));
  EXPECT_EQ(report.verdict.kind, Verdict::Kind::kPass);
  EXPECT_THAT(VerdictReport(BugVerdict::kXfail, BugVerdict::kXfail).findings, IsEmpty());
}

TEST(GateCompareTest, AKnownBugTheBaseDidNotHaveComingBackIsARegression) {
  GateReport report = VerdictReport(BugVerdict::kXpass, BugVerdict::kXfail);
  ASSERT_THAT(report.findings, SizeIs(1));
  EXPECT_EQ(report.findings[0].kind, FindingKind::kNewFailure);
  EXPECT_THAT(report.findings[0].detail, HasSubstr("fails again on the patched kernel"));
  EXPECT_EQ(report.verdict.kind, Verdict::Kind::kRegression);
}

FailNthWalk Walk(std::vector<FailNthIssue> findings = {},
                 std::map<std::string, int> errnos = {{"ioas_map: IOMMU_IOAS_MAP ENOMEM", 5}}) {
  return {.arch = "x86_64", .platform = "none", .finished = true, .runs = 1132,
          .fault_sites = 1015, .findings = std::move(findings), .errnos_by_call = std::move(errnos),
          .outcome = "1132 runs over 1015 fault sites", .reproduce = "iommufd-conform fuzz ..."};
}

GateReport WalkReport(FailNthWalk base, FailNthWalk patched) {
  auto run = MakeRun("x86_64", "none", {MakeCase("IoasMap.A", kPass)});
  GateSide before = Base({run}), after = Patched({run});
  before.walks = {std::move(base)};
  after.walks = {std::move(patched)};
  return MakeReport(std::move(before), std::move(after));
}

const FailNthIssue kLeak = {"ioas_map: fault at call 2 (IOMMU_IOAS_MAP), divergence at "
                            "IOMMU_IOAS_UNMAP",
                            "IOMMU_IOAS_UNMAP length: kernel 8192, model 0"};

TEST(GateCompareTest, AFailNthFindingTheBaseLackedIsARegression) {
  GateReport report = WalkReport(Walk(), Walk({kLeak}));
  ASSERT_THAT(report.findings, SizeIs(1));
  EXPECT_EQ(report.findings[0].kind, FindingKind::kNewFailNthFinding);
  EXPECT_EQ(report.findings[0].detail, "the fail-nth walk: " + kLeak.signature);
  EXPECT_EQ(report.findings[0].evidence, kLeak.evidence);
  EXPECT_EQ(report.verdict.kind, Verdict::Kind::kRegression);
  EXPECT_EQ(ReproduceCommand(report, report.findings[0]), "iommufd-conform fuzz ...");

  GateReport both = WalkReport(Walk({kLeak}), Walk({kLeak}));
  EXPECT_THAT(both.findings, IsEmpty());
}

TEST(GateCompareTest, AFailNthSplatOrCrashOnThePatchedKernelIsARegression) {
  FailNthWalk splat = Walk();
  splat.splats = {{"ioas_map call 2: WARNING: CPU: _ PID: _ at pages.c:_", "WARNING: ..."}};
  GateReport report = WalkReport(Walk(), splat);
  ASSERT_THAT(report.findings, SizeIs(1));
  EXPECT_THAT(report.findings[0].detail, HasSubstr("kernel splat ioas_map call 2: WARNING"));

  FailNthWalk crashed = Walk();
  crashed.finished = false;
  crashed.error = HarnessError{HarnessErrorKind::kGuestCrashed, "Kernel panic"};
  crashed.outcome = "did not finish (last: run ioas_map call 2)";
  GateReport died = WalkReport(Walk(), crashed);
  ASSERT_THAT(died.findings, SizeIs(1));
  EXPECT_EQ(died.findings[0].kind, FindingKind::kNewFailNthFinding);
  EXPECT_THAT(died.findings[0].detail, HasSubstr("did not deliver: did not finish"));

  GateReport base_died = WalkReport(crashed, Walk());
  ASSERT_THAT(base_died.findings, SizeIs(1));
  EXPECT_EQ(base_died.findings[0].kind, FindingKind::kBaseBroken);
}

TEST(GateCompareTest, OtherErrnosUnderInjectedFaultsAreToReviewNotARegression) {
  GateReport report =
      WalkReport(Walk(), Walk({}, {{"ioas_map: IOMMU_IOAS_MAP ENOMEM", 6},
                                   {"ioas_map: IOMMU_IOAS_MAP EFAULT", 1}}));
  ASSERT_THAT(report.findings, SizeIs(1));
  EXPECT_EQ(report.findings[0].kind, FindingKind::kChangedOutcome);
  EXPECT_EQ(report.findings[0].evidence, "+ ioas_map: IOMMU_IOAS_MAP EFAULT\n");
  EXPECT_EQ(report.verdict.kind, Verdict::Kind::kPass);
}

}  // namespace
}  // namespace iommufd_conform::gate
