// Attaching and replacing mock devices on nested HWPTs and their NEST_PARENT parents.
#include "suites/mock/mock_test.h"

namespace iommufd_conform {
namespace {

class NestedAttachTest : public MockTest {
 protected:
  void SetUp() override {
    MockTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    device_ = MockDomainOk(ioas_);
    parent_ = HwptAllocOk(device_.idev, ioas_, uapi::kIommuHwptAllocNestParent);
    nested_ = NestedOk(parent_);
  }

  uint32_t NestedOk(uint32_t parent) {
    // 6.12's iommu_hwpt_selftest is the iotlb field alone; every driver takes that much.
    static const uint32_t kIotlb = uapi::kIommuTestIotlbDefault;
    return HwptAllocOk(device_.idev, parent, 0, uapi::kIommuHwptDataSelftest, BytesOf(kIotlb));
  }

  MockDevice device_;
  uint32_t parent_ = 0;
  uint32_t nested_ = 0;
};

TEST_F(NestedAttachTest, FromNestedBackToItsParent) {
  EXPECT_EQ(ReplaceOk(device_.stdev, nested_), nested_);
  EXPECT_THAT(iommufd().Destroy(nested_), FailsWith(EBUSY));
  EXPECT_EQ(ReplaceOk(device_.stdev, parent_), parent_);
  DestroyOk(nested_);
  EXPECT_THAT(iommufd().Destroy(parent_), FailsWith(EBUSY));
}

TEST_F(NestedAttachTest, BetweenNestedHwptsOfOneParent) {
  uint32_t sibling = NestedOk(parent_);
  ReplaceOk(device_.stdev, nested_);
  EXPECT_EQ(ReplaceOk(device_.stdev, sibling), sibling);
  DestroyOk(nested_);
  EXPECT_THAT(iommufd().Destroy(sibling), FailsWith(EBUSY));
}

TEST_F(NestedAttachTest, FromNestedToAnIoasMakesAnAutomaticHwpt) {
  ReplaceOk(device_.stdev, nested_);
  uint32_t other = IoasAllocOk();
  uint32_t hwpt = ReplaceOk(device_.stdev, other);
  EXPECT_NE(hwpt, nested_);
  DestroyOk(nested_);
  DestroyOk(parent_);
  DestroyOk(ioas_);
  EXPECT_EQ(ReplaceOk(device_.stdev, hwpt), hwpt);
}

TEST_F(NestedAttachTest, NewDeviceOnANestedHwptHoldsIt) {
  MockDevice device = MockDomainOk(nested_);
  EXPECT_EQ(device.hwpt, nested_);
  EXPECT_THAT(iommufd().Destroy(nested_), FailsWith(EBUSY));
  DestroyOk(device.stdev);
  DestroyOk(nested_);
  DestroyOk(parent_);
}

TEST_F(NestedAttachTest, NoDirtyDeviceOnANestedHwptOfADirtyParent) {
  uint32_t dirty_parent = HwptAllocOk(
      device_.idev, ioas_,
      uapi::kIommuHwptAllocNestParent | uapi::kIommuHwptAllocDirtyTracking);
  uint32_t nested = NestedOk(dirty_parent);
  MockDevice no_dirty = MockDomainOk(ioas_, uapi::kMockFlagsDeviceNoDirty);
  EXPECT_THAT(iommufd().MockDomainReplace(no_dirty.stdev, dirty_parent), FailsWith(EINVAL));
  EXPECT_EQ(ReplaceOk(no_dirty.stdev, nested), nested);
}

TEST_F(NestedAttachTest, NestedHwptOfAnotherIoas) {
  uint32_t other = IoasAllocOk();
  uint32_t other_parent = HwptAllocOk(device_.idev, other, uapi::kIommuHwptAllocNestParent);
  uint32_t other_nested = NestedOk(other_parent);
  ReplaceOk(device_.stdev, nested_);
  EXPECT_EQ(ReplaceOk(device_.stdev, other_nested), other_nested);
  // The device's automatic HWPT went with the first replace.
  EXPECT_THAT(iommufd().Destroy(device_.hwpt), FailsWith(ENOENT));
  EXPECT_THAT(iommufd().Destroy(other), FailsWith(EBUSY));
  DestroyOk(nested_);
  DestroyOk(parent_);
  DestroyOk(ioas_);
}

}  // namespace
}  // namespace iommufd_conform
