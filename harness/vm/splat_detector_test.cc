#include "harness/vm/splat_detector.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

namespace iommufd_conform {
namespace {

SplatDetector FeedAll(const std::string& console) {
  SplatDetector detector;
  std::istringstream in(console);
  for (std::string line; std::getline(in, line);) detector.Feed(line);
  return detector;
}

TEST(SplatDetectorTest, CollectsWarnUpToItsEndMarker) {
  auto detector = FeedAll(
      "[    5.100000] IOMMUFD-CONFORM-READY\n"
      "[    5.123456] ------------[ cut here ]------------\n"
      "[    5.123460] WARNING: drivers/iommu/iommufd/device.c:123 at "
      "iommufd_device_bind+0x12/0x34, CPU#1: probe/75\n"
      "[    5.123470] Modules linked in:\n"
      "[    5.123480] CPU: 1 UID: 0 PID: 75 Comm: probe Not tainted 7.2.13 #1\n"
      "[    5.124000] ---[ end trace 0000000000000000 ]---\n"
      "test continues\n");
  EXPECT_TRUE(detector.detected());
  EXPECT_TRUE(detector.complete());
  EXPECT_EQ(detector.kind(), "WARNING");
  EXPECT_EQ(detector.text().find("[    5.123460] WARNING: drivers/iommu"), 0u);
  EXPECT_NE(detector.text().find("end trace"), std::string::npos);
  EXPECT_EQ(detector.text().find("test continues"), std::string::npos);
}

TEST(SplatDetectorTest, RecognisesOldStyleWarn) {
  EXPECT_EQ(SplatStart("WARNING: CPU: 0 PID: 1 at kernel/x.c:1 f+0x0/0x10"), "WARNING");
}

TEST(SplatDetectorTest, RecognisesPanic) {
  auto detector = FeedAll(
      "[   12.000000] Kernel panic - not syncing: Out of memory: system-wide panic_on_oom is "
      "enabled\n"
      "[   12.000001] CPU: 0 UID: 0 PID: 80 Comm: vmcheck Not tainted 7.2.13 #1\n"
      "[   12.000100] ---[ end Kernel panic - not syncing: Out of memory ]---\n");
  EXPECT_TRUE(detector.complete());
  EXPECT_EQ(detector.kind(), "panic");
}

TEST(SplatDetectorTest, RecognisesOopsOnBothArches) {
  EXPECT_EQ(SplatStart("[    3.1] Oops: general protection fault, probably for non-canonical "
                       "address 0xdead: 0000 [#1] SMP NOPTI"),
            "oops");
  EXPECT_EQ(SplatStart("[    3.1] BUG: kernel NULL pointer dereference, address: 0000000000000008"),
            "oops");
  EXPECT_EQ(SplatStart("[    3.1] BUG: unable to handle page fault for address: ffff8880"), "oops");
  EXPECT_EQ(SplatStart("[    3.1] Internal error: Oops: 0000000096000004 [#1]  SMP"), "oops");
  EXPECT_EQ(SplatStart("[    3.1] kernel BUG at mm/slub.c:123!"), "BUG");
}

TEST(SplatDetectorTest, RecognisesDebugReports) {
  EXPECT_EQ(SplatStart("[ 1.0] BUG: KASAN: slab-use-after-free in iopt_unmap+0x1/0x2"), "KASAN");
  EXPECT_EQ(SplatStart("[ 1.0] WARNING: possible circular locking dependency detected"),
            "lockdep");
  EXPECT_EQ(SplatStart("[ 1.0] WARNING: possible recursive locking detected"), "lockdep");
  EXPECT_EQ(SplatStart("[ 1.0] WARNING: bad unlock balance detected!"), "lockdep");
  EXPECT_EQ(SplatStart("[ 1.0] WARNING: held lock freed!"), "WARNING");
  EXPECT_EQ(SplatStart("[ 1.0] BUG: sleeping function called from invalid context at "
                       "mm/slab.c:1"),
            "might_sleep");
  EXPECT_EQ(SplatStart("[ 21.0] rcu: INFO: rcu_preempt self-detected stall on CPU"), "RCU stall");
  EXPECT_EQ(SplatStart("[ 21.0] rcu: INFO: rcu_sched detected stalls on CPUs/tasks:"),
            "RCU stall");
  EXPECT_EQ(SplatStart("[ 1.0] UBSAN: array-index-out-of-bounds in drivers/iommu/x.c:10:5"),
            "UBSAN");
  EXPECT_EQ(SplatStart("[ 1.0] [T75] BUG: Bad page state in process probe  pfn:1234"), "BUG");
  EXPECT_EQ(SplatStart("[ 1.0] INFO: task probe:75 blocked for more than 120 seconds."),
            "hung task");
}

TEST(SplatDetectorTest, FindsKernelMessageInsidePayloadLine) {
  EXPECT_EQ(SplatStart("test 12 ...[    5.1] WARNING: at f+0x1/0x2, CPU#0: probe/70"), "WARNING");
}

TEST(SplatDetectorTest, IgnoresOrdinaryPayloadText) {
  for (const char* line : {
           "Oops: that test name looked like a splat",
           "expected BUG: none, got BUG: none",
           "[ RUN      ] Ioas.WarningFree",
           "IOMMUFD-CONFORM-EXIT status=0",
           "[    0.000000] Linux version 7.2.13 (root@host) (gcc 12.2.0)",
           "PASS: not a WARNING: at all",
           "WARNING: Failed to find function \"__sanitizer_print_stack_trace\".",
           "BUG: a payload's own words",
       }) {
    EXPECT_FALSE(SplatStart(line).has_value()) << line;
  }
}

TEST(SplatDetectorTest, StopsCollectingAtLineLimit) {
  SplatDetector detector;
  detector.Feed("[ 1.0] WARNING: possible recursive locking detected");
  for (size_t i = 1; i < SplatDetector::kMaxLines - 1; ++i) detector.Feed("stack line");
  EXPECT_FALSE(detector.complete());
  detector.Feed("last line");
  EXPECT_TRUE(detector.complete());
  detector.Feed("beyond the limit");
  EXPECT_EQ(detector.text().find("beyond"), std::string::npos);
}

TEST(SplatDetectorTest, KeepsOnlyTheFirstSplat) {
  auto detector = FeedAll(
      "[ 1.0] BUG: KASAN: use-after-free in f+0x1/0x2\n"
      "[ 1.1] ---[ end trace 0000000000000000 ]---\n"
      "[ 2.0] Kernel panic - not syncing: Fatal exception\n");
  EXPECT_EQ(detector.kind(), "KASAN");
  EXPECT_EQ(detector.text().find("Kernel panic"), std::string::npos);
}

TEST(SplatSignatureTest, KeepsWhereAWarnFiredAndDropsWhatVariesPerHit) {
  EXPECT_EQ(SplatSignature("[ 1238.718336] WARNING: drivers/iommu/generic_pt/fmt/../iommu_pt.h:947"
                           " at amdv1_mock_map_range+0x170/0x1c0, CPU#1: diff_fuzzer/42\n"
                           "[ 1238.721552] CPU: 1 UID: 0 PID: 42 Comm: diff_fuzzer\n"),
            "kernel WARNING: drivers/iommu/generic_pt/fmt/../iommu_pt.h:947 at "
            "amdv1_mock_map_range");
  // The same WARN from another task on another CPU, at another time.
  EXPECT_EQ(SplatSignature("[    2.3] WARNING: drivers/iommu/generic_pt/fmt/../iommu_pt.h:947"
                           " at amdv1_mock_map_range+0x170/0x1c0, CPU#0: probe/7"),
            SplatSignature("[ 1238.718336] WARNING: drivers/iommu/generic_pt/fmt/../"
                           "iommu_pt.h:947 at amdv1_mock_map_range+0x170/0x1c0, CPU#1: a/42"));
}

TEST(SplatSignatureTest, DropsTheCpuAndPidOfAnOlderKernelsWarn) {
  EXPECT_EQ(SplatSignature("[    5.1] WARNING: CPU: 1 PID: 75 at drivers/iommu/iommufd/"
                           "pages.c:123 iopt_area_unfill+0x12/0x34"),
            "kernel WARNING: at drivers/iommu/iommufd/pages.c:123 iopt_area_unfill");
}

TEST(SplatSignatureTest, ReplacesAddressesInAnOops) {
  EXPECT_EQ(SplatSignature("[    9.0] BUG: unable to handle page fault for address: "
                           "ffff88800a1b2c3d"),
            "kernel BUG: unable to handle page fault for address: ADDR");
  EXPECT_EQ(SplatSignature("[    9.0] BUG: KASAN: slab-use-after-free in "
                           "iommufd_ioas_map+0x1/0x2"),
            "kernel BUG: KASAN: slab-use-after-free in iommufd_ioas_map");
}

TEST(SplatSignatureTest, IsEmptyWithoutASplat) { EXPECT_EQ(SplatSignature(""), ""); }

}  // namespace
}  // namespace iommufd_conform
