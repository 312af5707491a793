#include "harness/results/case_stream.h"

#include <gtest/gtest.h>

namespace iommufd_conform {
namespace {

CaseResult Failing() {
  return CaseResult{"IoasMapTest",
                    "FixedMapOverlap",
                    "/src/suites/ioas/ioas_map_test.cc",
                    CaseStatus::kFailed,
                    "/src/suites/ioas/ioas_map_test.cc:40\nValue of: x 100% wrong\n"
                    "\tExpected: EEXIST",
                    0.25,
                    "IOMMU_IOAS_MAP: [some-id] reason",
                    "IOMMU_TEST_OP_MD_CHECK_MAP"};
}

CaseResult Passing(std::string name) {
  return CaseResult{"IoasUnmapTest", std::move(name), "/src/u.cc", CaseStatus::kPassed,
                    "",              0.001,           "",          ""};
}

TEST(CaseStreamTest, AnEndLineCarriesEveryFieldOfTheCase) {
  CaseStreamReader reader;
  reader.Feed(FormatCaseStart("IoasMapTest", "FixedMapOverlap"));
  std::string line = FormatCaseEnd(Failing());
  EXPECT_EQ(line.find('\n'), std::string::npos);
  reader.Feed(line);
  ASSERT_EQ(reader.finished().size(), 1u);
  const CaseResult& got = reader.finished()[0];
  EXPECT_EQ(got.suite, "IoasMapTest");
  EXPECT_EQ(got.name, "FixedMapOverlap");
  EXPECT_EQ(got.file, "/src/suites/ioas/ioas_map_test.cc");
  EXPECT_EQ(got.status, CaseStatus::kFailed);
  EXPECT_EQ(got.message, Failing().message);
  EXPECT_DOUBLE_EQ(got.seconds, 0.25);
  EXPECT_EQ(got.expected_divergences, "IOMMU_IOAS_MAP: [some-id] reason");
  EXPECT_EQ(got.not_covered, "IOMMU_TEST_OP_MD_CHECK_MAP");
  EXPECT_FALSE(reader.running());
  EXPECT_EQ(reader.garbled(), 0);
}

TEST(CaseStreamTest, AReproducersVerdictAndEntryArePassedOn) {
  CaseStreamReader reader;
  CaseResult xfail = Passing("StillBroken");
  xfail.bug_verdict = BugVerdict::kXfail;
  xfail.bug_id = "some-bug";
  xfail.message = "u.cc:3\nthe bug showed";
  CaseResult xpass = Passing("Fixed");
  xpass.bug_verdict = BugVerdict::kXpass;
  xpass.bug_id = "other-bug";
  reader.Feed(FormatCaseEnd(xfail));
  reader.Feed(FormatCaseEnd(xpass));
  reader.Feed(FormatCaseEnd(Passing("Plain")));
  ASSERT_EQ(reader.finished().size(), 3u);
  EXPECT_EQ(reader.finished()[0].bug_verdict, BugVerdict::kXfail);
  EXPECT_EQ(reader.finished()[0].bug_id, "some-bug");
  EXPECT_EQ(reader.finished()[0].message, "u.cc:3\nthe bug showed");
  EXPECT_EQ(reader.finished()[1].bug_verdict, BugVerdict::kXpass);
  EXPECT_EQ(reader.finished()[1].bug_id, "other-bug");
  EXPECT_EQ(reader.finished()[2].bug_verdict, BugVerdict::kNone);
}

TEST(CaseStreamTest, APartialStreamNamesTheRunningCase) {
  CaseStreamReader reader;
  reader.Feed(FormatCaseStart("IoasUnmapTest", "A"));
  reader.Feed(FormatCaseEnd(Passing("A")));
  reader.Feed(FormatCaseStart("IoasUnmapTest", "B"));
  ASSERT_EQ(reader.finished().size(), 1u);
  EXPECT_EQ(reader.running(), "IoasUnmapTest.B");
  EXPECT_EQ(reader.Progress(), "while IoasUnmapTest.B was running; 1 finished case kept");
}

TEST(CaseStreamTest, ConsoleNoiseAroundAndBeforeTheLinesIsIgnored) {
  CaseStreamReader reader;
  reader.Feed("[    1.234] iommufd: some kernel message");
  reader.Feed("[ RUN      ] IoasUnmapTest.A");
  // A kernel message printed just before our line, on the same console line.
  reader.Feed("[    1.300] vfio-pci 0000:00:03.0: enabling device " +
              FormatCaseStart("IoasUnmapTest", "A"));
  reader.Feed("[       OK ] IoasUnmapTest.A (1 ms)");
  reader.Feed("\x1b[0m" + FormatCaseEnd(Passing("A")));
  ASSERT_EQ(reader.finished().size(), 1u);
  EXPECT_EQ(reader.finished()[0].name, "A");
  EXPECT_EQ(reader.garbled(), 0);
}

TEST(CaseStreamTest, ALineCutInTheMiddleIsRejectedNotMisread) {
  std::string whole = FormatCaseEnd(Failing());
  for (size_t cut : {whole.size() - 1, whole.size() / 2, std::string(kCaseEndMarker).size() + 3}) {
    CaseStreamReader reader;
    reader.Feed(FormatCaseStart("IoasMapTest", "FixedMapOverlap"));
    reader.Feed(whole.substr(0, cut));
    EXPECT_TRUE(reader.finished().empty()) << "cut at " << cut;
    EXPECT_EQ(reader.garbled(), 1);
    EXPECT_EQ(reader.running(), "IoasMapTest.FixedMapOverlap");
  }
}

// As seen on a 7.2 guest's console: the mock driver's printk lands inside our line.
TEST(CaseStreamTest, ALineSplitByAKernelMessageIsJoinedAgain) {
  std::string whole = FormatCaseEnd(Failing());
  for (size_t cut : {size_t{30}, whole.size() / 2, whole.size() - 2}) {
    CaseStreamReader reader;
    reader.Feed(FormatCaseStart("IoasMapTest", "FixedMapOverlap"));
    reader.Feed(whole.substr(0, cut) +
                "[    7.116039] iommufd_mock iommufd_mock0: Adding to iommu group 0");
    reader.Feed(whole.substr(cut));
    ASSERT_EQ(reader.finished().size(), 1u) << "cut at " << cut;
    EXPECT_EQ(reader.finished()[0].message, Failing().message);
    EXPECT_EQ(reader.garbled(), 0);
    EXPECT_FALSE(reader.running());
  }
}

// Also seen there: the message cut into the marker itself.
TEST(CaseStreamTest, ALineSplitInsideItsMarkerIsJoinedAgain) {
  std::string whole = FormatCaseEnd(Passing("A"));
  CaseStreamReader reader;
  reader.Feed("IOMMUFD-CONFORM-[   11.068125] iommufd_mock iommufd_mock0: Adding to iommu group 0");
  reader.Feed(whole.substr(16));
  ASSERT_EQ(reader.finished().size(), 1u);
  EXPECT_EQ(reader.finished()[0].name, "A");
  EXPECT_EQ(reader.garbled(), 0);
}

// And between our line and its line break.
TEST(CaseStreamTest, AKernelMessageRightAfterALineLeavesItWhole) {
  CaseStreamReader reader;
  reader.Feed(FormatCaseEnd(Passing("A")) +
              "[    7.108324] iommufd_mock iommufd_mock0: Adding to iommu group 0");
  reader.Feed("");
  ASSERT_EQ(reader.finished().size(), 1u);
  EXPECT_EQ(reader.garbled(), 0);
}

TEST(CaseStreamTest, SeveralKernelMessagesBetweenThePiecesOfALine) {
  std::string whole = FormatCaseStart("IoasUnmapTest", "B");
  CaseStreamReader reader;
  reader.Feed(whole.substr(0, 35) + "[    2.000] first message");
  reader.Feed("[    2.001] second message");
  reader.Feed("[    2.002] third message");
  reader.Feed(whole.substr(35));
  EXPECT_EQ(reader.running(), "IoasUnmapTest.B");
  EXPECT_EQ(reader.garbled(), 0);
}

TEST(CaseStreamTest, APieceWithoutItsContinuationIsCountedAndTheNextCaseStillReads) {
  std::string whole = FormatCaseEnd(Passing("A"));
  CaseStreamReader reader;
  reader.Feed(FormatCaseStart("IoasUnmapTest", "A"));
  reader.Feed(whole.substr(0, 30) + "[    2.000] random: crng init done");
  reader.Feed(FormatCaseStart("IoasUnmapTest", "B"));
  reader.Feed(FormatCaseEnd(Passing("B")));
  ASSERT_EQ(reader.finished().size(), 1u);
  EXPECT_EQ(reader.finished()[0].name, "B");
  EXPECT_EQ(reader.garbled(), 1);
  EXPECT_EQ(reader.lost(), 1);
  EXPECT_FALSE(reader.running());
  EXPECT_EQ(reader.Progress(),
            "1 finished case kept (1 case results lost, 1 garbled result lines)");
}

TEST(CaseStreamTest, ALengthThatDoesNotMatchIsRejected) {
  std::string line = FormatCaseStart("IoasUnmapTest", "A");
  // The same line with one field's text changed but the length kept.
  std::string changed = line;
  changed.replace(changed.find("IoasUnmapTest"), 4, "Ioa");
  CaseStreamReader reader;
  reader.Feed(changed);
  EXPECT_FALSE(reader.running());
  EXPECT_EQ(reader.garbled(), 1);
}

TEST(CaseStreamTest, SkippedCasesKeepTheirReason) {
  CaseResult skipped = Passing("NeedsDevice");
  skipped.status = CaseStatus::kSkipped;
  skipped.message = "no VFIO device on this platform";
  CaseStreamReader reader;
  reader.Feed(FormatCaseEnd(skipped));
  ASSERT_EQ(reader.finished().size(), 1u);
  EXPECT_EQ(reader.finished()[0].status, CaseStatus::kSkipped);
  EXPECT_EQ(reader.finished()[0].message, "no VFIO device on this platform");
}

}  // namespace
}  // namespace iommufd_conform
