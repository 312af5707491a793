#include "harness/gate/selftest_tap.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace iommufd_conform::gate {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

constexpr char kConsole[] =
    "TAP version 13\n"
    "1..4\n"
    "# Starting 4 tests from 2 test cases.\n"
    "#  RUN           iommufd.simple_close ...\n"
    "ok 1 iommufd.simple_close\r\n"
    "not ok 2 iommufd_ioas.unmap # expected 0\n"
    "ok 3 iommufd_viommu.no_viommu.alloc # SKIP Skipping test for variant no_viommu\n"
    "[   12.345] ok 4 looks like TAP but is a kernel line\n"
    "ok 4 iommufd.cmd_length\n";

TapTest Tap(const char* name, TapStatus status) { return {name, status}; }

TEST(ParseTapTest, ReadsOkNotOkAndSkipLinesOnly) {
  EXPECT_THAT(ParseTap(kConsole),
              ElementsAre(Pair(1, Tap("iommufd.simple_close", TapStatus::kOk)),
                          Pair(2, Tap("iommufd_ioas.unmap", TapStatus::kNotOk)),
                          Pair(3, Tap("iommufd_viommu.no_viommu.alloc", TapStatus::kSkip)),
                          Pair(4, Tap("iommufd.cmd_length", TapStatus::kOk))));
}

// A kernel message cut into a result line, as on the 7.2 mutation run's base console (the
// name came out as "iomm["; the message text here is made up).
TEST(ParseTapTest, ALineAKernelMessageCutIntoKeepsItsNumberButNotItsName) {
  EXPECT_THAT(ParseTap("ok 57 iomm[   12.345678] vfio-pci 0000:00:01.0: enabling device\n"
                       "not ok 58 iommufd.x[   12.4] msg # reason\n"),
              ElementsAre(Pair(57, Tap("", TapStatus::kOk)),
                          Pair(58, Tap("", TapStatus::kNotOk))));
}

SelftestRun TapRun(std::map<int, TapTest> tests) {
  return {.binary = "iommufd", .tests = std::move(tests)};
}

TEST(SelftestKillsTest, NewFailureAndUnreachedTestKill) {
  SelftestRun base = TapRun({{1, {"a", TapStatus::kOk}},
                             {2, {"b", TapStatus::kOk}},
                             {3, {"c", TapStatus::kOk}}});
  SelftestRun mutant = TapRun({{1, {"a", TapStatus::kOk}}, {2, {"b", TapStatus::kNotOk}}});
  EXPECT_THAT(SelftestKills(base, mutant),
              ElementsAre("iommufd: b fails", "iommufd: c never ran"));
}

TEST(SelftestKillsTest, AFailureTheBaseHasTooIsNoKill) {
  SelftestRun base = TapRun({{1, {"a", TapStatus::kNotOk}}, {2, {"s", TapStatus::kSkip}}});
  SelftestRun mutant = TapRun({{1, {"a", TapStatus::kNotOk}}, {2, {"s", TapStatus::kSkip}}});
  EXPECT_TRUE(SelftestKills(base, mutant).empty());
}

// The 7.2 mutation run counted 27 mutants killed by the selftests only because the base's
// console had cut one name ("iomm[") that no mutant's console repeated.
TEST(SelftestKillsTest, ANameCutOnEitherConsoleIsMatchedByNumber) {
  SelftestRun base = TapRun({{1, {"", TapStatus::kOk}}, {2, {"b", TapStatus::kOk}}});
  SelftestRun mutant = TapRun({{1, {"a", TapStatus::kOk}}, {2, {"", TapStatus::kOk}}});
  EXPECT_TRUE(SelftestKills(base, mutant).empty());
  mutant.tests[1].status = TapStatus::kNotOk;
  EXPECT_THAT(SelftestKills(base, mutant), ElementsAre("iommufd: a fails"));
}

// The harness reports every test it starts, so a number missing before the mutant's last
// result is a line the console lost, not a test that never ran.
TEST(SelftestKillsTest, ALineLostBetweenResultsIsNoKill) {
  SelftestRun base = TapRun({{1, {"a", TapStatus::kOk}},
                             {2, {"b", TapStatus::kOk}},
                             {3, {"c", TapStatus::kOk}}});
  SelftestRun mutant = TapRun({{1, {"a", TapStatus::kOk}}, {3, {"c", TapStatus::kOk}}});
  EXPECT_TRUE(SelftestKills(base, mutant).empty());
}

TEST(SelftestKillsTest, AGuestThatDidNotDeliverKillsOnce) {
  SelftestRun base = TapRun({{1, {"a", TapStatus::kOk}}});
  SelftestRun mutant = TapRun({});
  mutant.error = HarnessError{HarnessErrorKind::kGuestCrashed, "kernel BUG at x\nmore"};
  EXPECT_THAT(SelftestKills(base, mutant),
              ElementsAre("iommufd: did not deliver: kernel BUG at x"));
}

}  // namespace
}  // namespace iommufd_conform::gate
