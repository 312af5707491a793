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

TEST(ParseTapTest, ReadsOkNotOkAndSkipLinesOnly) {
  EXPECT_THAT(ParseTap(kConsole),
              ElementsAre(Pair("iommufd.cmd_length", TapStatus::kOk),
                          Pair("iommufd.simple_close", TapStatus::kOk),
                          Pair("iommufd_ioas.unmap", TapStatus::kNotOk),
                          Pair("iommufd_viommu.no_viommu.alloc", TapStatus::kSkip)));
}

SelftestRun TapRun(std::map<std::string, TapStatus> tests) {
  return {.binary = "iommufd", .tests = std::move(tests)};
}

TEST(SelftestKillsTest, NewFailureAndUnreachedTestKill) {
  SelftestRun base = TapRun({{"a", TapStatus::kOk}, {"b", TapStatus::kOk}, {"c", TapStatus::kOk}});
  SelftestRun mutant = TapRun({{"a", TapStatus::kOk}, {"b", TapStatus::kNotOk}});
  EXPECT_THAT(SelftestKills(base, mutant),
              ElementsAre("iommufd: b fails", "iommufd: c never ran"));
}

TEST(SelftestKillsTest, AFailureTheBaseHasTooIsNoKill) {
  SelftestRun base = TapRun({{"a", TapStatus::kNotOk}, {"s", TapStatus::kSkip}});
  SelftestRun mutant = TapRun({{"a", TapStatus::kNotOk}, {"s", TapStatus::kSkip}});
  EXPECT_TRUE(SelftestKills(base, mutant).empty());
}

TEST(SelftestKillsTest, AGuestThatDidNotDeliverKillsOnce) {
  SelftestRun base = TapRun({{"a", TapStatus::kOk}});
  SelftestRun mutant = TapRun({});
  mutant.error = HarnessError{HarnessErrorKind::kGuestCrashed, "kernel BUG at x\nmore"};
  EXPECT_THAT(SelftestKills(base, mutant),
              ElementsAre("iommufd: did not deliver: kernel BUG at x"));
}

}  // namespace
}  // namespace iommufd_conform::gate
