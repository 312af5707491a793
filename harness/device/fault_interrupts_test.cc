#include "harness/device/fault_interrupts.h"

#include <gtest/gtest.h>

namespace iommufd_conform {
namespace {

// Excerpts of /proc/interrupts as the vtd and smmuv3 guests print it.
constexpr char kVtdGuest[] =
    "            CPU0       CPU1       \n"
    "   0:         84          0  IR-IO-APIC    2-edge      timer\n"
    "  24:          3          4  DMAR-MSI    0-edge      dmar0\n"
    " NMI:          0          0   Non-maskable interrupts\n";
constexpr char kSmmuv3Guest[] =
    "            CPU0       CPU1       \n"
    "  11:        399        417  GICv3      27 Level     arch_timer\n"
    "  14:          5          0  GICv3     106 Edge      arm-smmu-v3-evtq\n"
    "  16:          7          0  GICv3     109 Edge      arm-smmu-v3-gerror\n"
    "IPI0:          0         17  Rescheduling interrupts\n";
constexpr char kVirtioGuest[] =
    "            CPU0       CPU1       \n"
    "  21:          1          0  IO-APIC    21-fasteoi   virtio0\n";

TEST(FaultInterruptsTest, CountsTheVtdFaultEventOnEveryCpu) {
  EXPECT_EQ(CountFaultInterrupts(kVtdGuest), 7u);
}

TEST(FaultInterruptsTest, CountsTheSmmuv3EventQueueButNotItsGlobalErrors) {
  EXPECT_EQ(CountFaultInterrupts(kSmmuv3Guest), 5u);
}

TEST(FaultInterruptsTest, VirtioIommuHasNoFaultInterruptOfItsOwn) {
  EXPECT_EQ(CountFaultInterrupts(kVirtioGuest), 0u);
}

TEST(FaultInterruptsTest, NamesAreMatchedWhole) {
  EXPECT_TRUE(IsIommuFaultInterrupt("dmar1"));
  EXPECT_FALSE(IsIommuFaultInterrupt("dmar"));
  EXPECT_FALSE(IsIommuFaultInterrupt("dmar0x"));
  EXPECT_FALSE(IsIommuFaultInterrupt("arm-smmu-v3-evtq2"));
}

}  // namespace
}  // namespace iommufd_conform
