#include "harness/vm/console_monitor.h"

#include <gtest/gtest.h>

namespace iommufd_conform {
namespace {

TEST(ConsoleMonitorTest, FollowsInitMarkers) {
  ConsoleMonitor monitor;
  monitor.Feed("[    0.000000] Linux version 7.2.13");
  EXPECT_FALSE(monitor.init_started());
  monitor.Feed("IOMMUFD-CONFORM-INIT-STARTED");
  EXPECT_TRUE(monitor.init_started());
  EXPECT_FALSE(monitor.ready());
  monitor.Feed("IOMMUFD-CONFORM-READY");
  EXPECT_TRUE(monitor.ready());
  EXPECT_FALSE(monitor.exit_status());
  monitor.Feed("payload output without newline IOMMUFD-CONFORM-EXIT status=3");
  ASSERT_TRUE(monitor.exit_status());
  EXPECT_EQ(*monitor.exit_status(), 3);
  monitor.Feed("IOMMUFD-CONFORM-EXIT status=0");  // only the first one counts
  EXPECT_EQ(*monitor.exit_status(), 3);
  EXPECT_FALSE(monitor.init_error());
  EXPECT_FALSE(monitor.splat().detected());
}

TEST(ConsoleMonitorTest, ReadsSignalStatus) {
  ConsoleMonitor monitor;
  monitor.Feed("IOMMUFD-CONFORM-EXIT status=137 signal=9");
  ASSERT_TRUE(monitor.exit_status());
  EXPECT_EQ(*monitor.exit_status(), 137);
}

TEST(ConsoleMonitorTest, ReportsInitError) {
  ConsoleMonitor monitor;
  monitor.Feed("IOMMUFD-CONFORM-INIT-ERROR mount 9p share 'conform' on /share: No such device");
  ASSERT_TRUE(monitor.init_error());
  EXPECT_EQ(*monitor.init_error(), "mount 9p share 'conform' on /share: No such device");
}

TEST(ConsoleMonitorTest, SeesSplats) {
  ConsoleMonitor monitor;
  monitor.Feed("[ 3.0] Kernel panic - not syncing: Attempted to kill init!");
  EXPECT_TRUE(monitor.splat().detected());
  EXPECT_EQ(monitor.splat().kind(), "panic");
}

TEST(ConsoleMonitorTest, KeepsConsoleAndTail) {
  ConsoleMonitor monitor;
  for (const char* line : {"a", "b", "c"}) monitor.Feed(line);
  EXPECT_EQ(monitor.console(), "a\nb\nc\n");
  EXPECT_EQ(monitor.LastLines(2), "b\nc\n");
  EXPECT_EQ(monitor.LastLines(10), "a\nb\nc\n");
  EXPECT_EQ(monitor.LastLines(0), "");
}

}  // namespace
}  // namespace iommufd_conform
