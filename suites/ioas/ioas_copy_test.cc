// IOMMU_IOAS_COPY: sharing mapped pages between IOASes, into an IOAS of each variant
// (ioas_variant_test.h).
#include "suites/ioas/ioas_variant_test.h"

namespace iommufd_conform {
namespace {

// Copies into the variant's IOAS, whose domains the copy then fills, from a plain one.
class IoasCopyTest : public IoasVariantTest {
 protected:
  void SetUp() override {
    IoasVariantTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    dst_ = ioas_;
    src_ = IoasAllocOk();
  }
  uint32_t src_ = 0;
  uint32_t dst_ = 0;
};

TEST_P(IoasCopyTest, FixedCopyMapsTheSameRangeInTheDestination) {
  MapFixedOk(src_, buffer(), 4 * page_size(), kIova);
  Outcome outcome = iommufd().IoasCopy(dst_, src_, kIova, 4 * page_size(), kIova,
                                       kFixedReadWrite);
  ASSERT_THAT(outcome, Succeeds());
  EXPECT_EQ(outcome.As<uapi::IommuIoasCopy>().dst_iova, kIova);
  EXPECT_EQ(UnmapOk(dst_, kIova, 4 * page_size()), 4 * page_size());
}

TEST_P(IoasCopyTest, SubRangeOfAnAreaMayBeCopied) {
  MapFixedOk(src_, buffer(), 4 * page_size(), kIova);
  ASSERT_THAT(iommufd().IoasCopy(dst_, src_, kIova + page_size(), 2 * page_size(), kIova,
                                 kFixedReadWrite),
              Succeeds());
  EXPECT_EQ(UnmapOk(dst_, 0, UINT64_MAX), 2 * page_size());
}

TEST_P(IoasCopyTest, RangeSpanningAdjacentAreasMayBeCopied) {
  MapFixedOk(src_, buffer(), 2 * page_size(), kIova);
  MapFixedOk(src_, buffer() + 2 * page_size(), 2 * page_size(), kIova + 2 * page_size());
  EXPECT_THAT(iommufd().IoasCopy(dst_, src_, kIova + page_size(), 2 * page_size(), kIova,
                                 kFixedReadWrite),
              Succeeds());
}

TEST_P(IoasCopyTest, RangeWithAHoleIsEnoent) {
  MapFixedOk(src_, buffer(), page_size(), kIova);
  MapFixedOk(src_, buffer(), page_size(), kIova + 2 * page_size());
  EXPECT_THAT(iommufd().IoasCopy(dst_, src_, kIova, 3 * page_size(), kIova, kFixedReadWrite),
              FailsWith(ENOENT));
}

// What the copy may do is bounded by the source's pages: read-only ones (mapped without
// WRITE) cannot become writable through a copy, while a read-only copy of them is fine.
TEST_P(IoasCopyTest, WritableCopyOfReadOnlyPagesIsEperm) {
  constexpr uint32_t kFixedRead = uapi::kIommuIoasMapReadable | uapi::kIommuIoasMapFixedIova;
  ASSERT_THAT(iommufd().IoasMap(src_, buffer(), page_size(), kIova, kFixedRead), Succeeds());
  EXPECT_THAT(iommufd().IoasCopy(dst_, src_, kIova, page_size(), kIova, kFixedReadWrite),
              FailsWith(EPERM));
  EXPECT_THAT(iommufd().IoasCopy(dst_, src_, kIova, page_size(), kIova, kFixedRead), Succeeds());
}

TEST_P(IoasCopyTest, UnmappedSourceIsEnoent) {
  EXPECT_THAT(iommufd().IoasCopy(dst_, src_, kIova, page_size(), kIova, kFixedReadWrite),
              FailsWith(ENOENT));
}

TEST_P(IoasCopyTest, CopyIntoAnOccupiedFixedRangeIsEexist) {
  MapFixedOk(src_, buffer(), page_size(), kIova);
  MapFixedOk(dst_, buffer(), page_size(), kIova);
  EXPECT_THAT(iommufd().IoasCopy(dst_, src_, kIova, page_size(), kIova, kFixedReadWrite),
              FailsWith(EEXIST));
}

TEST_P(IoasCopyTest, AutomaticCopyReturnsAnIova) {
  MapFixedOk(src_, buffer(), page_size(), kIova);
  Outcome outcome = iommufd().IoasCopy(dst_, src_, kIova, page_size(), 0, kReadWrite);
  ASSERT_THAT(outcome, Succeeds());
  uint64_t iova = outcome.As<uapi::IommuIoasCopy>().dst_iova;
  EXPECT_NE(iova, 0u);
  EXPECT_EQ(UnmapOk(dst_, iova, page_size()), page_size());
}

TEST_P(IoasCopyTest, CopyWithinTheSameIoasIsAccepted) {
  MapFixedOk(src_, buffer(), page_size(), kIova);
  EXPECT_THAT(iommufd().IoasCopy(src_, src_, kIova, page_size(), 2 * kIova, kFixedReadWrite),
              Succeeds());
}

TEST_P(IoasCopyTest, UnknownFlagIsEopnotsupp) {
  MapFixedOk(src_, buffer(), page_size(), kIova);
  EXPECT_THAT(iommufd().IoasCopy(dst_, src_, kIova, page_size(), kIova, kFixedReadWrite | 8),
              FailsWith(EOPNOTSUPP));
}

TEST_P(IoasCopyTest, UnknownIoasIsEnoent) {
  MapFixedOk(src_, buffer(), page_size(), kIova);
  EXPECT_THAT(iommufd().IoasCopy(src_ + 1, src_, kIova, page_size(), kIova, kFixedReadWrite),
              FailsWith(ENOENT));
  EXPECT_THAT(iommufd().IoasCopy(dst_, src_ + 1, kIova, page_size(), kIova, kFixedReadWrite),
              FailsWith(ENOENT));
}

INSTANTIATE_IOAS_VARIANTS(IoasCopyTest);

}  // namespace
}  // namespace iommufd_conform
