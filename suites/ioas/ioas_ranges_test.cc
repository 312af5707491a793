// IOMMU_IOAS_IOVA_RANGES and IOMMU_IOAS_ALLOW_IOVAS on an IOAS of each variant
// (ioas_variant_test.h): the whole space, or the aperture of the mock domains.
#include "suites/ioas/ioas_variant_test.h"

namespace iommufd_conform {
namespace {

using IoasRangesTest = IoasVariantTest;

TEST_P(IoasRangesTest, FreshIoasSpansEverythingWithAlignmentOne) {
  uint64_t alignment = 0;
  auto ranges = IovaRangesOk(ioas_, &alignment);
  ASSERT_EQ(ranges.size(), 1u);
  EXPECT_EQ(ranges[0].start, WholeRange().start);
  EXPECT_EQ(ranges[0].last, WholeRange().last);
  EXPECT_EQ(alignment, Alignment());
}

TEST_P(IoasRangesTest, NoRoomIsEmsgsizeWithTheNeededCount) {
  Outcome outcome = iommufd().IoasIovaRanges(ioas_, {});
  ASSERT_THAT(outcome, FailsWith(EMSGSIZE));
  auto reply = outcome.As<uapi::IommuIoasIovaRanges>();
  EXPECT_EQ(reply.num_iovas, 1u);
  EXPECT_EQ(reply.out_iova_alignment, Alignment());
}

// The boundary of the EMSGSIZE rule: room for exactly the ranges there are is enough.
TEST_P(IoasRangesTest, AnArrayOfExactlyTheRangeCountSucceeds) {
  uapi::IommuIovaRange range{};
  Outcome outcome = iommufd().IoasIovaRanges(ioas_, {&range, 1});
  ASSERT_THAT(outcome, Succeeds());
  EXPECT_EQ(outcome.As<uapi::IommuIoasIovaRanges>().num_iovas, 1u);
  EXPECT_EQ(range.start, WholeRange().start);
  EXPECT_EQ(range.last, WholeRange().last);
}

TEST_P(IoasRangesTest, ReservedFieldIsEopnotsupp) {
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

TEST_P(IoasRangesTest, UnknownIoasIsEnoent) {
  std::vector<uapi::IommuIovaRange> ranges(1);
  EXPECT_THAT(iommufd().IoasIovaRanges(ioas_ + 1, ranges), FailsWith(ENOENT));
}

TEST_P(IoasRangesTest, AllowIovasOnAnUnknownIoasIsEnoent) {
  uapi::IommuIovaRange allowed[] = {{kIova, kIova + 0xffff}};
  EXPECT_THAT(iommufd().IoasAllowIovas(ioas_ + 1, allowed), FailsWith(ENOENT));
}

TEST_P(IoasRangesTest, AllowedRangesDoNotNarrowTheReportedRanges) {
  // IOVA_RANGES reports what is not reserved; allowed ranges only steer allocation.
  uapi::IommuIovaRange allowed[] = {{kIova, kIova + 0xffff}, {kIova + 0x100000, kIova + 0x1fffff}};
  ASSERT_THAT(iommufd().IoasAllowIovas(ioas_, allowed), Succeeds());
  auto ranges = IovaRangesOk(ioas_);
  ASSERT_EQ(ranges.size(), 1u);
  EXPECT_EQ(ranges[0].start, WholeRange().start);
  EXPECT_EQ(ranges[0].last, WholeRange().last);
}

TEST_P(IoasRangesTest, AllowIovasAcceptsAnEmptyList) {
  EXPECT_THAT(iommufd().IoasAllowIovas(ioas_, {}), Succeeds());
}

TEST_P(IoasRangesTest, AllowingNothingLiftsTheAllocationLimit) {
  uapi::IommuIovaRange allowed[] = {{kIova, kIova + page_size() - 1}};
  ASSERT_THAT(iommufd().IoasAllowIovas(ioas_, allowed), Succeeds());
  MapAutoOk(ioas_, buffer(), page_size());
  ASSERT_THAT(iommufd().IoasMap(ioas_, buffer(), page_size(), 0, kReadWrite), FailsWith(ENOSPC));
  ASSERT_THAT(iommufd().IoasAllowIovas(ioas_, {}), Succeeds());
  MapAutoOk(ioas_, buffer(), page_size());
}

TEST_P(IoasRangesTest, OverlappingAllowedRangesAreEinval) {
  uapi::IommuIovaRange allowed[] = {{kIova, kIova + 0x1ffff}, {kIova + 0x10000, kIova + 0x2ffff}};
  EXPECT_THAT(iommufd().IoasAllowIovas(ioas_, allowed), FailsWith(EINVAL));
}

TEST_P(IoasRangesTest, BackwardsAllowedRangeIsEinval) {
  uapi::IommuIovaRange allowed[] = {{kIova + 0x10000, kIova}};
  EXPECT_THAT(iommufd().IoasAllowIovas(ioas_, allowed), FailsWith(EINVAL));
}

TEST_P(IoasRangesTest, SingleByteAllowedRangeIsEinval) {
  uapi::IommuIovaRange allowed[] = {{kIova, kIova}};
  EXPECT_THAT(iommufd().IoasAllowIovas(ioas_, allowed), FailsWith(EINVAL));
}

TEST_P(IoasRangesTest, AllowIovasReservedFieldIsEopnotsupp) {
  uapi::IommuIovaRange range{kIova, kIova + 0xffff};
  uapi::IommuIoasAllowIovas arg{};
  arg.size = sizeof(arg);
  arg.ioas_id = ioas_;
  arg.num_iovas = 1;
  arg.reserved = 1;
  arg.allowed_iovas = reinterpret_cast<uintptr_t>(&range);
  EXPECT_THAT(iommufd().Raw(uapi::kIoctlIoasAllowIovas, &arg, sizeof(arg)),
              FailsWith(EOPNOTSUPP));
}

TEST_P(IoasRangesTest, AllowIovasUnreadableArrayIsEfault) {
  uapi::IommuIoasAllowIovas arg{};
  arg.size = sizeof(arg);
  arg.ioas_id = ioas_;
  arg.num_iovas = 1;
  arg.allowed_iovas = 8;  // the zero page is never mapped
  EXPECT_THAT(iommufd().Raw(uapi::kIoctlIoasAllowIovas, &arg, sizeof(arg)), FailsWith(EFAULT));
}

INSTANTIATE_IOAS_VARIANTS(IoasRangesTest);

}  // namespace
}  // namespace iommufd_conform
