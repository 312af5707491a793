// IOMMU_GET_HW_INFO for a mock device: the selftest type, its data and capabilities.
#include <array>
#include <cstring>

#include "suites/mock/mock_test.h"

namespace iommufd_conform {
namespace {

using uapi::IommuHwInfo;

class MockHwInfoTest : public MockTest {
 protected:
  void SetUp() override {
    MockTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    device_ = MockDomainOk(ioas_);
    data_.fill(std::byte{0xaa});
  }

  // The first `length` bytes of data_.
  std::span<std::byte> Data(size_t length) { return {data_.data(), length}; }
  IommuHwInfo HwInfoOk(uint32_t dev, uint32_t data_len) {
    return Require(iommufd().GetHwInfo(dev, Data(data_len)),
                   "GET_HW_INFO of " + std::to_string(dev))
        .As<IommuHwInfo>();
  }
  // A request with deliberately odd fields, sent as `size` bytes through Raw.
  IommuHwInfo Request(uint32_t dev, uint32_t data_len) {
    IommuHwInfo info{};
    info.dev_id = dev;
    info.data_len = data_len;
    info.data_uptr = reinterpret_cast<uintptr_t>(data_.data());
    return info;
  }
  Outcome RawHwInfo(IommuHwInfo& info, size_t size = sizeof(IommuHwInfo)) {
    info.size = static_cast<uint32_t>(size);
    return iommufd().Raw(uapi::kIoctlGetHwInfo, &info, sizeof(info));
  }
  uapi::IommuTestHwInfo Data() const {
    uapi::IommuTestHwInfo data;
    std::memcpy(&data, data_.data(), sizeof(data));
    return data;
  }

  MockDevice device_;
  std::array<std::byte, 32> data_;
};

TEST_F(MockHwInfoTest, ReportsTheSelftestTypeAndRegister) {
  IommuHwInfo info = HwInfoOk(device_.idev, sizeof(uapi::IommuTestHwInfo));
  EXPECT_EQ(info.out_data_type, uapi::kIommuHwInfoTypeSelftest);
  EXPECT_EQ(info.data_len, sizeof(uapi::IommuTestHwInfo));
  EXPECT_EQ(Data().flags, 0u);
  EXPECT_EQ(Data().test_reg, uapi::kIommuHwInfoSelftestRegval);
}

TEST_F(MockHwInfoTest, DataLenZeroWritesNothingAndReturnsTheLength) {
  Outcome outcome = iommufd().GetHwInfo(device_.idev, {});
  ASSERT_THAT(outcome, Succeeds());
  EXPECT_EQ(outcome.As<IommuHwInfo>().data_len, sizeof(uapi::IommuTestHwInfo));
  EXPECT_EQ(outcome.As<IommuHwInfo>().out_data_type, uapi::kIommuHwInfoTypeSelftest);
}

TEST_F(MockHwInfoTest, ShortBufferIsFilledAsFarAsItGoes) {
  IommuHwInfo info = HwInfoOk(device_.idev, 4);
  EXPECT_EQ(info.data_len, sizeof(uapi::IommuTestHwInfo));
  EXPECT_EQ(Data().flags, 0u);
  EXPECT_EQ(data_[4], std::byte{0xaa});
}

TEST_F(MockHwInfoTest, LongBufferIsZeroFilled) {
  IommuHwInfo info = HwInfoOk(device_.idev, 16);
  EXPECT_EQ(info.data_len, sizeof(uapi::IommuTestHwInfo));
  EXPECT_EQ(Data().test_reg, uapi::kIommuHwInfoSelftestRegval);
  for (size_t i = 8; i < 16; ++i) EXPECT_EQ(data_[i], std::byte{0}) << i;
  EXPECT_EQ(data_[16], std::byte{0xaa});
}

TEST_F(MockHwInfoTest, UnwritableBufferIsEfault) {
  IommuHwInfo info = Request(device_.idev, 16);
  info.data_uptr = 0;
  EXPECT_THAT(RawHwInfo(info), FailsWith(EFAULT));
}

TEST_F(MockHwInfoTest, DirtyTrackingIsACapabilityUnlessTheDeviceLacksIt) {
  IommuHwInfo info = HwInfoOk(device_.idev, 0);
  EXPECT_TRUE(info.out_capabilities & uapi::kIommuHwCapDirtyTracking);
  EXPECT_FALSE(info.out_capabilities &
               (uapi::kIommuHwCapPciPasidExec | uapi::kIommuHwCapPciPasidPriv));
  MockDevice no_dirty = MockDomainOk(ioas_, uapi::kMockFlagsDeviceNoDirty);
  IommuHwInfo without = HwInfoOk(no_dirty.idev, 0);
  EXPECT_EQ(without.out_capabilities,
            info.out_capabilities & ~uint64_t{uapi::kIommuHwCapDirtyTracking});
}

TEST_F(MockHwInfoTest, AtsNotSupportedComesWithThePasidDriver) {
  IommuHwInfo info = HwInfoOk(device_.idev, 0);
  EXPECT_EQ((info.out_capabilities & uapi::kIommuHwCapPciAtsNotSupported) != 0,
            HasPasidMockDriver());
}

TEST_F(MockHwInfoTest, PasidDeviceReportsItsPasidWidth) {
  EXPECT_EQ(HwInfoOk(device_.idev, 0).out_max_pasid_log2, 0u);
  if (!HasPasidMockDriver()) GTEST_SKIP() << "6.12's driver has no PASID-capable devices";
  MockDevice pasid = MockDomainOk(ioas_, uapi::kMockFlagsDevicePasid);
  EXPECT_EQ(HwInfoOk(pasid.idev, 0).out_max_pasid_log2, uapi::kMockPasidWidth);
}

TEST_F(MockHwInfoTest, PasidWidthInputIsIgnored) {
  IommuHwInfo info = Request(device_.idev, 0);
  info.out_max_pasid_log2 = 5;
  Outcome outcome = RawHwInfo(info);
  ASSERT_THAT(outcome, Succeeds());
  EXPECT_EQ(outcome.As<IommuHwInfo>().out_max_pasid_log2, 0u);
}

TEST_F(MockHwInfoTest, DevIdThatIsNoDeviceIsEnoent) {
  for (uint32_t dev : {0u, ioas_, device_.stdev, device_.hwpt, ioas_ + 100}) {
    EXPECT_THAT(iommufd().GetHwInfo(dev, Data(8)), FailsWith(ENOENT)) << dev;
  }
}

// Every undefined bit of the 32-bit flags word counts, not only those of its low byte.
TEST_F(MockHwInfoTest, UnknownFlagOrReservedByteIsEopnotsuppBeforeTheLookup) {
  for (int bit = 1; bit < 32; ++bit) {
    EXPECT_THAT(iommufd().GetHwInfo(ioas_ + 100, Data(8), 1u << bit), FailsWith(EOPNOTSUPP))
        << "flag bit " << bit;
  }
  IommuHwInfo info = Request(ioas_ + 100, 8);
  info.reserved[2] = 1;
  EXPECT_THAT(RawHwInfo(info), FailsWith(EOPNOTSUPP));
}

TEST_F(MockHwInfoTest, InputTypeComesWithThePasidDriver) {
  constexpr uint32_t kInput = uapi::kIommuHwInfoFlagInputType;
  if (!HasPasidMockDriver()) {
    EXPECT_THAT(iommufd().GetHwInfo(device_.idev, Data(8), kInput, uapi::kIommuHwInfoTypeSelftest),
                FailsWith(EOPNOTSUPP));
    return;
  }
  EXPECT_THAT(iommufd().GetHwInfo(device_.idev, Data(8), kInput, uapi::kIommuHwInfoTypeSelftest),
              Succeeds());
  Outcome outcome =
      iommufd().GetHwInfo(device_.idev, Data(8), kInput, uapi::kIommuHwInfoTypeDefault);
  ASSERT_THAT(outcome, Succeeds());
  EXPECT_EQ(outcome.As<IommuHwInfo>().out_data_type, uapi::kIommuHwInfoTypeSelftest);
  EXPECT_THAT(iommufd().GetHwInfo(device_.idev, Data(8), kInput, uapi::kIommuHwInfoTypeIntelVtd),
              FailsWith(EOPNOTSUPP));
  // Without the flag the field is an output only.
  EXPECT_THAT(iommufd().GetHwInfo(device_.idev, Data(8), 0, uapi::kIommuHwInfoTypeIntelVtd),
              Succeeds());
}

TEST_F(MockHwInfoTest, SizeUpToReservedIsEnough) {
  IommuHwInfo info = Request(device_.idev, 8);
  info.out_capabilities = 0x5555;
  Outcome outcome = RawHwInfo(info, offsetof(IommuHwInfo, out_capabilities));
  ASSERT_THAT(outcome, Succeeds());
  EXPECT_EQ(outcome.As<IommuHwInfo>().out_data_type, uapi::kIommuHwInfoTypeSelftest);
  // The capabilities lie beyond what was passed, so they are not written.
  EXPECT_EQ(outcome.As<IommuHwInfo>().out_capabilities, 0x5555u);
  info = Request(device_.idev, 8);
  EXPECT_THAT(RawHwInfo(info, offsetof(IommuHwInfo, out_capabilities) - 1), FailsWith(EINVAL));
}

}  // namespace
}  // namespace iommufd_conform
