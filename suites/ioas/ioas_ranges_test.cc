// IOMMU_IOAS_IOVA_RANGES and IOMMU_IOAS_ALLOW_IOVAS.
#include "suites/support/conform_test.h"

namespace iommufd_conform {
namespace {

using IoasRangesTest = IoasTest;

TEST_F(IoasRangesTest, FreshIoasSpansEverythingWithAlignmentOne) {
  uint64_t alignment = 0;
  auto ranges = IovaRangesOk(ioas_, &alignment);
  ASSERT_EQ(ranges.size(), 1u);
  EXPECT_EQ(ranges[0].start, 0u);
  EXPECT_EQ(ranges[0].last, UINT64_MAX);
  EXPECT_EQ(alignment, 1u);
}

TEST_F(IoasRangesTest, NoRoomIsEmsgsizeWithTheNeededCount) {
  Outcome outcome = iommufd().IoasIovaRanges(ioas_, {});
  ASSERT_THAT(outcome, FailsWith(EMSGSIZE));
  auto reply = outcome.As<uapi::IommuIoasIovaRanges>();
  EXPECT_EQ(reply.num_iovas, 1u);
  EXPECT_EQ(reply.out_iova_alignment, 1u);
}

// The boundary of the EMSGSIZE rule: room for exactly the ranges there are is enough.
TEST_F(IoasRangesTest, AnArrayOfExactlyTheRangeCountSucceeds) {
  uapi::IommuIovaRange range{};
  Outcome outcome = iommufd().IoasIovaRanges(ioas_, {&range, 1});
  ASSERT_THAT(outcome, Succeeds());
  EXPECT_EQ(outcome.As<uapi::IommuIoasIovaRanges>().num_iovas, 1u);
  EXPECT_EQ(range.start, 0u);
  EXPECT_EQ(range.last, UINT64_MAX);
}

TEST_F(IoasRangesTest, ReservedFieldIsEopnotsupp) {
  uapi::IommuIovaRange range{};
  uapi::IommuIoasIovaRanges arg{};
  arg.size = sizeof(arg);
  arg.ioas_id = ioas_;
  arg.num_iovas = 1;
  arg.reserved = 1;
  arg.allowed_iovas = reinterpret_cast<uintptr_t>(&range);
  EXPECT_THAT(iommufd().Raw(uapi::kIoctlIoasIovaRanges, &arg, sizeof(arg)),
              FailsWith(EOPNOTSUPP));
}

TEST_F(IoasRangesTest, UnknownIoasIsEnoent) {
  std::vector<uapi::IommuIovaRange> ranges(1);
  EXPECT_THAT(iommufd().IoasIovaRanges(ioas_ + 1, ranges), FailsWith(ENOENT));
}

TEST_F(IoasRangesTest, AllowIovasOnAnUnknownIoasIsEnoent) {
  uapi::IommuIovaRange allowed[] = {{0x10000, 0x1ffff}};
  EXPECT_THAT(iommufd().IoasAllowIovas(ioas_ + 1, allowed), FailsWith(ENOENT));
}

TEST_F(IoasRangesTest, AllowedRangesDoNotNarrowTheReportedRanges) {
  // IOVA_RANGES reports what is not reserved; allowed ranges only steer allocation.
  uapi::IommuIovaRange allowed[] = {{0x10000, 0x1ffff}, {0x100000, 0x1fffff}};
  ASSERT_THAT(iommufd().IoasAllowIovas(ioas_, allowed), Succeeds());
  auto ranges = IovaRangesOk(ioas_);
  ASSERT_EQ(ranges.size(), 1u);
  EXPECT_EQ(ranges[0].start, 0u);
  EXPECT_EQ(ranges[0].last, UINT64_MAX);
}

TEST_F(IoasRangesTest, AllowIovasAcceptsAnEmptyList) {
  EXPECT_THAT(iommufd().IoasAllowIovas(ioas_, {}), Succeeds());
}

TEST_F(IoasRangesTest, AllowingNothingLiftsTheAllocationLimit) {
  uapi::IommuIovaRange allowed[] = {{0x10000, 0x10000 + page_size() - 1}};
  ASSERT_THAT(iommufd().IoasAllowIovas(ioas_, allowed), Succeeds());
  MapAutoOk(ioas_, buffer(), page_size());
  ASSERT_THAT(iommufd().IoasMap(ioas_, buffer(), page_size(), 0, kReadWrite), FailsWith(ENOSPC));
  ASSERT_THAT(iommufd().IoasAllowIovas(ioas_, {}), Succeeds());
  MapAutoOk(ioas_, buffer(), page_size());
}

TEST_F(IoasRangesTest, OverlappingAllowedRangesAreEinval) {
  uapi::IommuIovaRange allowed[] = {{0x10000, 0x2ffff}, {0x20000, 0x3ffff}};
  EXPECT_THAT(iommufd().IoasAllowIovas(ioas_, allowed), FailsWith(EINVAL));
}

TEST_F(IoasRangesTest, BackwardsAllowedRangeIsEinval) {
  uapi::IommuIovaRange allowed[] = {{0x20000, 0x10000}};
  EXPECT_THAT(iommufd().IoasAllowIovas(ioas_, allowed), FailsWith(EINVAL));
}

TEST_F(IoasRangesTest, SingleByteAllowedRangeIsEinval) {
  uapi::IommuIovaRange allowed[] = {{0x20000, 0x20000}};
  EXPECT_THAT(iommufd().IoasAllowIovas(ioas_, allowed), FailsWith(EINVAL));
}

TEST_F(IoasRangesTest, AllowIovasReservedFieldIsEopnotsupp) {
  uapi::IommuIovaRange range{0x10000, 0x1ffff};
  uapi::IommuIoasAllowIovas arg{};
  arg.size = sizeof(arg);
  arg.ioas_id = ioas_;
  arg.num_iovas = 1;
  arg.reserved = 1;
  arg.allowed_iovas = reinterpret_cast<uintptr_t>(&range);
  EXPECT_THAT(iommufd().Raw(uapi::kIoctlIoasAllowIovas, &arg, sizeof(arg)),
              FailsWith(EOPNOTSUPP));
}

TEST_F(IoasRangesTest, AllowIovasUnreadableArrayIsEfault) {
  uapi::IommuIoasAllowIovas arg{};
  arg.size = sizeof(arg);
  arg.ioas_id = ioas_;
  arg.num_iovas = 1;
  arg.allowed_iovas = 8;  // the zero page is never mapped
  EXPECT_THAT(iommufd().Raw(uapi::kIoctlIoasAllowIovas, &arg, sizeof(arg)), FailsWith(EFAULT));
}

}  // namespace
}  // namespace iommufd_conform
