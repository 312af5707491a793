// IOMMU_IOAS_UNMAP: whole areas only, sums of areas, unmap-all.
#include "suites/support/conform_test.h"

namespace iommufd_conform {
namespace {

class IoasUnmapTest : public IoasTest {
 protected:
  static constexpr uint64_t kIova = 0x200000;
};

TEST_F(IoasUnmapTest, ExactAreaIsUnmappedAndItsLengthReturned) {
  MapFixedOk(ioas_, buffer(), 2 * page_size(), kIova);
  EXPECT_EQ(UnmapOk(ioas_, kIova, 2 * page_size()), 2 * page_size());
  EXPECT_THAT(iommufd().IoasUnmap(ioas_, kIova, 2 * page_size()), FailsWith(ENOENT));
}

TEST_F(IoasUnmapTest, PartOfAnAreaIsEnoent) {
  MapFixedOk(ioas_, buffer(), 2 * page_size(), kIova);
  EXPECT_THAT(iommufd().IoasUnmap(ioas_, kIova, page_size()), FailsWith(ENOENT));
  EXPECT_THAT(iommufd().IoasUnmap(ioas_, kIova + page_size(), page_size()), FailsWith(ENOENT));
  // The area is still whole.
  EXPECT_EQ(UnmapOk(ioas_, kIova, 2 * page_size()), 2 * page_size());
}

TEST_F(IoasUnmapTest, RangeCoveringSeveralAreasAndHolesUnmapsThemAll) {
  MapFixedOk(ioas_, buffer(), page_size(), kIova);
  MapFixedOk(ioas_, buffer(), 2 * page_size(), kIova + 2 * page_size());
  MapFixedOk(ioas_, buffer(), page_size(), kIova + 8 * page_size());
  EXPECT_EQ(UnmapOk(ioas_, kIova - page_size(), 16 * page_size()), 4 * page_size());
}

TEST_F(IoasUnmapTest, EmptyRangeIsEnoent) {
  EXPECT_THAT(iommufd().IoasUnmap(ioas_, kIova, page_size()), FailsWith(ENOENT));
}

TEST_F(IoasUnmapTest, ZeroLengthIsEinval) {
  MapFixedOk(ioas_, buffer(), page_size(), kIova);
  EXPECT_THAT(iommufd().IoasUnmap(ioas_, kIova, 0), FailsWith(EINVAL));
}

TEST_F(IoasUnmapTest, UnmapAllOnAnEmptyIoasSucceedsWithZero) {
  EXPECT_EQ(UnmapOk(ioas_, 0, UINT64_MAX), 0u);
}

TEST_F(IoasUnmapTest, UnmapAllRemovesEveryArea) {
  MapFixedOk(ioas_, buffer(), page_size(), kIova);
  MapAutoOk(ioas_, buffer(), 3 * page_size());
  EXPECT_EQ(UnmapOk(ioas_, 0, UINT64_MAX), 4 * page_size());
  EXPECT_EQ(UnmapOk(ioas_, 0, UINT64_MAX), 0u);
}

TEST_F(IoasUnmapTest, LengthAtUlongMaxButNotUnmapAllIsEoverflow) {
  EXPECT_THAT(iommufd().IoasUnmap(ioas_, page_size(), UINT64_MAX), FailsWith(EOVERFLOW));
}

TEST_F(IoasUnmapTest, RangeWrappingPastTheTopIsEoverflow) {
  EXPECT_THAT(iommufd().IoasUnmap(ioas_, UINT64_MAX - page_size() + 1, 2 * page_size()),
              FailsWith(EOVERFLOW));
}

TEST_F(IoasUnmapTest, UnknownIoasIsEnoent) {
  EXPECT_THAT(iommufd().IoasUnmap(ioas_ + 1, 0, UINT64_MAX), FailsWith(ENOENT));
}

}  // namespace
}  // namespace iommufd_conform
