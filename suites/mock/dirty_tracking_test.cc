// Dirty tracking on a mock paging HWPT: IOMMU_HWPT_SET_DIRTY_TRACKING,
// IOMMU_HWPT_GET_DIRTY_BITMAP and IOMMU_TEST_OP_DIRTY, which dirties mock PTEs.
#include <array>
#include <string>

#include "suites/mock/mock_test.h"

namespace iommufd_conform {
namespace {

using uapi::kMockPageSize;

class MockDirtyTrackingTest : public MockTest {
 protected:
  static constexpr uint64_t kLength = 0x10000;  // mapped at kApertureIova

  void SetUp() override {
    MockTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    device_ = MockDomainOk(ioas_);
    hwpt_ = HwptAllocOk(device_.idev, ioas_, uapi::kIommuHwptAllocDirtyTracking);
    MapPerMockPage();
  }

  // Each mock page is mapped on its own so that every PTE is one mock page: 7.2 reports a
  // dirty PTE spanning several mock pages short (see the reproducer at the end).
  void MapPerMockPage() {
    ASSERT_GE(kBufferPages * page_size(), kLength);
    for (uint64_t at = 0; at < kLength; at += kMockPageSize) {
      MapFixedOk(ioas_, buffer() + at, kMockPageSize, kApertureIova + at);
    }
  }

  void EnableOk() {
    (void)Require(iommufd().HwptSetDirtyTracking(hwpt_, uapi::kIommuHwptDirtyTrackingEnable),
                  "SET_DIRTY_TRACKING on");
  }

  // The first bitmap word for [iova, iova + length) at `page_size` granularity.
  uint64_t ReadOk(uint64_t iova, uint64_t length, uint64_t page_size, uint32_t flags = 0) {
    std::array<uint64_t, 4> bitmap{};
    (void)Require(
        iommufd().HwptGetDirtyBitmap(hwpt_, iova, length, page_size, bitmap.data(), flags),
        "GET_DIRTY_BITMAP");
    return bitmap[0];
  }

  // IOMMU_TEST_OP_DIRTY with `bits` as the bitmap's only word.
  Outcome MarkDirtyBits(uint32_t hwpt, uint64_t iova, uint64_t length, uint64_t page_size,
                        uint64_t bits) {
    marks_ = bits;
    return iommufd().MarkDirty(hwpt, iova, length, page_size, &marks_);
  }
  // Marks in mock-page steps, which every driver understands; returns out_nr_dirty.
  uint64_t MarkDirtyOk(uint64_t iova, uint64_t bits) {
    return Require(MarkDirtyBits(hwpt_, iova, 64 * kMockPageSize, kMockPageSize, bits),
                   "DIRTY at " + std::to_string(iova))
        .As<uapi::IommuTestCmd>()
        .dirty.out_nr_dirty;
  }

  MockDevice device_;
  uint32_t hwpt_ = 0;
  uint64_t marks_ = 0;
};

TEST_F(MockDirtyTrackingTest, OnlyDirtyTrackingHwptsCanTrack) {
  uint32_t plain = HwptAllocOk(device_.idev, ioas_);
  for (uint32_t hwpt : {device_.hwpt, plain}) {
    EXPECT_THAT(iommufd().HwptSetDirtyTracking(hwpt, uapi::kIommuHwptDirtyTrackingEnable),
                FailsWith(EOPNOTSUPP));
    EXPECT_THAT(iommufd().HwptSetDirtyTracking(hwpt, 0), FailsWith(EOPNOTSUPP));
  }
}

TEST_F(MockDirtyTrackingTest, TrackingNeedsAPagingHwpt) {
  uint32_t parent = HwptAllocOk(device_.idev, ioas_, uapi::kIommuHwptAllocNestParent);
  uint32_t iotlb = uapi::kIommuTestIotlbDefault;
  uint32_t nested =
      HwptAllocOk(device_.idev, parent, 0, uapi::kIommuHwptDataSelftest, BytesOf(iotlb));
  for (uint32_t id : {ioas_, nested, device_.idev, ioas_ + 100}) {
    EXPECT_THAT(iommufd().HwptSetDirtyTracking(id, uapi::kIommuHwptDirtyTrackingEnable),
                FailsWith(ENOENT))
        << id;
  }
}

TEST_F(MockDirtyTrackingTest, UnknownFlagIsEopnotsuppBeforeTheLookup) {
  EXPECT_THAT(iommufd().HwptSetDirtyTracking(hwpt_, 2), FailsWith(EOPNOTSUPP));
  EXPECT_THAT(iommufd().HwptSetDirtyTracking(ioas_ + 100, 2), FailsWith(EOPNOTSUPP));
}

TEST_F(MockDirtyTrackingTest, ReservedFieldIsNotChecked) {
  uapi::IommuHwptSetDirtyTracking arg{};
  arg.size = sizeof(arg);
  arg.flags = uapi::kIommuHwptDirtyTrackingEnable;
  arg.hwpt_id = hwpt_;
  arg.reserved = 1;
  EXPECT_THAT(iommufd().Raw(uapi::kIoctlHwptSetDirtyTracking, &arg, sizeof(arg)), Succeeds());
}

TEST_F(MockDirtyTrackingTest, EnablingTwiceAndDisablingTwiceAreFine) {
  EnableOk();
  EnableOk();
  EXPECT_THAT(iommufd().HwptSetDirtyTracking(hwpt_, 0), Succeeds());
  EXPECT_THAT(iommufd().HwptSetDirtyTracking(hwpt_, 0), Succeeds());
}

TEST_F(MockDirtyTrackingTest, MarkingNeedsTrackingOn) {
  EXPECT_THAT(MarkDirtyBits(hwpt_, kApertureIova, kMockPageSize, kMockPageSize, 1),
              FailsWith(EINVAL));
  EXPECT_THAT(MarkDirtyBits(device_.hwpt, kApertureIova, kMockPageSize, kMockPageSize, 1),
              FailsWith(EINVAL));
  EXPECT_THAT(MarkDirtyBits(ioas_, kApertureIova, kMockPageSize, kMockPageSize, 1),
              FailsWith(ENOENT));
}

// diff_fuzzer in a 7.2 x86_64 `none` guest (input 2a 4b 00 08 00 ff ff ff ff cd ff ff ff 2c 01):
// more than 2^27 bits (a 16 MiB bitmap) is EOVERFLOW, before the HWPT is looked up.
TEST_F(MockDirtyTrackingTest, MarkingMoreThan2To27PagesIsEoverflow) {
  if (!HasPasidMockDriver()) GTEST_SKIP() << "6.12's driver has no such limit";
  EnableOk();
  uint64_t most = (uint64_t{1} << 27) * kMockPageSize;
  EXPECT_THAT(MarkDirtyBits(hwpt_, 0, most + kMockPageSize, kMockPageSize, 1),
              FailsWith(EOVERFLOW));
  EXPECT_THAT(MarkDirtyBits(ioas_, 0, most + kMockPageSize, kMockPageSize, 1),
              FailsWith(EOVERFLOW));
  EXPECT_THAT(MarkDirtyBits(ioas_, 0, most, kMockPageSize, 1), FailsWith(ENOENT));
}

TEST_F(MockDirtyTrackingTest, MarkingRefusesEmptyOrMisalignedRequests) {
  EnableOk();
  EXPECT_THAT(MarkDirtyBits(hwpt_, kApertureIova, 0, kMockPageSize, 1), FailsWith(EINVAL));
  EXPECT_THAT(MarkDirtyBits(hwpt_, kApertureIova, kMockPageSize, 0, 1), FailsWith(EINVAL));
  EXPECT_THAT(
      MarkDirtyBits(hwpt_, kApertureIova + kMockPageSize / 2, kMockPageSize, kMockPageSize, 1),
      FailsWith(EINVAL));
  EXPECT_THAT(MarkDirtyBits(hwpt_, kApertureIova, 3 * kMockPageSize / 2, kMockPageSize, 1),
              FailsWith(EINVAL));
  uapi::IommuTestCmd cmd{};
  cmd.op = uapi::kIommuTestOpDirty;
  cmd.id = hwpt_;
  cmd.dirty.iova = kApertureIova;
  cmd.dirty.length = kMockPageSize;
  cmd.dirty.page_size = kMockPageSize;
  EXPECT_THAT(iommufd().TestCmd(cmd), FailsWith(EINVAL));  // no bitmap
}

TEST_F(MockDirtyTrackingTest, MarkedPtesShowInTheBitmapAtAnyGranularity) {
  EnableOk();
  EXPECT_EQ(MarkDirtyOk(kApertureIova, 0b10101), 3u);
  EXPECT_EQ(ReadOk(kApertureIova, kLength, kMockPageSize, uapi::kIommuHwptGetDirtyBitmapNoClear),
            0b10101u);
  // A 4 KiB bit covers two mock PTEs; a 1 KiB one half of one.
  EXPECT_EQ(
      ReadOk(kApertureIova, kLength, 2 * kMockPageSize, uapi::kIommuHwptGetDirtyBitmapNoClear),
      0b111u);
  EXPECT_EQ(ReadOk(kApertureIova, 16 * kMockPageSize / 2, kMockPageSize / 2,
                   uapi::kIommuHwptGetDirtyBitmapNoClear),
            0b1100110011u);
  EXPECT_EQ(ReadOk(kApertureIova + 2 * kMockPageSize, 4 * kMockPageSize, kMockPageSize,
                   uapi::kIommuHwptGetDirtyBitmapNoClear),
            0b101u);
}

TEST_F(MockDirtyTrackingTest, ReadingClearsUnlessAskedNotTo) {
  EnableOk();
  MarkDirtyOk(kApertureIova, 0b11);
  EXPECT_EQ(ReadOk(kApertureIova, kLength, kMockPageSize, uapi::kIommuHwptGetDirtyBitmapNoClear),
            0b11u);
  EXPECT_EQ(ReadOk(kApertureIova, kLength, kMockPageSize), 0b11u);
  EXPECT_EQ(ReadOk(kApertureIova, kLength, kMockPageSize), 0u);
}

TEST_F(MockDirtyTrackingTest, ClearingReadOnlyClearsTheRangeRead) {
  EnableOk();
  MarkDirtyOk(kApertureIova, 0b1001);
  EXPECT_EQ(ReadOk(kApertureIova, 2 * kMockPageSize, kMockPageSize), 0b1u);
  EXPECT_EQ(ReadOk(kApertureIova, kLength, kMockPageSize), 0b1000u);
}

TEST_F(MockDirtyTrackingTest, BitsAreAddedToWhatTheBitmapHolds) {
  EnableOk();
  MarkDirtyOk(kApertureIova, 0b1);
  std::array<uint64_t, 2> bitmap{0b100, ~uint64_t{0}};
  ASSERT_THAT(
      iommufd().HwptGetDirtyBitmap(hwpt_, kApertureIova, kLength, kMockPageSize, bitmap.data()),
      Succeeds());
  EXPECT_EQ(bitmap[0], 0b101u);
  EXPECT_EQ(bitmap[1], ~uint64_t{0});
}

TEST_F(MockDirtyTrackingTest, EnablingStartsClean) {
  EnableOk();
  MarkDirtyOk(kApertureIova, 0b11);
  EnableOk();
  EXPECT_EQ(ReadOk(kApertureIova, kLength, kMockPageSize), 0u);
}

TEST_F(MockDirtyTrackingTest, DisablingThenEnablingStartsClean) {
  EnableOk();
  MarkDirtyOk(kApertureIova, 0b11);
  ASSERT_THAT(iommufd().HwptSetDirtyTracking(hwpt_, 0), Succeeds());
  // What a disabled tracker reports changed between drivers: 7.x keeps the bits, 6.12 none.
  EXPECT_EQ(ReadOk(kApertureIova, kLength, kMockPageSize, uapi::kIommuHwptGetDirtyBitmapNoClear),
            HasPasidMockDriver() ? 0b11u : 0u);
  EnableOk();
  EXPECT_EQ(ReadOk(kApertureIova, kLength, kMockPageSize), 0u);
}

TEST_F(MockDirtyTrackingTest, UnmappingDropsTheDirtyBits) {
  EnableOk();
  MarkDirtyOk(kApertureIova, 0b11);
  UnmapOk(ioas_, kApertureIova, kLength);
  MapPerMockPage();
  EXPECT_EQ(ReadOk(kApertureIova, kLength, kMockPageSize), 0u);
}

TEST_F(MockDirtyTrackingTest, UnmappedPtesNeverTurnDirty) {
  EnableOk();
  // Half the marks fall past the mapping; they are counted by 7.x only, shown by none.
  uint64_t count = MarkDirtyOk(kApertureIova + kLength - 2 * kMockPageSize, 0b1111);
  EXPECT_GE(count, 2u);
  EXPECT_LE(count, 4u);
  EXPECT_EQ(ReadOk(kApertureIova + kLength - 2 * kMockPageSize, 4 * kMockPageSize, kMockPageSize),
            0b11u);
  EXPECT_EQ(ReadOk(kApertureIova + 0x100000, kLength, kMockPageSize), 0u);
}

TEST_F(MockDirtyTrackingTest, MarkingInStepsOtherThanTheMockPage) {
  // 7.x dirties the PTE at iova + i * page_size; 6.12 the PTE numbered iova / page_size + i
  // in mock pages, so 4 KiB steps from 32 MiB land at 16 MiB.
  const uint64_t iova = 2 * kApertureIova;
  MapFixedOk(ioas_, buffer(), kMockPageSize, iova);
  EnableOk();
  Outcome outcome = MarkDirtyBits(hwpt_, iova, 2 * 0x1000, 0x1000, 0b1);
  ASSERT_THAT(outcome, Succeeds());
  EXPECT_EQ(outcome.As<uapi::IommuTestCmd>().dirty.out_nr_dirty, 1u);
  bool by_iova = HasPasidMockDriver();
  EXPECT_EQ(ReadOk(iova, kMockPageSize, kMockPageSize), by_iova ? 1u : 0u);
  EXPECT_EQ(ReadOk(kApertureIova, kLength, kMockPageSize), by_iova ? 0u : 1u);
}

TEST_F(MockDirtyTrackingTest, HugeFormatReportsWhatWasMarked) {
  if (!HasPasidMockDriver()) GTEST_SKIP() << "6.12's driver has one paging format only";
  uint32_t ioas = IoasAllocOk();
  uapi::IommuHwptSelftest huge{0, uapi::kMockIommuptHuge};
  uint32_t hwpt = HwptAllocOk(device_.idev, ioas, uapi::kIommuHwptAllocDirtyTracking,
                              uapi::kIommuHwptDataSelftest, BytesOf(huge));
  MapFixedOk(ioas, buffer(), kLength, kApertureIova);
  ASSERT_THAT(iommufd().HwptSetDirtyTracking(hwpt, uapi::kIommuHwptDirtyTrackingEnable),
              Succeeds());
  Outcome marked = MarkDirtyBits(hwpt, kApertureIova, 64 * kMockPageSize, kMockPageSize, 0b101);
  ASSERT_THAT(marked, Succeeds());
  EXPECT_EQ(marked.As<uapi::IommuTestCmd>().dirty.out_nr_dirty, 2u);
  std::array<uint64_t, 2> bitmap{};
  ASSERT_THAT(
      iommufd().HwptGetDirtyBitmap(hwpt, kApertureIova, kLength, kMockPageSize, bitmap.data()),
      Succeeds());
  // Every marked mock page, and nothing beyond the CPU pages holding them (7.3 reports
  // whole PTEs, which may span a CPU page).
  EXPECT_EQ(bitmap[0] & 0b101u, 0b101u);
  EXPECT_EQ(bitmap[0] & ~uint64_t{0b1111}, 0u);
}

TEST_F(MockDirtyTrackingTest, BitmapNeedsAPagingHwptThatTracks) {
  uint64_t word = 0;
  EXPECT_THAT(iommufd().HwptGetDirtyBitmap(ioas_, kApertureIova, kLength, kMockPageSize, &word),
              FailsWith(ENOENT));
  EXPECT_THAT(
      iommufd().HwptGetDirtyBitmap(ioas_ + 100, kApertureIova, kLength, kMockPageSize, &word),
      FailsWith(ENOENT));
  EXPECT_THAT(
      iommufd().HwptGetDirtyBitmap(device_.hwpt, kApertureIova, kLength, kMockPageSize, &word),
      FailsWith(EOPNOTSUPP));
  // Reading needs no tracking turned on.
  EXPECT_THAT(iommufd().HwptGetDirtyBitmap(hwpt_, kApertureIova, kLength, kMockPageSize, &word),
              Succeeds());
}

TEST_F(MockDirtyTrackingTest, BitmapFlagsAndReservedAreEopnotsuppBeforeTheLookup) {
  uint64_t word = 0;
  EXPECT_THAT(iommufd().HwptGetDirtyBitmap(hwpt_, kApertureIova, kLength, kMockPageSize, &word, 2),
              FailsWith(EOPNOTSUPP));
  uapi::IommuHwptGetDirtyBitmap reserved{};
  reserved.size = sizeof(reserved);
  reserved.hwpt_id = hwpt_;
  reserved.reserved = 1;
  reserved.iova = kApertureIova;
  reserved.length = kLength;
  reserved.page_size = kMockPageSize;
  reserved.data = reinterpret_cast<uintptr_t>(&word);
  EXPECT_THAT(iommufd().Raw(uapi::kIoctlHwptGetDirtyBitmap, &reserved, sizeof(reserved)),
              FailsWith(EOPNOTSUPP));
  EXPECT_THAT(
      iommufd().HwptGetDirtyBitmap(ioas_ + 100, kApertureIova, kLength, kMockPageSize, &word, 2),
      FailsWith(EOPNOTSUPP));
}

TEST_F(MockDirtyTrackingTest, EmptyBitmapRangeIsRefused) {
  // Up to 7.2 length - 1 wraps (EOVERFLOW); 7.3 refuses length 0 outright (EINVAL).
  uint64_t word = 0;
  for (uint32_t hwpt : {hwpt_, device_.hwpt}) {
    Outcome outcome = iommufd().HwptGetDirtyBitmap(hwpt, kApertureIova, 0, kMockPageSize, &word);
    EXPECT_THAT(outcome, testing::AnyOf(FailsWith(EOVERFLOW), FailsWith(EINVAL)));
  }
}

TEST_F(MockDirtyTrackingTest, BitmapRangeMustNotWrap) {
  uint64_t word = 0;
  EXPECT_THAT(iommufd().HwptGetDirtyBitmap(hwpt_, UINT64_MAX - 0xfff, 0x2000, 0x1000, &word),
              FailsWith(EOVERFLOW));
  EXPECT_THAT(iommufd().HwptGetDirtyBitmap(hwpt_, UINT64_MAX - 0xfff, 0x1000, 0x1000, &word),
              Succeeds());
}

TEST_F(MockDirtyTrackingTest, BitmapRangeMustBeAligned) {
  uint64_t word = 0;
  EXPECT_THAT(iommufd().HwptGetDirtyBitmap(hwpt_, kApertureIova, kLength, 0, &word),
              FailsWith(EINVAL));
  // To the bitmap's page size...
  EXPECT_THAT(iommufd().HwptGetDirtyBitmap(hwpt_, kApertureIova + kMockPageSize, kLength,
                                           2 * kMockPageSize, &word),
              FailsWith(EINVAL));
  EXPECT_THAT(
      iommufd().HwptGetDirtyBitmap(hwpt_, kApertureIova, kMockPageSize, 2 * kMockPageSize, &word),
      FailsWith(EINVAL));
  // ... and to the IOAS's IOVA alignment, whatever the page size.
  EXPECT_THAT(iommufd().HwptGetDirtyBitmap(hwpt_, kApertureIova + kMockPageSize / 2,
                                           kMockPageSize / 2, kMockPageSize / 2, &word),
              FailsWith(EINVAL));
  EXPECT_THAT(iommufd().HwptGetDirtyBitmap(hwpt_, kApertureIova, 3 * kMockPageSize / 2,
                                           kMockPageSize / 2, &word),
              FailsWith(EINVAL));
}

TEST_F(MockDirtyTrackingTest, RangeIsCheckedBeforeTheTrackingCapability) {
  uint64_t word = 0;
  EXPECT_THAT(iommufd().HwptGetDirtyBitmap(device_.hwpt, UINT64_MAX - 0xfff, 0x2000, 0x1000, &word),
              FailsWith(EOVERFLOW));
  EXPECT_THAT(iommufd().HwptGetDirtyBitmap(device_.hwpt, kApertureIova, kLength, 0, &word),
              FailsWith(EINVAL));
}

// Kernel bug reproducers (reference/divergences.txt): expected failures on the kernels their
// entries list. A whole CPU page mapped in one go becomes one PTE of several mock pages.

// 7.2 (fixed in 7.3): dirtying the PTE's second mock page is reported as its first one
// only; a PTE of n mock pages is reported as its first n - 1. Dirty bits may over-report,
// never under-report.
TEST_F(MockDirtyTrackingTest, DirtyMultiPagePteIsReportedWhole) {
  KERNEL_BUG_REPRODUCER("dirty-multi-page-pte-under-reported");
  const uint64_t iova = kApertureIova + 0x100000;
  MapFixedOk(ioas_, buffer(), page_size(), iova);
  EnableOk();
  ASSERT_THAT(MarkDirtyBits(hwpt_, iova, 2 * kMockPageSize, kMockPageSize, 0b10), Succeeds());
  EXPECT_TRUE(ReadOk(iova, page_size(), kMockPageSize) & 0b10);
}

// 7.2 (fixed in 7.3): reading from the second mock page of a dirty multi-page PTE never
// returns (the guest's run times out, without a splat).
TEST_F(MockDirtyTrackingTest, ReadingFromInsideADirtyPteReturns) {
  KERNEL_BUG_REPRODUCER("dirty-read-inside-multi-page-pte-hangs");
  const uint64_t iova = kApertureIova + 0x100000;
  MapFixedOk(ioas_, buffer(), page_size(), iova);
  EnableOk();
  ASSERT_THAT(MarkDirtyBits(hwpt_, iova, kMockPageSize, kMockPageSize, 0b1), Succeeds());
  uint64_t word = 0;
  EXPECT_THAT(iommufd().HwptGetDirtyBitmap(hwpt_, iova + kMockPageSize, kMockPageSize,
                                           kMockPageSize, &word),
              Succeeds());
}

// 6.12, 7.2 and 7.3: a bitmap the kernel cannot write (NULL, unmapped, read-only) is not
// reported; the ioctl succeeds and, without NO_CLEAR, the bits are gone.
TEST_F(MockDirtyTrackingTest, UnwritableBitmapIsEfault) {
  KERNEL_BUG_REPRODUCER("dirty-bitmap-unwritable-buffer");
  EnableOk();
  MarkDirtyOk(kApertureIova, 0b1);
  EXPECT_THAT(iommufd().HwptGetDirtyBitmap(hwpt_, kApertureIova, kLength, kMockPageSize, nullptr),
              FailsWith(EFAULT));
  EXPECT_EQ(ReadOk(kApertureIova, kLength, kMockPageSize), 0b1u);
}

}  // namespace
}  // namespace iommufd_conform
