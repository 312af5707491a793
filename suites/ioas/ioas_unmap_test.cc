// IOMMU_IOAS_UNMAP: whole areas only, sums of areas, unmap-all, on an IOAS of each variant
// (ioas_variant_test.h).
#include "suites/ioas/ioas_variant_test.h"

namespace iommufd_conform {
namespace {

using IoasUnmapTest = IoasVariantTest;

TEST_P(IoasUnmapTest, ExactAreaIsUnmappedAndItsLengthReturned) {
  MapFixedOk(ioas_, buffer(), 2 * page_size(), kIova);
  EXPECT_EQ(UnmapOk(ioas_, kIova, 2 * page_size()), 2 * page_size());
  EXPECT_THAT(iommufd().IoasUnmap(ioas_, kIova, 2 * page_size()), FailsWith(ENOENT));
}

TEST_P(IoasUnmapTest, PartOfAnAreaIsEnoent) {
  MapFixedOk(ioas_, buffer(), 2 * page_size(), kIova);
  EXPECT_THAT(iommufd().IoasUnmap(ioas_, kIova, page_size()), FailsWith(ENOENT));
  EXPECT_THAT(iommufd().IoasUnmap(ioas_, kIova + page_size(), page_size()), FailsWith(ENOENT));
  // The area is still whole.
  EXPECT_EQ(UnmapOk(ioas_, kIova, 2 * page_size()), 2 * page_size());
}

TEST_P(IoasUnmapTest, RangeCoveringSeveralAreasAndHolesUnmapsThemAll) {
  MapFixedOk(ioas_, buffer(), page_size(), kIova);
  MapFixedOk(ioas_, buffer(), 2 * page_size(), kIova + 2 * page_size());
  MapFixedOk(ioas_, buffer(), page_size(), kIova + 8 * page_size());
  EXPECT_EQ(UnmapOk(ioas_, kIova - page_size(), 16 * page_size()), 4 * page_size());
}

TEST_P(IoasUnmapTest, EmptyRangeIsEnoent) {
  EXPECT_THAT(iommufd().IoasUnmap(ioas_, kIova, page_size()), FailsWith(ENOENT));
}

TEST_P(IoasUnmapTest, ZeroLengthIsEinval) {
  MapFixedOk(ioas_, buffer(), page_size(), kIova);
  EXPECT_THAT(iommufd().IoasUnmap(ioas_, kIova, 0), FailsWith(EINVAL));
}

TEST_P(IoasUnmapTest, UnmapAllOnAnEmptyIoasSucceedsWithZero) {
  EXPECT_EQ(UnmapOk(ioas_, 0, UINT64_MAX), 0u);
}

TEST_P(IoasUnmapTest, UnmapAllRemovesEveryArea) {
  MapFixedOk(ioas_, buffer(), page_size(), kIova);
  MapAutoOk(ioas_, buffer(), 3 * page_size());
  EXPECT_EQ(UnmapOk(ioas_, 0, UINT64_MAX), 4 * page_size());
  EXPECT_EQ(UnmapOk(ioas_, 0, UINT64_MAX), 0u);
}

TEST_P(IoasUnmapTest, LengthAtUlongMaxButNotUnmapAllIsEoverflow) {
  EXPECT_THAT(iommufd().IoasUnmap(ioas_, page_size(), UINT64_MAX), FailsWith(EOVERFLOW));
}

TEST_P(IoasUnmapTest, RangeWrappingPastTheTopIsEoverflow) {
  EXPECT_THAT(iommufd().IoasUnmap(ioas_, UINT64_MAX - page_size() + 1, 2 * page_size()),
              FailsWith(EOVERFLOW));
}

TEST_P(IoasUnmapTest, UnknownIoasIsEnoent) {
  EXPECT_THAT(iommufd().IoasUnmap(ioas_ + 1, 0, UINT64_MAX), FailsWith(ENOENT));
}

INSTANTIATE_IOAS_VARIANTS(IoasUnmapTest);

}  // namespace
}  // namespace iommufd_conform
