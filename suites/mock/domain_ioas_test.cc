// An IOAS with no, one or two mock domains: the aperture and page size they impose.
#include "suites/ioas/ioas_variant_test.h"

namespace iommufd_conform {
namespace {

// The variants' fixture, under the name its cases have always had.
using MockDomainIoasTest = IoasVariantTest;

TEST_P(MockDomainIoasTest, IovaRangesAreTheAperture) {
  uint64_t alignment = 0;
  auto ranges = IovaRangesOk(ioas_, &alignment);
  ASSERT_EQ(ranges.size(), 1u);
  if (has_domain()) {
    EXPECT_EQ(ranges[0].start, kAperture.start);
    EXPECT_EQ(ranges[0].last, kAperture.last);
    EXPECT_EQ(alignment, uapi::kMockPageSize);
  } else {
    EXPECT_EQ(ranges[0].start, 0u);
    EXPECT_EQ(ranges[0].last, UINT64_MAX);
    EXPECT_EQ(alignment, 1u);
  }
}

TEST_P(MockDomainIoasTest, FixedMapOutsideTheApertureIsRefusedOnlyWithADomain) {
  for (uint64_t iova : {uint64_t{0x1000}, kAperture.last + 1}) {
    Outcome outcome = iommufd().IoasMap(ioas_, buffer(), page_size(), iova, kFixedReadWrite);
    if (has_domain()) {
      EXPECT_THAT(outcome, FailsWith(EINVAL)) << iova;
    } else {
      EXPECT_THAT(outcome, Succeeds()) << iova;
    }
  }
}

TEST_P(MockDomainIoasTest, FixedMapMayEndOnTheApertureEnd) {
  MapFixedOk(ioas_, buffer(), page_size(), kAperture.last + 1 - page_size());
  UnmapOk(ioas_, kAperture.last + 1 - page_size(), page_size());
  EXPECT_THAT(iommufd().IoasMap(ioas_, buffer(), page_size(), kAperture.last + 1 - page_size() / 2,
                                kFixedReadWrite),
              SucceedsOrFailsWith(has_domain() ? EINVAL : 0));
}

TEST_P(MockDomainIoasTest, AutomaticIovasLandInTheAperture) {
  for (uint64_t pages : {1, 4, 3}) {
    uint64_t length = pages * page_size();
    uint64_t iova = MapAutoOk(ioas_, buffer(), length);
    if (has_domain()) {
      EXPECT_GE(iova, kAperture.start);
      EXPECT_LE(iova + length - 1, kAperture.last);
    }
  }
}

TEST_P(MockDomainIoasTest, MockPageSizeIsTheMappingGranule) {
  // Half a CPU page is a whole mock page: fine with a domain, as without.
  const uint64_t half = uapi::kMockPageSize;
  MapFixedOk(ioas_, buffer() + half, half, kApertureIova + half);
  uint64_t iova = MapAutoOk(ioas_, buffer() + half, half);
  EXPECT_EQ(iova % page_size(), half);
  // A quarter page is below the mock page size.
  const uint64_t quarter = half / 2;
  Outcome fixed = iommufd().IoasMap(ioas_, buffer() + quarter, half,
                                    kApertureIova + 4 * half + quarter, kFixedReadWrite);
  Outcome short_length =
      iommufd().IoasMap(ioas_, buffer(), quarter, kApertureIova + 8 * half, kFixedReadWrite);
  Outcome automatic = iommufd().IoasMap(ioas_, buffer() + quarter, half, 0, kReadWrite);
  if (has_domain()) {
    EXPECT_THAT(fixed, FailsWith(EINVAL));
    EXPECT_THAT(short_length, FailsWith(EINVAL));
    EXPECT_THAT(automatic, FailsWith(EINVAL));
  } else {
    EXPECT_THAT(fixed, Succeeds());
    EXPECT_THAT(short_length, Succeeds());
    EXPECT_THAT(automatic, Succeeds());
  }
}

TEST_P(MockDomainIoasTest, CopyOutsideTheApertureIsRefusedOnlyWithADomain) {
  uint32_t source = IoasAllocOk();
  MapFixedOk(source, buffer(), page_size(), 0x1000);
  EXPECT_THAT(iommufd().IoasCopy(ioas_, source, 0x1000, page_size(), 0x1000, kFixedReadWrite),
              SucceedsOrFailsWith(has_domain() ? EINVAL : 0));
  Outcome automatic = iommufd().IoasCopy(ioas_, source, 0x1000, page_size(), 0, kReadWrite);
  ASSERT_THAT(automatic, Succeeds());
  if (has_domain()) {
    EXPECT_GE(automatic.As<uapi::IommuIoasCopy>().dst_iova, kAperture.start);
  }
}

TEST_P(MockDomainIoasTest, AllowingIovasOutsideTheApertureIsEaddrinuse) {
  uapi::IommuIovaRange below[] = {{0x1000, 0x1fff}};
  uapi::IommuIovaRange inside[] = {{kAperture.start, kAperture.start + 0xffffff}};
  EXPECT_THAT(iommufd().IoasAllowIovas(ioas_, below),
              SucceedsOrFailsWith(has_domain() ? EADDRINUSE : 0));
  EXPECT_THAT(iommufd().IoasAllowIovas(ioas_, inside), Succeeds());
  uint64_t iova = MapAutoOk(ioas_, buffer(), page_size());
  EXPECT_GE(iova, inside[0].start);
  EXPECT_LE(iova, inside[0].last);
}

TEST_P(MockDomainIoasTest, ReservedRangesAddToTheApertureLimits) {
  SkipWithoutMockDevices();
  if (IsSkipped()) return;
  AddReservedOk(ioas_, 0x4000000, 0x1000);
  AddReservedOk(ioas_, 0, 0x2000);  // may overlap the domain's own reservation
  auto ranges = IovaRangesOk(ioas_);
  ASSERT_EQ(ranges.size(), 2u);
  EXPECT_EQ(ranges[0].start, has_domain() ? kAperture.start : 0x2000);
  EXPECT_EQ(ranges[0].last, 0x3ffffffu);
  EXPECT_EQ(ranges[1].start, 0x4001000u);
  EXPECT_EQ(ranges[1].last, has_domain() ? kAperture.last : UINT64_MAX);
}

TEST_P(MockDomainIoasTest, IoasIsBusyWhileADomainUsesIt) {
  EXPECT_THAT(iommufd().Destroy(ioas_), SucceedsOrFailsWith(has_domain() ? EBUSY : 0));
}

TEST_P(MockDomainIoasTest, HugePagesCannotBeTurnedOffUnderMappedDomains) {
  MapFixedOk(ioas_, buffer(), 4 * page_size(), kApertureIova);
  EXPECT_THAT(iommufd().Option(uapi::kIommuOptionHugePages, uapi::kIommuOptionOpSet, ioas_, 0),
              SucceedsOrFailsWith(has_domain() ? EINVAL : 0));
}

TEST_P(MockDomainIoasTest, HugePagesOffRaisesTheAlignmentToTheCpuPage) {
  ASSERT_THAT(iommufd().Option(uapi::kIommuOptionHugePages, uapi::kIommuOptionOpSet, ioas_, 0),
              Succeeds());
  uint64_t alignment = 0;
  IovaRangesOk(ioas_, &alignment);
  EXPECT_EQ(alignment, page_size());
  ASSERT_THAT(iommufd().Option(uapi::kIommuOptionHugePages, uapi::kIommuOptionOpSet, ioas_, 1),
              Succeeds());
  IovaRangesOk(ioas_, &alignment);
  EXPECT_EQ(alignment, has_domain() ? uapi::kMockPageSize : 1u);
}

// With huge pages off the domains are filled one CPU page at a time; the IOAS still maps
// and unmaps whole areas.
TEST_P(MockDomainIoasTest, HugePagesOffStillMapsAndUnmapsWholeAreas) {
  ASSERT_THAT(iommufd().Option(uapi::kIommuOptionHugePages, uapi::kIommuOptionOpSet, ioas_, 0),
              Succeeds());
  MapFixedOk(ioas_, buffer(), kBufferPages * page_size(), kApertureIova);
  EXPECT_EQ(UnmapOk(ioas_, kApertureIova, kBufferPages * page_size()),
            kBufferPages * page_size());
}

TEST_P(MockDomainIoasTest, RemovingEveryDomainLiftsTheLimits) {
  MapFixedOk(ioas_, buffer(), page_size(), kApertureIova);
  for (const MockDevice& device : devices_) DestroyOk(device.stdev);
  if (GetParam() == IoasVariant::kTwoMockDomains) DestroyOk(devices_[1].hwpt);
  uint64_t alignment = 0;
  auto ranges = IovaRangesOk(ioas_, &alignment);
  ASSERT_EQ(ranges.size(), 1u);
  EXPECT_EQ(ranges[0].start, 0u);
  EXPECT_EQ(ranges[0].last, UINT64_MAX);
  EXPECT_EQ(alignment, 1u);
  MapFixedOk(ioas_, buffer(), page_size(), 0x1000);
}

INSTANTIATE_TEST_SUITE_P(Mock, MockDomainIoasTest, testing::ValuesIn(kIoasVariants),
                         IoasVariantName);

}  // namespace
}  // namespace iommufd_conform
