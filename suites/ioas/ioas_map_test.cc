// IOMMU_IOAS_MAP: fixed and automatic IOVAs, on an IOAS of each variant (ioas_variant_test.h).
#include <algorithm>

#include "suites/ioas/ioas_variant_test.h"

namespace iommufd_conform {
namespace {

using IoasMapTest = IoasVariantTest;

TEST_P(IoasMapTest, FixedMapReturnsTheRequestedIova) {
  EXPECT_EQ(MapFixedOk(ioas_, buffer(), page_size(), kIova), kIova);
}

TEST_P(IoasMapTest, FixedMapOverAnExistingAreaIsEexist) {
  MapFixedOk(ioas_, buffer(), 2 * page_size(), kIova);
  EXPECT_THAT(iommufd().IoasMap(ioas_, buffer(), page_size(), kIova + page_size(),
                                kFixedReadWrite),
              FailsWith(EEXIST));
  EXPECT_THAT(iommufd().IoasMap(ioas_, buffer(), 4 * page_size(), kIova - page_size(),
                                kFixedReadWrite),
              FailsWith(EEXIST));
}

TEST_P(IoasMapTest, FixedMapsSideBySideAreAccepted) {
  MapFixedOk(ioas_, buffer(), page_size(), kIova);
  MapFixedOk(ioas_, buffer(), page_size(), kIova + page_size());
  MapFixedOk(ioas_, buffer(), page_size(), kIova - page_size());
}

TEST_P(IoasMapTest, SameUserMemoryMayBeMappedTwice) {
  MapFixedOk(ioas_, buffer(), page_size(), kIova);
  MapFixedOk(ioas_, buffer(), page_size(), 2 * kIova);
}

TEST_P(IoasMapTest, MapWithoutReadOrWriteIsEinval) {
  EXPECT_THAT(iommufd().IoasMap(ioas_, buffer(), page_size(), kIova,
                                uapi::kIommuIoasMapFixedIova),
              FailsWith(EINVAL));
}

TEST_P(IoasMapTest, ReadOnlyAndWriteOnlyMapsAreAccepted) {
  EXPECT_THAT(iommufd().IoasMap(ioas_, buffer(), page_size(), kIova,
                                uapi::kIommuIoasMapFixedIova | uapi::kIommuIoasMapReadable),
              Succeeds());
  EXPECT_THAT(iommufd().IoasMap(ioas_, buffer(), page_size(), 2 * kIova,
                                uapi::kIommuIoasMapFixedIova | uapi::kIommuIoasMapWriteable),
              Succeeds());
}

TEST_P(IoasMapTest, UnknownFlagIsEopnotsupp) {
  EXPECT_THAT(iommufd().IoasMap(ioas_, buffer(), page_size(), kIova, kFixedReadWrite | 1u << 3),
              FailsWith(EOPNOTSUPP));
}

// Flags are checked before the range: an unknown flag wins over an overflowing length.
TEST_P(IoasMapTest, UnknownFlagIsEopnotsuppEvenWithAnOverflowingRange) {
  EXPECT_THAT(iommufd().IoasMap(ioas_, buffer(), UINT64_MAX, kIova, kFixedReadWrite | 1u << 3),
              FailsWith(EOPNOTSUPP));
  EXPECT_THAT(iommufd().IoasMap(ioas_, buffer(), page_size(), UINT64_MAX,
                                kFixedReadWrite | 1u << 3),
              FailsWith(EOPNOTSUPP));
}

TEST_P(IoasMapTest, ReservedFieldIsEopnotsupp) {
  uapi::IommuIoasMap arg{};
  arg.size = sizeof(arg);
  arg.flags = kFixedReadWrite;
  arg.ioas_id = ioas_;
  arg.reserved = 1;
  arg.user_va = reinterpret_cast<uintptr_t>(buffer());
  arg.length = page_size();
  arg.iova = kIova;
  EXPECT_THAT(iommufd().Raw(uapi::kIoctlIoasMap, &arg, sizeof(arg)), FailsWith(EOPNOTSUPP));
}

TEST_P(IoasMapTest, ZeroLengthIsEinval) {
  EXPECT_THAT(iommufd().IoasMap(ioas_, buffer(), 0, kIova, kFixedReadWrite), FailsWith(EINVAL));
  EXPECT_THAT(iommufd().IoasMap(ioas_, buffer(), 0, 0, kReadWrite), FailsWith(EINVAL));
}

TEST_P(IoasMapTest, IovaOrLengthAtUlongMaxIsEoverflow) {
  EXPECT_THAT(iommufd().IoasMap(ioas_, buffer(), page_size(), UINT64_MAX, kFixedReadWrite),
              FailsWith(EOVERFLOW));
  EXPECT_THAT(iommufd().IoasMap(ioas_, buffer(), UINT64_MAX, kIova, kFixedReadWrite),
              FailsWith(EOVERFLOW));
}

TEST_P(IoasMapTest, FixedRangeWrappingPastTheTopIsEoverflow) {
  EXPECT_THAT(iommufd().IoasMap(ioas_, buffer(), 2 * page_size(), UINT64_MAX - page_size() + 1,
                                kFixedReadWrite),
              FailsWith(EOVERFLOW));
}

TEST_P(IoasMapTest, UnknownIoasIsEnoent) {
  EXPECT_THAT(iommufd().IoasMap(ioas_ + 1, buffer(), page_size(), kIova, kFixedReadWrite),
              FailsWith(ENOENT));
}

TEST_P(IoasMapTest, AutomaticIovaIsNeverZeroAndKeepsThePageOffset) {
  uint64_t iova = MapAutoOk(ioas_, buffer(), page_size());
  EXPECT_NE(iova, 0u);
  EXPECT_EQ(iova % page_size(), 0u);
  // An offset within a page; a domain takes none finer than its own page size.
  const uint64_t offset = std::max<uint64_t>(0x10, Alignment());
  uint64_t offset_iova = MapAutoOk(ioas_, buffer() + offset, page_size() - offset);
  EXPECT_EQ(offset_iova % page_size(), offset);
}

TEST_P(IoasMapTest, AutomaticIovasDoNotOverlap) {
  std::vector<std::pair<uint64_t, uint64_t>> areas;
  for (uint64_t pages = 1; pages <= 8; ++pages) {
    uint64_t length = pages * page_size();
    areas.emplace_back(MapAutoOk(ioas_, buffer(), length), length);
  }
  for (size_t i = 0; i < areas.size(); ++i) {
    for (size_t j = i + 1; j < areas.size(); ++j) {
      bool disjoint = areas[i].first + areas[i].second <= areas[j].first ||
                      areas[j].first + areas[j].second <= areas[i].first;
      EXPECT_TRUE(disjoint) << "areas " << i << " and " << j << " overlap";
    }
  }
}

TEST_P(IoasMapTest, AutomaticIovaAvoidsAFixedArea) {
  MapFixedOk(ioas_, buffer(), 4 * page_size(), kIova);
  uint64_t iova = MapAutoOk(ioas_, buffer(), page_size());
  EXPECT_TRUE(iova >= kIova + 4 * page_size() || iova + page_size() <= kIova);
}

TEST_P(IoasMapTest, AutomaticIovaStaysInsideTheAllowedRanges) {
  uapi::IommuIovaRange allowed[] = {{0x40000000, 0x4000ffff}};
  ASSERT_THAT(iommufd().IoasAllowIovas(ioas_, allowed), Succeeds());
  uint64_t iova = MapAutoOk(ioas_, buffer(), 4 * page_size());
  EXPECT_GE(iova, 0x40000000u);
  EXPECT_LE(iova + 4 * page_size() - 1, 0x4000ffffu);
}

TEST_P(IoasMapTest, AllowedRangesFullIsEnospc) {
  uapi::IommuIovaRange allowed[] = {{0x40000000, 0x40000000 + 2 * page_size() - 1}};
  ASSERT_THAT(iommufd().IoasAllowIovas(ioas_, allowed), Succeeds());
  MapAutoOk(ioas_, buffer(), 2 * page_size());
  EXPECT_THAT(iommufd().IoasMap(ioas_, buffer(), page_size(), 0, kReadWrite), FailsWith(ENOSPC));
}

TEST_P(IoasMapTest, FixedMapOutsideTheAllowedRangesIsAccepted) {
  // Allowed ranges steer automatic allocation only.
  uapi::IommuIovaRange allowed[] = {{0x40000000, 0x4000ffff}};
  ASSERT_THAT(iommufd().IoasAllowIovas(ioas_, allowed), Succeeds());
  MapFixedOk(ioas_, buffer(), page_size(), kIova);
}

INSTANTIATE_IOAS_VARIANTS(IoasMapTest);

}  // namespace
}  // namespace iommufd_conform
