// IOMMU_IOAS_MAP on an IOAS with nothing attached: fixed and automatic IOVAs.
#include "suites/support/conform_test.h"

namespace iommufd_conform {
namespace {

class IoasMapTest : public IoasTest {
 protected:
  static constexpr uint64_t kIova = 0x100000;
};

TEST_F(IoasMapTest, FixedMapReturnsTheRequestedIova) {
  EXPECT_EQ(MapFixedOk(ioas_, buffer(), page_size(), kIova), kIova);
}

TEST_F(IoasMapTest, FixedMapOverAnExistingAreaIsEexist) {
  MapFixedOk(ioas_, buffer(), 2 * page_size(), kIova);
  EXPECT_THAT(iommufd().IoasMap(ioas_, buffer(), page_size(), kIova + page_size(),
                                kFixedReadWrite),
              FailsWith(EEXIST));
  EXPECT_THAT(iommufd().IoasMap(ioas_, buffer(), 4 * page_size(), kIova - page_size(),
                                kFixedReadWrite),
              FailsWith(EEXIST));
}

TEST_F(IoasMapTest, FixedMapsSideBySideAreAccepted) {
  MapFixedOk(ioas_, buffer(), page_size(), kIova);
  MapFixedOk(ioas_, buffer(), page_size(), kIova + page_size());
  MapFixedOk(ioas_, buffer(), page_size(), kIova - page_size());
}

TEST_F(IoasMapTest, SameUserMemoryMayBeMappedTwice) {
  MapFixedOk(ioas_, buffer(), page_size(), kIova);
  MapFixedOk(ioas_, buffer(), page_size(), 2 * kIova);
}

TEST_F(IoasMapTest, MapWithoutReadOrWriteIsEinval) {
  EXPECT_THAT(iommufd().IoasMap(ioas_, buffer(), page_size(), kIova,
                                uapi::kIommuIoasMapFixedIova),
              FailsWith(EINVAL));
}

TEST_F(IoasMapTest, ReadOnlyAndWriteOnlyMapsAreAccepted) {
  EXPECT_THAT(iommufd().IoasMap(ioas_, buffer(), page_size(), kIova,
                                uapi::kIommuIoasMapFixedIova | uapi::kIommuIoasMapReadable),
              Succeeds());
  EXPECT_THAT(iommufd().IoasMap(ioas_, buffer(), page_size(), 2 * kIova,
                                uapi::kIommuIoasMapFixedIova | uapi::kIommuIoasMapWriteable),
              Succeeds());
}

TEST_F(IoasMapTest, UnknownFlagIsEopnotsupp) {
  EXPECT_THAT(iommufd().IoasMap(ioas_, buffer(), page_size(), kIova, kFixedReadWrite | 1u << 3),
              FailsWith(EOPNOTSUPP));
}

// Flags are checked before the range: an unknown flag wins over an overflowing length.
TEST_F(IoasMapTest, UnknownFlagIsEopnotsuppEvenWithAnOverflowingRange) {
  EXPECT_THAT(iommufd().IoasMap(ioas_, buffer(), UINT64_MAX, kIova, kFixedReadWrite | 1u << 3),
              FailsWith(EOPNOTSUPP));
  EXPECT_THAT(iommufd().IoasMap(ioas_, buffer(), page_size(), UINT64_MAX,
                                kFixedReadWrite | 1u << 3),
              FailsWith(EOPNOTSUPP));
}

TEST_F(IoasMapTest, ReservedFieldIsEopnotsupp) {
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

TEST_F(IoasMapTest, ZeroLengthIsEinval) {
  EXPECT_THAT(iommufd().IoasMap(ioas_, buffer(), 0, kIova, kFixedReadWrite), FailsWith(EINVAL));
  EXPECT_THAT(iommufd().IoasMap(ioas_, buffer(), 0, 0, kReadWrite), FailsWith(EINVAL));
}

TEST_F(IoasMapTest, IovaOrLengthAtUlongMaxIsEoverflow) {
  EXPECT_THAT(iommufd().IoasMap(ioas_, buffer(), page_size(), UINT64_MAX, kFixedReadWrite),
              FailsWith(EOVERFLOW));
  EXPECT_THAT(iommufd().IoasMap(ioas_, buffer(), UINT64_MAX, kIova, kFixedReadWrite),
              FailsWith(EOVERFLOW));
}

TEST_F(IoasMapTest, FixedRangeWrappingPastTheTopIsEoverflow) {
  EXPECT_THAT(iommufd().IoasMap(ioas_, buffer(), 2 * page_size(), UINT64_MAX - page_size() + 1,
                                kFixedReadWrite),
              FailsWith(EOVERFLOW));
}

TEST_F(IoasMapTest, UnknownIoasIsEnoent) {
  EXPECT_THAT(iommufd().IoasMap(ioas_ + 1, buffer(), page_size(), kIova, kFixedReadWrite),
              FailsWith(ENOENT));
}

TEST_F(IoasMapTest, AutomaticIovaIsNeverZeroAndKeepsThePageOffset) {
  uint64_t iova = MapAutoOk(ioas_, buffer(), page_size());
  EXPECT_NE(iova, 0u);
  EXPECT_EQ(iova % page_size(), 0u);
  uint64_t offset_iova = MapAutoOk(ioas_, buffer() + 0x10, page_size() - 0x10);
  EXPECT_EQ(offset_iova % page_size(), 0x10u);
}

TEST_F(IoasMapTest, AutomaticIovasDoNotOverlap) {
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

TEST_F(IoasMapTest, AutomaticIovaAvoidsAFixedArea) {
  MapFixedOk(ioas_, buffer(), 4 * page_size(), page_size());
  uint64_t iova = MapAutoOk(ioas_, buffer(), page_size());
  EXPECT_TRUE(iova >= 5 * page_size() || iova + page_size() <= page_size());
}

TEST_F(IoasMapTest, AutomaticIovaStaysInsideTheAllowedRanges) {
  uapi::IommuIovaRange allowed[] = {{0x40000000, 0x4000ffff}};
  ASSERT_THAT(iommufd().IoasAllowIovas(ioas_, allowed), Succeeds());
  uint64_t iova = MapAutoOk(ioas_, buffer(), 4 * page_size());
  EXPECT_GE(iova, 0x40000000u);
  EXPECT_LE(iova + 4 * page_size() - 1, 0x4000ffffu);
}

TEST_F(IoasMapTest, AllowedRangesFullIsEnospc) {
  uapi::IommuIovaRange allowed[] = {{0x40000000, 0x40000000 + 2 * page_size() - 1}};
  ASSERT_THAT(iommufd().IoasAllowIovas(ioas_, allowed), Succeeds());
  MapAutoOk(ioas_, buffer(), 2 * page_size());
  EXPECT_THAT(iommufd().IoasMap(ioas_, buffer(), page_size(), 0, kReadWrite), FailsWith(ENOSPC));
}

TEST_F(IoasMapTest, FixedMapOutsideTheAllowedRangesIsAccepted) {
  // Allowed ranges steer automatic allocation only.
  uapi::IommuIovaRange allowed[] = {{0x40000000, 0x4000ffff}};
  ASSERT_THAT(iommufd().IoasAllowIovas(ioas_, allowed), Succeeds());
  MapFixedOk(ioas_, buffer(), page_size(), kIova);
}

}  // namespace
}  // namespace iommufd_conform
