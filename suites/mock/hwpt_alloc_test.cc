// IOMMU_HWPT_ALLOC for a mock device: paging HWPTs on an IOAS, nested ones on a parent.
#include "suites/mock/mock_test.h"

namespace iommufd_conform {
namespace {

using uapi::IommuHwptSelftest;

class MockHwptAllocTest : public MockTest {
 protected:
  void SetUp() override {
    MockTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    device_ = MockDomainOk(ioas_);
  }

  Outcome AllocWithSize(uint32_t size, uint32_t reserved = 0) {
    uapi::IommuHwptAlloc arg{};
    arg.size = size;
    arg.dev_id = device_.idev;
    arg.pt_id = ioas_;
    arg.reserved = reserved;
    return iommufd().Raw(uapi::kIoctlHwptAlloc, &arg, sizeof(arg));
  }

  MockDevice device_;
  const IommuHwptSelftest selftest_data_{uapi::kIommuTestIotlbDefault, 0};
  // 6.12's iommu_hwpt_selftest is the iotlb field alone; every driver takes that much.
  std::span<const std::byte> iotlb_only_ = BytesOf(selftest_data_, sizeof(uint32_t));
};

TEST_F(MockHwptAllocTest, PagingHwptHoldsItsIoas) {
  uint32_t hwpt = HwptAllocOk(device_.idev, ioas_);
  EXPECT_NE(hwpt, device_.hwpt);
  DestroyOk(device_.stdev);
  EXPECT_THAT(iommufd().Destroy(ioas_), FailsWith(EBUSY));
  DestroyOk(hwpt);
  DestroyOk(ioas_);
}

TEST_F(MockHwptAllocTest, PagingFlagsEveryDriverKnows) {
  using namespace uapi;
  for (uint32_t flags :
       {0u, uint32_t{kIommuHwptAllocNestParent}, uint32_t{kIommuHwptAllocDirtyTracking},
        uint32_t{kIommuHwptAllocNestParent | kIommuHwptAllocDirtyTracking}}) {
    HwptAllocOk(device_.idev, ioas_, flags);
  }
}

TEST_F(MockHwptAllocTest, PasidFlagComesWithThePasidDriver) {
  Outcome outcome = iommufd().HwptAlloc(device_.idev, ioas_, uapi::kIommuHwptAllocPasid);
  EXPECT_THAT(outcome, SucceedsOrFailsWith(HasPasidMockDriver() ? 0 : EOPNOTSUPP));
}

TEST_F(MockHwptAllocTest, UnknownFlagIsEopnotsupp) {
  EXPECT_THAT(iommufd().HwptAlloc(device_.idev, ioas_, 1u << 4), FailsWith(EOPNOTSUPP));
  EXPECT_THAT(iommufd().HwptAlloc(device_.idev, ioas_, 1u << 31), FailsWith(EOPNOTSUPP));
}

TEST_F(MockHwptAllocTest, ReservedFieldIsEopnotsuppBeforeAnyLookup) {
  EXPECT_THAT(AllocWithSize(sizeof(uapi::IommuHwptAlloc), 1), FailsWith(EOPNOTSUPP));
  uapi::IommuHwptAlloc arg{};
  arg.size = sizeof(arg);
  arg.dev_id = ioas_ + 100;
  arg.reserved = 1;
  EXPECT_THAT(iommufd().Raw(uapi::kIoctlHwptAlloc, &arg, sizeof(arg)), FailsWith(EOPNOTSUPP));
}

TEST_F(MockHwptAllocTest, SizeUpToReservedIsEnough) {
  EXPECT_THAT(AllocWithSize(offsetof(uapi::IommuHwptAlloc, data_type)), Succeeds());
  EXPECT_THAT(AllocWithSize(offsetof(uapi::IommuHwptAlloc, data_type) - 1), FailsWith(EINVAL));
}

TEST_F(MockHwptAllocTest, DataLengthMustMatchTheDataTypeBeforeAnyLookup) {
  EXPECT_THAT(iommufd().HwptAlloc(device_.idev, ioas_, 0, uapi::kIommuHwptDataNone,
                                  BytesOf(selftest_data_)),
              FailsWith(EINVAL));
  EXPECT_THAT(iommufd().HwptAlloc(ioas_ + 100, ioas_ + 100, 0, uapi::kIommuHwptDataNone,
                                  BytesOf(selftest_data_)),
              FailsWith(EINVAL));
  EXPECT_THAT(iommufd().HwptAlloc(device_.idev, ioas_, 0, uapi::kIommuHwptDataSelftest, {}),
              FailsWith(EINVAL));
}

TEST_F(MockHwptAllocTest, DevIdThatIsNoDeviceIsEnoent) {
  for (uint32_t dev : {0u, ioas_, device_.stdev, device_.hwpt, ioas_ + 100}) {
    EXPECT_THAT(iommufd().HwptAlloc(dev, ioas_), FailsWith(ENOENT));
  }
  EXPECT_THAT(iommufd().HwptAlloc(ioas_ + 100, ioas_ + 100), FailsWith(ENOENT));
}

TEST_F(MockHwptAllocTest, PtIdThatIsNoIoasOrHwptIsEinval) {
  for (uint32_t pt : {0u, device_.idev, device_.stdev, ioas_ + 100}) {
    EXPECT_THAT(iommufd().HwptAlloc(device_.idev, pt), FailsWith(EINVAL));
  }
  // The pt is looked at before the flags.
  EXPECT_THAT(iommufd().HwptAlloc(device_.idev, ioas_ + 100, 1u << 4), FailsWith(EINVAL));
}

TEST_F(MockHwptAllocTest, UnknownDataTypeOnAnIoasIsEopnotsupp) {
  EXPECT_THAT(iommufd().HwptAlloc(device_.idev, ioas_, 0, uapi::kIommuHwptDataVtdS1,
                                  BytesOf(uapi::IommuHwptVtdS1{})),
              FailsWith(EOPNOTSUPP));
  EXPECT_THAT(iommufd().HwptAlloc(device_.idev, ioas_, 0, 0x1234, BytesOf(selftest_data_)),
              FailsWith(EOPNOTSUPP));
}

TEST_F(MockHwptAllocTest, DirtyTrackingNeedsADeviceThatCanTrack) {
  MockDevice no_dirty = MockDomainOk(ioas_, uapi::kMockFlagsDeviceNoDirty);
  EXPECT_THAT(iommufd().HwptAlloc(no_dirty.idev, ioas_, uapi::kIommuHwptAllocDirtyTracking),
              FailsWith(EOPNOTSUPP));
  HwptAllocOk(no_dirty.idev, ioas_, uapi::kIommuHwptAllocNestParent);
}

TEST_F(MockHwptAllocTest, DomainThatCannotCoverTheAreasIsEaddrinuse) {
  uint32_t other = IoasAllocOk();
  MapFixedOk(other, buffer(), page_size(), 0x1000);
  EXPECT_THAT(iommufd().HwptAlloc(device_.idev, other), FailsWith(EADDRINUSE));
  EXPECT_THAT(iommufd().HwptAlloc(device_.idev, other, uapi::kIommuHwptAllocNestParent),
              FailsWith(EADDRINUSE));
  DestroyOk(other);
}

TEST_F(MockHwptAllocTest, FaultIdIsIgnoredWithoutItsFlag) {
  EXPECT_THAT(iommufd().HwptAlloc(device_.idev, ioas_, 0, 0, {}, ioas_ + 100), Succeeds());
}

TEST_F(MockHwptAllocTest, SelftestDataChoosesThePagingFormat) {
  if (!HasPasidMockDriver()) {
    // 6.12's driver takes no data for paging HWPTs.
    EXPECT_THAT(
        iommufd().HwptAlloc(device_.idev, ioas_, 0, uapi::kIommuHwptDataSelftest, iotlb_only_),
        FailsWith(EOPNOTSUPP));
    return;
  }
  uint32_t other = IoasAllocOk();
  IommuHwptSelftest huge{0, uapi::kMockIommuptHuge};
  HwptAllocOk(device_.idev, other, 0, uapi::kIommuHwptDataSelftest, BytesOf(huge));
  uint64_t alignment = 0;
  auto ranges = IovaRangesOk(other, &alignment);
  ASSERT_EQ(ranges.size(), 1u);
  EXPECT_EQ(ranges[0].start, 0u);
  EXPECT_EQ(ranges[0].last, (uint64_t{1} << 38) - 1);
  EXPECT_EQ(alignment, page_size());
  // The default format is the automatic domain's, and the rest of the struct may be left out.
  uint32_t third = IoasAllocOk();
  HwptAllocOk(device_.idev, third, 0, uapi::kIommuHwptDataSelftest, iotlb_only_);
  ranges = IovaRangesOk(third, &alignment);
  ASSERT_EQ(ranges.size(), 1u);
  EXPECT_EQ(ranges[0].start, kAperture.start);
  EXPECT_EQ(alignment, uapi::kMockPageSize);
}

TEST_F(MockHwptAllocTest, SelftestPagingDataRules) {
  if (!HasPasidMockDriver()) GTEST_SKIP() << "6.12's driver takes no data for paging HWPTs";
  IommuHwptSelftest unknown{0, 2};
  EXPECT_THAT(
      iommufd().HwptAlloc(device_.idev, ioas_, 0, uapi::kIommuHwptDataSelftest, BytesOf(unknown)),
      FailsWith(EOPNOTSUPP));
  EXPECT_THAT(iommufd().HwptAlloc(device_.idev, ioas_, 0, uapi::kIommuHwptDataSelftest,
                                  BytesOf(selftest_data_, 3)),
              FailsWith(EINVAL));
  // Longer than the struct is refused even when the tail is zero.
  struct {
    IommuHwptSelftest data;
    uint32_t tail = 0;
  } longer{selftest_data_};
  EXPECT_THAT(
      iommufd().HwptAlloc(device_.idev, ioas_, 0, uapi::kIommuHwptDataSelftest, BytesOf(longer)),
      FailsWith(EINVAL));
  EXPECT_THAT(
      iommufd().HwptAlloc(device_.idev, ioas_, 0, uapi::kIommuHwptDataSelftest,
                          {static_cast<const std::byte*>(nullptr), sizeof(IommuHwptSelftest)}),
      FailsWith(EFAULT));
}

TEST_F(MockHwptAllocTest, NestedHwptNeedsANestParent) {
  uint32_t parent = HwptAllocOk(device_.idev, ioas_, uapi::kIommuHwptAllocNestParent);
  uint32_t nested = HwptAllocOk(device_.idev, parent, 0, uapi::kIommuHwptDataSelftest, iotlb_only_);
  EXPECT_THAT(iommufd().Destroy(parent), FailsWith(EBUSY));
  uint32_t plain = HwptAllocOk(device_.idev, ioas_);
  EXPECT_THAT(
      iommufd().HwptAlloc(device_.idev, plain, 0, uapi::kIommuHwptDataSelftest, iotlb_only_),
      FailsWith(EINVAL));
  EXPECT_THAT(
      iommufd().HwptAlloc(device_.idev, device_.hwpt, 0, uapi::kIommuHwptDataSelftest, iotlb_only_),
      FailsWith(EINVAL));
  EXPECT_THAT(
      iommufd().HwptAlloc(device_.idev, nested, 0, uapi::kIommuHwptDataSelftest, iotlb_only_),
      FailsWith(EINVAL));
  DestroyOk(nested);
  DestroyOk(parent);
}

TEST_F(MockHwptAllocTest, NestedHwptNeedsSelftestData) {
  uint32_t parent = HwptAllocOk(device_.idev, ioas_, uapi::kIommuHwptAllocNestParent);
  EXPECT_THAT(iommufd().HwptAlloc(device_.idev, parent), FailsWith(EOPNOTSUPP));
  EXPECT_THAT(iommufd().HwptAlloc(device_.idev, parent, 0, uapi::kIommuHwptDataVtdS1,
                                  BytesOf(uapi::IommuHwptVtdS1{})),
              FailsWith(EOPNOTSUPP));
  // Flags and the type are looked at before the parent.
  uint32_t plain = HwptAllocOk(device_.idev, ioas_);
  EXPECT_THAT(iommufd().HwptAlloc(device_.idev, plain), FailsWith(EOPNOTSUPP));
  EXPECT_THAT(iommufd().HwptAlloc(device_.idev, plain, uapi::kIommuHwptAllocDirtyTracking,
                                  uapi::kIommuHwptDataSelftest, iotlb_only_),
              FailsWith(EOPNOTSUPP));
  EXPECT_THAT(iommufd().HwptAlloc(device_.idev, plain, 0, uapi::kIommuHwptDataVtdS1,
                                  BytesOf(uapi::IommuHwptVtdS1{})),
              FailsWith(EINVAL));
}

TEST_F(MockHwptAllocTest, NestedFlagsArePagingOnesMinusParentAndDirty) {
  uint32_t parent = HwptAllocOk(device_.idev, ioas_, uapi::kIommuHwptAllocNestParent);
  for (uint32_t flags : {uapi::kIommuHwptAllocNestParent, uapi::kIommuHwptAllocDirtyTracking}) {
    EXPECT_THAT(
        iommufd().HwptAlloc(device_.idev, parent, flags, uapi::kIommuHwptDataSelftest, iotlb_only_),
        FailsWith(EOPNOTSUPP));
  }
  // fault_id 0 names no fault queue (suites/mock/fault_queue_test.cc has the rest).
  EXPECT_THAT(iommufd().HwptAlloc(device_.idev, parent, uapi::kIommuHwptFaultIdValid,
                                  uapi::kIommuHwptDataSelftest, iotlb_only_),
              FailsWith(ENOENT));
  EXPECT_THAT(iommufd().HwptAlloc(device_.idev, parent, uapi::kIommuHwptAllocPasid,
                                  uapi::kIommuHwptDataSelftest, iotlb_only_),
              SucceedsOrFailsWith(HasPasidMockDriver() ? 0 : EOPNOTSUPP));
}

TEST_F(MockHwptAllocTest, NestedDataLength) {
  uint32_t parent = HwptAllocOk(device_.idev, ioas_, uapi::kIommuHwptAllocNestParent);
  // Any iotlb value goes.
  IommuHwptSelftest other_iotlb{0x1234, 0};
  HwptAllocOk(device_.idev, parent, 0, uapi::kIommuHwptDataSelftest,
              BytesOf(other_iotlb, sizeof(uint32_t)));
  EXPECT_THAT(iommufd().HwptAlloc(device_.idev, parent, 0, uapi::kIommuHwptDataSelftest,
                                  BytesOf(selftest_data_, 2)),
              FailsWith(EINVAL));
  EXPECT_THAT(iommufd().HwptAlloc(device_.idev, parent, 0, uapi::kIommuHwptDataSelftest,
                                  {static_cast<const std::byte*>(nullptr), sizeof(uint32_t)}),
              FailsWith(EFAULT));
  struct {
    IommuHwptSelftest data;
    uint32_t tail = 0;
  } longer{selftest_data_};
  EXPECT_THAT(
      iommufd().HwptAlloc(device_.idev, parent, 0, uapi::kIommuHwptDataSelftest, BytesOf(longer)),
      FailsWith(EINVAL));
  // The whole 7.x struct is too long for 6.12's driver.
  EXPECT_THAT(iommufd().HwptAlloc(device_.idev, parent, 0, uapi::kIommuHwptDataSelftest,
                                  BytesOf(selftest_data_)),
              SucceedsOrFailsWith(HasPasidMockDriver() ? 0 : EINVAL));
}

TEST_F(MockHwptAllocTest, DevicesAttachToNestedHwpts) {
  uint32_t parent = HwptAllocOk(device_.idev, ioas_, uapi::kIommuHwptAllocNestParent);
  uint32_t nested = HwptAllocOk(device_.idev, parent, 0, uapi::kIommuHwptDataSelftest, iotlb_only_);
  MockDevice device = MockDomainOk(nested);
  EXPECT_EQ(device.hwpt, nested);
  EXPECT_EQ(ReplaceOk(device_.stdev, nested), nested);
  EXPECT_THAT(iommufd().Destroy(nested), FailsWith(EBUSY));
}

}  // namespace
}  // namespace iommufd_conform
