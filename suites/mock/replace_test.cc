// IOMMU_TEST_OP_MOCK_DOMAIN_REPLACE: moving an attached mock device to another IOAS or HWPT.
#include "suites/mock/mock_test.h"

namespace iommufd_conform {
namespace {

class MockReplaceTest : public MockTest {
 protected:
  void SetUp() override {
    MockTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    device_ = MockDomainOk(ioas_);
  }
  MockDevice device_;
};

TEST_F(MockReplaceTest, ToAnotherIoasMakesItAnAutomaticHwpt) {
  uint32_t other = IoasAllocOk();
  uint32_t hwpt = ReplaceOk(device_.stdev, other);
  EXPECT_NE(hwpt, device_.hwpt);
  // The new one took a fresh id before the old one, now unused, went away.
  EXPECT_EQ(hwpt, other + 1);
  EXPECT_THAT(iommufd().Destroy(device_.hwpt), FailsWith(ENOENT));
  DestroyOk(ioas_);
  EXPECT_THAT(iommufd().Destroy(other), FailsWith(EBUSY));
  auto ranges = IovaRangesOk(other);
  ASSERT_EQ(ranges.size(), 1u);
  EXPECT_EQ(ranges[0].start, kAperture.start);
}

TEST_F(MockReplaceTest, BackToTheSameIoasKeepsItsHwpt) {
  EXPECT_EQ(ReplaceOk(device_.stdev, ioas_), device_.hwpt);
  EXPECT_EQ(ReplaceOk(device_.stdev, device_.hwpt), device_.hwpt);
}

TEST_F(MockReplaceTest, SharedHwptStaysForTheOtherDevice) {
  MockDevice second = MockDomainOk(ioas_);
  uint32_t other = IoasAllocOk();
  ReplaceOk(device_.stdev, other);
  EXPECT_THAT(iommufd().Destroy(second.hwpt), FailsWith(EBUSY));
  // Coming back finds the automatic HWPT still there.
  EXPECT_EQ(ReplaceOk(device_.stdev, ioas_), device_.hwpt);
}

TEST_F(MockReplaceTest, ToAnAllocatedHwptUsesItAndHoldsIt) {
  uint32_t hwpt = HwptAllocOk(device_.idev, ioas_);
  EXPECT_EQ(ReplaceOk(device_.stdev, hwpt), hwpt);
  EXPECT_THAT(iommufd().Destroy(hwpt), FailsWith(EBUSY));
  // The automatic HWPT went with its last device.
  EXPECT_THAT(iommufd().Destroy(device_.hwpt), FailsWith(ENOENT));
  DestroyOk(device_.stdev);
  DestroyOk(hwpt);
}

TEST_F(MockReplaceTest, MissingPtIsEnoent) {
  EXPECT_THAT(iommufd().MockDomainReplace(device_.stdev, ioas_ + 100), FailsWith(ENOENT));
}

TEST_F(MockReplaceTest, PtThatIsNoIoasOrHwptIsEinval) {
  EXPECT_THAT(iommufd().MockDomainReplace(device_.stdev, device_.idev), FailsWith(EINVAL));
  EXPECT_THAT(iommufd().MockDomainReplace(device_.stdev, device_.stdev), FailsWith(EINVAL));
}

TEST_F(MockReplaceTest, IdThatIsNoSelftestObjectIsEnoent) {
  EXPECT_THAT(iommufd().MockDomainReplace(device_.idev, ioas_), FailsWith(ENOENT));
  EXPECT_THAT(iommufd().MockDomainReplace(ioas_, ioas_), FailsWith(ENOENT));
  EXPECT_THAT(iommufd().MockDomainReplace(device_.stdev + 100, ioas_), FailsWith(ENOENT));
}

TEST_F(MockReplaceTest, ApertureClashIsEaddrinuseAndKeepsTheOldAttachment) {
  uint32_t other = IoasAllocOk();
  MapFixedOk(other, buffer(), page_size(), 0x1000);
  EXPECT_THAT(iommufd().MockDomainReplace(device_.stdev, other), FailsWith(EADDRINUSE));
  EXPECT_THAT(iommufd().Destroy(device_.hwpt), FailsWith(EBUSY));
  DestroyOk(other);  // no HWPT was left on it
}

TEST_F(MockReplaceTest, NoDirtyDeviceCannotMoveToADirtyTrackingHwpt) {
  MockDevice no_dirty = MockDomainOk(ioas_, uapi::kMockFlagsDeviceNoDirty);
  uint32_t dirty = HwptAllocOk(device_.idev, ioas_, uapi::kIommuHwptAllocDirtyTracking);
  EXPECT_THAT(iommufd().MockDomainReplace(no_dirty.stdev, dirty), FailsWith(EINVAL));
  EXPECT_EQ(ReplaceOk(device_.stdev, dirty), dirty);
}

}  // namespace
}  // namespace iommufd_conform
