// IOMMU_TEST_OP_ADD_RESERVED: reserved IOVA ranges on an IOAS and what they keep out.
#include "suites/mock/mock_test.h"

namespace iommufd_conform {
namespace {

using MockReservedTest = MockTest;

TEST_F(MockReservedTest, ReservedRangeIsCarvedOutOfTheIovaRanges) {
  AddReservedOk(ioas_, 0x10000, 0x1000);
  uint64_t alignment = 0;
  auto ranges = IovaRangesOk(ioas_, &alignment);
  ASSERT_EQ(ranges.size(), 2u);
  EXPECT_EQ(ranges[0].start, 0u);
  EXPECT_EQ(ranges[0].last, 0xffffu);
  EXPECT_EQ(ranges[1].start, 0x11000u);
  EXPECT_EQ(ranges[1].last, UINT64_MAX);
  EXPECT_EQ(alignment, 1u);  // reserving changes no alignment
}

TEST_F(MockReservedTest, ReservedRangesNeedNoAlignmentAndMayOverlap) {
  AddReservedOk(ioas_, 0x123, 5);
  AddReservedOk(ioas_, 0x123, 5);
  AddReservedOk(ioas_, 0x120, 0x10);
  auto ranges = IovaRangesOk(ioas_);
  ASSERT_EQ(ranges.size(), 2u);
  EXPECT_EQ(ranges[0].last, 0x11fu);
  EXPECT_EQ(ranges[1].start, 0x130u);
}

TEST_F(MockReservedTest, RangeMayEndAtTheTopOfTheAddressSpace) {
  AddReservedOk(ioas_, UINT64_MAX - 0xfff, 0x1000);
  auto ranges = IovaRangesOk(ioas_);
  ASSERT_EQ(ranges.size(), 1u);
  EXPECT_EQ(ranges[0].last, UINT64_MAX - 0x1000);
}

TEST_F(MockReservedTest, EverythingButTheTopByteCanBeReserved) {
  AddReservedOk(ioas_, 0, UINT64_MAX);
  auto ranges = IovaRangesOk(ioas_);
  ASSERT_EQ(ranges.size(), 1u);
  EXPECT_EQ(ranges[0].start, UINT64_MAX);
  EXPECT_EQ(ranges[0].last, UINT64_MAX);
}

TEST_F(MockReservedTest, ZeroLengthIsEinval) {
  EXPECT_THAT(iommufd().AddReserved(ioas_, 0x1000, 0), FailsWith(EINVAL));
  EXPECT_THAT(iommufd().AddReserved(ioas_, UINT64_MAX, 0), FailsWith(EINVAL));
}

TEST_F(MockReservedTest, RangeWrappingPastTheTopIsEoverflow) {
  EXPECT_THAT(iommufd().AddReserved(ioas_, UINT64_MAX - 0xfff, 0x2000), FailsWith(EOVERFLOW));
}

TEST_F(MockReservedTest, ArgumentsAreCheckedBeforeTheIoasIsLookedUp) {
  EXPECT_THAT(iommufd().AddReserved(ioas_ + 100, 0x1000, 0), FailsWith(EINVAL));
  EXPECT_THAT(iommufd().AddReserved(ioas_ + 100, UINT64_MAX, 2), FailsWith(EOVERFLOW));
}

TEST_F(MockReservedTest, IdThatIsNoIoasIsEnoent) {
  EXPECT_THAT(iommufd().AddReserved(0, 0x1000, 0x1000), FailsWith(ENOENT));
  EXPECT_THAT(iommufd().AddReserved(ioas_ + 100, 0x1000, 0x1000), FailsWith(ENOENT));
  MockDevice device = MockDomainOk(ioas_);
  EXPECT_THAT(iommufd().AddReserved(device.hwpt, 0x1000, 0x1000), FailsWith(ENOENT));
  EXPECT_THAT(iommufd().AddReserved(device.stdev, 0x1000, 0x1000), FailsWith(ENOENT));
  EXPECT_THAT(iommufd().AddReserved(device.idev, 0x1000, 0x1000), FailsWith(ENOENT));
}

TEST_F(MockReservedTest, RangeOverAnAreaIsEaddrinuse) {
  MapFixedOk(ioas_, buffer(), 4 * page_size(), 0x100000);
  EXPECT_THAT(iommufd().AddReserved(ioas_, 0x100000 + page_size(), page_size()),
              FailsWith(EADDRINUSE));
  // Touching the area's last byte is enough.
  EXPECT_THAT(iommufd().AddReserved(ioas_, 0x100000 + 4 * page_size() - 1, 2),
              FailsWith(EADDRINUSE));
  AddReservedOk(ioas_, 0x100000 + 4 * page_size(), page_size());
  AddReservedOk(ioas_, 0x100000 - page_size(), page_size());
}

TEST_F(MockReservedTest, RangeOverAnAllowedRangeIsEaddrinuse) {
  uapi::IommuIovaRange allowed[] = {{0x200000, 0x2fffff}};
  ASSERT_THAT(iommufd().IoasAllowIovas(ioas_, allowed), Succeeds());
  EXPECT_THAT(iommufd().AddReserved(ioas_, 0x250000, 0x1000), FailsWith(EADDRINUSE));
  EXPECT_THAT(iommufd().AddReserved(ioas_, 0x1ff000, 0x2000), FailsWith(EADDRINUSE));
  AddReservedOk(ioas_, 0x300000, 0x1000);
  AddReservedOk(ioas_, 0x1ff000, 0x1000);
}

TEST_F(MockReservedTest, AllowingAReservedRangeIsEaddrinuse) {
  AddReservedOk(ioas_, 0x200000, 0x1000);
  uapi::IommuIovaRange allowed[] = {{0x100000, 0x2fffff}};
  EXPECT_THAT(iommufd().IoasAllowIovas(ioas_, allowed), FailsWith(EADDRINUSE));
}

TEST_F(MockReservedTest, FixedMapIntoAReservedRangeIsEinval) {
  AddReservedOk(ioas_, 0x104000, 0x1000);
  EXPECT_THAT(iommufd().IoasMap(ioas_, buffer(), page_size(), 0x104000, kFixedReadWrite),
              FailsWith(EINVAL));
  MapFixedOk(ioas_, buffer(), 4 * page_size(), 0x100000);
  // Over both an area and a reserved range, the reserved range decides.
  EXPECT_THAT(iommufd().IoasMap(ioas_, buffer(), 2 * page_size(), 0x103000, kFixedReadWrite),
              FailsWith(EINVAL));
  MapFixedOk(ioas_, buffer(), page_size(), 0x105000);
}

TEST_F(MockReservedTest, AutomaticIovaAvoidsReservedRanges) {
  AddReservedOk(ioas_, 0, 0x80000000);
  for (int i = 0; i < 4; ++i) {
    uint64_t iova = MapAutoOk(ioas_, buffer(), 4 * page_size());
    EXPECT_GE(iova, 0x80000000u);
  }
}

TEST_F(MockReservedTest, NoRoomLeftIsEnospc) {
  AddReservedOk(ioas_, page_size(), UINT64_MAX - page_size() + 1);
  EXPECT_THAT(iommufd().IoasMap(ioas_, buffer(), page_size(), 0, kReadWrite), FailsWith(ENOSPC));
}

TEST_F(MockReservedTest, ReservedRangesStayWhenADeviceComesAndGoes) {
  AddReservedOk(ioas_, 0x4000000, 0x1000);
  MockDevice device = MockDomainOk(ioas_);
  auto with_device = IovaRangesOk(ioas_);
  ASSERT_EQ(with_device.size(), 2u);
  EXPECT_EQ(with_device[0].start, kAperture.start);
  EXPECT_EQ(with_device[0].last, 0x3ffffffu);
  EXPECT_EQ(with_device[1].start, 0x4001000u);
  EXPECT_EQ(with_device[1].last, kAperture.last);
  DestroyOk(device.stdev);
  auto after = IovaRangesOk(ioas_);
  ASSERT_EQ(after.size(), 2u);
  EXPECT_EQ(after[0].last, 0x3ffffffu);
  EXPECT_EQ(after[1].start, 0x4001000u);
  EXPECT_EQ(after[1].last, UINT64_MAX);
}

}  // namespace
}  // namespace iommufd_conform
