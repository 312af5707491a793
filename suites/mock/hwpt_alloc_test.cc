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
  Outcome outcome = HwptAlloc(device_.idev, ioas_, uapi::kIommuHwptAllocPasid);
  EXPECT_THAT(outcome, SucceedsOrFailsWith(HasPasidMockDriver() ? 0 : EOPNOTSUPP));
}

TEST_F(MockHwptAllocTest, UnknownFlagIsEopnotsupp) {
  HwptAllocFails(EOPNOTSUPP, device_.idev, ioas_, 1u << 4);
  HwptAllocFails(EOPNOTSUPP, device_.idev, ioas_, 1u << 31);
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
  HwptAllocFails(EINVAL, device_.idev, ioas_, 0, uapi::kIommuHwptDataNone, BytesOf(selftest_data_));
  HwptAllocFails(EINVAL, ioas_ + 100, ioas_ + 100, 0, uapi::kIommuHwptDataNone,
                 BytesOf(selftest_data_));
  HwptAllocFails(EINVAL, device_.idev, ioas_, 0, uapi::kIommuHwptDataSelftest, {});
}

TEST_F(MockHwptAllocTest, DevIdThatIsNoDeviceIsEnoent) {
  for (uint32_t dev : {0u, ioas_, device_.stdev, device_.hwpt, ioas_ + 100}) {
    HwptAllocFails(ENOENT, dev, ioas_);
  }
  HwptAllocFails(ENOENT, ioas_ + 100, ioas_ + 100);
}

TEST_F(MockHwptAllocTest, PtIdThatIsNoIoasOrHwptIsEinval) {
  for (uint32_t pt : {0u, device_.idev, device_.stdev, ioas_ + 100}) {
    HwptAllocFails(EINVAL, device_.idev, pt);
  }
  // The pt is looked at before the flags.
  HwptAllocFails(EINVAL, device_.idev, ioas_ + 100, 1u << 4);
}

TEST_F(MockHwptAllocTest, UnknownDataTypeOnAnIoasIsEopnotsupp) {
  HwptAllocFails(EOPNOTSUPP, device_.idev, ioas_, 0, uapi::kIommuHwptDataVtdS1,
                 BytesOf(uapi::IommuHwptVtdS1{}));
  HwptAllocFails(EOPNOTSUPP, device_.idev, ioas_, 0, 0x1234, BytesOf(selftest_data_));
}

TEST_F(MockHwptAllocTest, DirtyTrackingNeedsADeviceThatCanTrack) {
  MockDevice no_dirty = MockDomainOk(ioas_, uapi::kMockFlagsDeviceNoDirty);
  HwptAllocFails(EOPNOTSUPP, no_dirty.idev, ioas_, uapi::kIommuHwptAllocDirtyTracking);
  HwptAllocOk(no_dirty.idev, ioas_, uapi::kIommuHwptAllocNestParent);
}

TEST_F(MockHwptAllocTest, DomainThatCannotCoverTheAreasIsEaddrinuse) {
  uint32_t other = IoasAllocOk();
  MapFixedOk(other, buffer(), page_size(), 0x1000);
  HwptAllocFails(EADDRINUSE, device_.idev, other);
  HwptAllocFails(EADDRINUSE, device_.idev, other, uapi::kIommuHwptAllocNestParent);
  DestroyOk(other);
}

TEST_F(MockHwptAllocTest, FaultIdIsIgnoredWithoutItsFlag) {
  uapi::IommuHwptAlloc arg{};
  arg.size = sizeof(arg);
  arg.dev_id = device_.idev;
  arg.pt_id = ioas_;
  arg.fault_id = ioas_ + 100;
  EXPECT_THAT(iommufd().Raw(uapi::kIoctlHwptAlloc, &arg, sizeof(arg)), Succeeds());
}

TEST_F(MockHwptAllocTest, SelftestDataChoosesThePagingFormat) {
  if (!HasPasidMockDriver()) {
    // 6.12's driver takes no data for paging HWPTs.
    HwptAllocFails(EOPNOTSUPP, device_.idev, ioas_, 0, uapi::kIommuHwptDataSelftest, iotlb_only_);
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
  HwptAllocFails(EOPNOTSUPP, device_.idev, ioas_, 0, uapi::kIommuHwptDataSelftest,
                 BytesOf(unknown));
  HwptAllocFails(EINVAL, device_.idev, ioas_, 0, uapi::kIommuHwptDataSelftest,
                 BytesOf(selftest_data_, 3));
  // Longer than the struct is refused even when the tail is zero.
  struct {
    IommuHwptSelftest data;
    uint32_t tail = 0;
  } longer{selftest_data_};
  HwptAllocFails(EINVAL, device_.idev, ioas_, 0, uapi::kIommuHwptDataSelftest, BytesOf(longer));
  HwptAllocFails(EFAULT, device_.idev, ioas_, 0, uapi::kIommuHwptDataSelftest,
                 {static_cast<const std::byte*>(nullptr), sizeof(IommuHwptSelftest)});
}

TEST_F(MockHwptAllocTest, NestedHwptNeedsANestParent) {
  uint32_t parent = HwptAllocOk(device_.idev, ioas_, uapi::kIommuHwptAllocNestParent);
  uint32_t nested = HwptAllocOk(device_.idev, parent, 0, uapi::kIommuHwptDataSelftest, iotlb_only_);
  EXPECT_THAT(iommufd().Destroy(parent), FailsWith(EBUSY));
  uint32_t plain = HwptAllocOk(device_.idev, ioas_);
  HwptAllocFails(EINVAL, device_.idev, plain, 0, uapi::kIommuHwptDataSelftest, iotlb_only_);
  HwptAllocFails(EINVAL, device_.idev, device_.hwpt, 0, uapi::kIommuHwptDataSelftest, iotlb_only_);
  HwptAllocFails(EINVAL, device_.idev, nested, 0, uapi::kIommuHwptDataSelftest, iotlb_only_);
  DestroyOk(nested);
  DestroyOk(parent);
}

TEST_F(MockHwptAllocTest, NestedHwptNeedsSelftestData) {
  uint32_t parent = HwptAllocOk(device_.idev, ioas_, uapi::kIommuHwptAllocNestParent);
  HwptAllocFails(EOPNOTSUPP, device_.idev, parent);
  HwptAllocFails(EOPNOTSUPP, device_.idev, parent, 0, uapi::kIommuHwptDataVtdS1,
                 BytesOf(uapi::IommuHwptVtdS1{}));
  // Flags and the type are looked at before the parent.
  uint32_t plain = HwptAllocOk(device_.idev, ioas_);
  HwptAllocFails(EOPNOTSUPP, device_.idev, plain);
  HwptAllocFails(EOPNOTSUPP, device_.idev, plain, uapi::kIommuHwptAllocDirtyTracking,
                 uapi::kIommuHwptDataSelftest, iotlb_only_);
  HwptAllocFails(EINVAL, device_.idev, plain, 0, uapi::kIommuHwptDataVtdS1,
                 BytesOf(uapi::IommuHwptVtdS1{}));
}

TEST_F(MockHwptAllocTest, NestedFlagsArePagingOnesMinusParentAndDirty) {
  uint32_t parent = HwptAllocOk(device_.idev, ioas_, uapi::kIommuHwptAllocNestParent);
  for (uint32_t flags : {uapi::kIommuHwptAllocNestParent, uapi::kIommuHwptAllocDirtyTracking}) {
    HwptAllocFails(EOPNOTSUPP, device_.idev, parent, flags, uapi::kIommuHwptDataSelftest,
                   iotlb_only_);
  }
  // fault_id 0 names no fault queue (suites/mock/fault_queue_test.cc has the rest).
  HwptAllocFails(ENOENT, device_.idev, parent, uapi::kIommuHwptFaultIdValid,
                 uapi::kIommuHwptDataSelftest, iotlb_only_);
  EXPECT_THAT(HwptAlloc(device_.idev, parent, uapi::kIommuHwptAllocPasid,
                        uapi::kIommuHwptDataSelftest, iotlb_only_),
              SucceedsOrFailsWith(HasPasidMockDriver() ? 0 : EOPNOTSUPP));
}

TEST_F(MockHwptAllocTest, NestedDataLength) {
  uint32_t parent = HwptAllocOk(device_.idev, ioas_, uapi::kIommuHwptAllocNestParent);
  // Any iotlb value goes.
  IommuHwptSelftest other_iotlb{0x1234, 0};
  HwptAllocOk(device_.idev, parent, 0, uapi::kIommuHwptDataSelftest,
              BytesOf(other_iotlb, sizeof(uint32_t)));
  HwptAllocFails(EINVAL, device_.idev, parent, 0, uapi::kIommuHwptDataSelftest,
                 BytesOf(selftest_data_, 2));
  HwptAllocFails(EFAULT, device_.idev, parent, 0, uapi::kIommuHwptDataSelftest,
                 {static_cast<const std::byte*>(nullptr), sizeof(uint32_t)});
  struct {
    IommuHwptSelftest data;
    uint32_t tail = 0;
  } longer{selftest_data_};
  HwptAllocFails(EINVAL, device_.idev, parent, 0, uapi::kIommuHwptDataSelftest, BytesOf(longer));
  // The whole 7.x struct is too long for 6.12's driver.
  EXPECT_THAT(
      HwptAlloc(device_.idev, parent, 0, uapi::kIommuHwptDataSelftest, BytesOf(selftest_data_)),
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
