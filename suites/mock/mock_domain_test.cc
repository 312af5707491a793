// IOMMU_TEST_OP_MOCK_DOMAIN(_FLAGS): a mock device bound to the iommufd and attached to an
// IOAS or a HWPT, and the objects that come and go with it.
#include "suites/mock/mock_test.h"

namespace iommufd_conform {
namespace {

using MockDomainTest = MockTest;

TEST_F(MockDomainTest, IdsGoToTheSelftestObjectThenTheDeviceThenTheHwpt) {
  MockDevice device = MockDomainOk(ioas_);
  EXPECT_EQ(device.stdev, ioas_ + 1);
  EXPECT_EQ(device.idev, ioas_ + 2);
  EXPECT_EQ(device.hwpt, ioas_ + 3);
}

TEST_F(MockDomainTest, DevicesOnOneIoasShareItsAutomaticHwpt) {
  MockDevice first = MockDomainOk(ioas_);
  MockDevice second = MockDomainOk(ioas_);
  EXPECT_EQ(second.hwpt, first.hwpt);
  EXPECT_EQ(second.stdev, first.hwpt + 1);
  EXPECT_EQ(second.idev, first.hwpt + 2);
}

TEST_F(MockDomainTest, EachIoasGetsItsOwnAutomaticHwpt) {
  uint32_t other = IoasAllocOk();
  MockDevice first = MockDomainOk(ioas_);
  MockDevice second = MockDomainOk(other);
  EXPECT_NE(first.hwpt, second.hwpt);
}

TEST_F(MockDomainTest, IoasWithADeviceIsBusy) {
  MockDevice device = MockDomainOk(ioas_);
  EXPECT_THAT(iommufd().Destroy(ioas_), FailsWith(EBUSY));
  EXPECT_THAT(iommufd().Destroy(device.hwpt), FailsWith(EBUSY));
  // The DEVICE object belongs to the selftest object.
  EXPECT_THAT(iommufd().Destroy(device.idev), FailsWith(EBUSY));
}

TEST_F(MockDomainTest, DestroyingTheSelftestObjectFreesDeviceAndAutomaticHwpt) {
  MockDevice device = MockDomainOk(ioas_);
  DestroyOk(device.stdev);
  EXPECT_THAT(iommufd().Destroy(device.idev), FailsWith(ENOENT));
  EXPECT_THAT(iommufd().Destroy(device.hwpt), FailsWith(ENOENT));
  auto ranges = IovaRangesOk(ioas_);
  ASSERT_EQ(ranges.size(), 1u);
  EXPECT_EQ(ranges[0].start, 0u);
  EXPECT_EQ(ranges[0].last, UINT64_MAX);
  DestroyOk(ioas_);
  // Their ids are free again, lowest first.
  EXPECT_EQ(IoasAllocOk(), ioas_);
  EXPECT_EQ(IoasAllocOk(), device.stdev);
}

TEST_F(MockDomainTest, SharedHwptStaysUntilTheLastDeviceGoes) {
  MockDevice first = MockDomainOk(ioas_);
  MockDevice second = MockDomainOk(ioas_);
  DestroyOk(first.stdev);
  EXPECT_THAT(iommufd().Destroy(first.idev), FailsWith(ENOENT));
  EXPECT_THAT(iommufd().Destroy(second.hwpt), FailsWith(EBUSY));
  EXPECT_EQ(IovaRangesOk(ioas_).size(), 1u);
  // The freed ids are reused, lowest first.
  EXPECT_EQ(IoasAllocOk(), first.stdev);
  EXPECT_EQ(IoasAllocOk(), first.idev);
  DestroyOk(second.stdev);
  EXPECT_THAT(iommufd().Destroy(second.hwpt), FailsWith(ENOENT));
}

TEST_F(MockDomainTest, MissingPtIsEnoent) {
  EXPECT_THAT(iommufd().MockDomain(0), FailsWith(ENOENT));
  EXPECT_THAT(iommufd().MockDomain(ioas_ + 100), FailsWith(ENOENT));
}

TEST_F(MockDomainTest, PtThatIsNoIoasOrHwptIsEinval) {
  MockDevice device = MockDomainOk(ioas_);
  EXPECT_THAT(iommufd().MockDomain(device.stdev), FailsWith(EINVAL));
  EXPECT_THAT(iommufd().MockDomain(device.idev), FailsWith(EINVAL));
}

TEST_F(MockDomainTest, FailedAttachLeavesNoObjectBehind) {
  uint32_t other = IoasAllocOk();
  MapFixedOk(other, buffer(), page_size(), 0x1000);  // below the mock aperture
  EXPECT_THAT(iommufd().MockDomain(other), FailsWith(EADDRINUSE));
  MockDevice device = MockDomainOk(ioas_);
  EXPECT_EQ(device.stdev, other + 1);
}

TEST_F(MockDomainTest, AttachingToAHwptUsesIt) {
  MockDevice first = MockDomainOk(ioas_);
  MockDevice second = MockDomainOk(first.hwpt);
  EXPECT_EQ(second.hwpt, first.hwpt);
}

TEST_F(MockDomainTest, AttachingToAnIoasNeverPicksAnAllocatedHwpt) {
  MockDevice first = MockDomainOk(ioas_);
  uint32_t allocated = HwptAllocOk(first.idev, ioas_);
  DestroyOk(first.stdev);
  MockDevice second = MockDomainOk(ioas_);
  EXPECT_NE(second.hwpt, allocated);
  EXPECT_THAT(iommufd().Destroy(allocated), Succeeds());
}

TEST_F(MockDomainTest, NoDirtyDeviceCannotJoinADirtyTrackingHwpt) {
  MockDevice device = MockDomainOk(ioas_);
  uint32_t dirty = HwptAllocOk(device.idev, ioas_, uapi::kIommuHwptAllocDirtyTracking);
  EXPECT_THAT(iommufd().MockDomain(dirty, uapi::kMockFlagsDeviceNoDirty), FailsWith(EINVAL));
  EXPECT_EQ(MockDomainOk(dirty).hwpt, dirty);
}

TEST_F(MockDomainTest, PlainMockDomainIgnoresTheFlagsField) {
  uapi::IommuTestCmd cmd{};
  cmd.op = uapi::kIommuTestOpMockDomain;
  cmd.id = ioas_;
  cmd.mock_domain_flags.dev_flags = 0x80000000;
  EXPECT_THAT(iommufd().TestCmd(cmd), Succeeds());
}

TEST_F(MockDomainTest, NoDirtyDeviceIsAccepted) {
  MockDevice device = MockDomainOk(ioas_, uapi::kMockFlagsDeviceNoDirty);
  EXPECT_NE(device.idev, 0u);
}

TEST_F(MockDomainTest, UnknownDeviceFlagsAreEinval) {
  for (uint32_t flags : {1u << 3, 1u << 31}) {
    EXPECT_THAT(iommufd().MockDomain(ioas_, flags), FailsWith(EINVAL));
  }
}

TEST_F(MockDomainTest, EachDriverKnowsEitherPasidOrHugeIovaDevices) {
  // 6.12 has HUGE_IOVA (bit 1); 7.x replaced it with PASID (bit 2) and rejects bit 1.
  if (HasPasidMockDriver()) {
    EXPECT_THAT(iommufd().MockDomain(ioas_, uapi::kMockFlagsDeviceHugeIova), FailsWith(EINVAL));
  } else {
    EXPECT_THAT(iommufd().MockDomain(ioas_, uapi::kMockFlagsDevicePasid), FailsWith(EINVAL));
    MockDomainOk(ioas_, uapi::kMockFlagsDeviceHugeIova);
  }
}

TEST_F(MockDomainTest, UnknownFlagsAreRefusedBeforeThePtIsLookedUp) {
  EXPECT_THAT(iommufd().MockDomain(ioas_ + 100, 1u << 3), FailsWith(EINVAL));
}

}  // namespace
}  // namespace iommufd_conform
