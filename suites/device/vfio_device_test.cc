// VFIO device cdevs bound to an iommufd: bind, hardware info, attach to an IOAS.
#include <string>

#include "suites/device/vfio_device_fixture.h"
#include "suites/support/suite_backend.h"

namespace iommufd_conform {
namespace {

// The hw_info type each emulated IOMMU reports for its devices.
uint32_t ExpectedHwInfoType(model::Platform platform) {
  switch (platform) {
    case model::Platform::kVtd: return uapi::kIommuHwInfoTypeIntelVtd;
    case model::Platform::kSmmuV3: return uapi::kIommuHwInfoTypeArmSmmuv3;
    case model::Platform::kAmdVi: return uapi::kIommuHwInfoTypeAmd;
    case model::Platform::kVirtio:
    case model::Platform::kNone: return uapi::kIommuHwInfoTypeNone;
  }
  return uapi::kIommuHwInfoTypeNone;
}

TEST_F(VfioDeviceTest, BindReturnsADeviceObjectId) {
  uint32_t dev_id = BindOk();
  EXPECT_NE(dev_id, 0u);
  // The device object takes an id in the iommufd's table, so the next IOAS gets another.
  EXPECT_NE(IoasAllocOk(), dev_id);
}

TEST_F(VfioDeviceTest, SecondBindIsRejected) {
  BindOk();
  EXPECT_THAT(iommufd().VfioDeviceBind(device_fd()), FailsWith(EINVAL));
}

TEST_F(VfioDeviceTest, GetInfoAnswersOnceBound) {
  EXPECT_THAT(iommufd().VfioDeviceGetInfo(device_fd()), FailsWith(EINVAL));
  BindOk();
  Outcome outcome = iommufd().VfioDeviceGetInfo(device_fd());
  ASSERT_THAT(outcome, Succeeds());
  const auto& info = outcome.As<uapi::VfioDeviceInfo>();
  EXPECT_TRUE(info.flags & uapi::kVfioDeviceFlagsPci);
  EXPECT_EQ(info.num_regions, uapi::kVfioPciNumRegions);
  EXPECT_EQ(info.num_irqs, uapi::kVfioPciNumIrqs);
  // Without capabilities nothing past num_irqs is written.
  EXPECT_EQ(info.cap_offset, 0u);
}

TEST_F(VfioDeviceTest, GetInfoNeedsArgszToCoverTheCounts) {
  BindOk();
  EXPECT_THAT(iommufd().VfioDeviceGetInfo(device_fd(), offsetof(uapi::VfioDeviceInfo, num_irqs)),
              FailsWith(EINVAL));
  EXPECT_THAT(iommufd().VfioDeviceGetInfo(device_fd(), offsetof(uapi::VfioDeviceInfo, cap_offset)),
              Succeeds());
}

TEST_F(VfioDeviceTest, HwInfoReportsThePlatformIommu) {
  uint32_t dev_id = BindOk();
  std::vector<std::byte> data(64);
  Outcome outcome = iommufd().GetHwInfo(dev_id, data);
  ASSERT_THAT(outcome, Succeeds());
  const auto& info = outcome.As<uapi::IommuHwInfo>();
  // Drivers without iommufd support in an older kernel (SMMUv3 and AMD-Vi on 6.12) report
  // NONE; a differential run holds each kernel to the one its model profile states.
  EXPECT_THAT(info.out_data_type,
              ::testing::AnyOf(ExpectedHwInfoType(SuitePlatform()), uapi::kIommuHwInfoTypeNone))
      << "platform " << model::PlatformName(SuitePlatform());
  // The driver's struct is shorter than the buffer, whose tail is zero-filled; a driver
  // without hw_info data reports none.
  if (info.out_data_type == uapi::kIommuHwInfoTypeNone) {
    EXPECT_EQ(info.data_len, 0u);
  } else {
    EXPECT_GT(info.data_len, 0u);
  }
  EXPECT_LT(info.data_len, data.size());
  // The driver's data goes into the results, where platform profiles take their facts from.
  std::string hex;
  for (uint32_t i = 0; i < info.data_len && i < data.size(); ++i) {
    static const char kDigits[] = "0123456789abcdef";
    auto byte = static_cast<unsigned>(data[i]);
    hex += kDigits[byte >> 4];
    hex += kDigits[byte & 15];
  }
  RecordProperty("hw_info_data", hex);
}

TEST_F(VfioDeviceTest, AttachToAnIoasCreatesAPagingHwpt) {
  uint32_t dev_id = BindOk();
  uint32_t ioas = IoasAllocOk();
  uint32_t hwpt = AttachOk(ioas);
  EXPECT_NE(hwpt, ioas);
  EXPECT_NE(hwpt, dev_id);
  // The automatic HWPT holds the IOAS, and the device holds the HWPT.
  EXPECT_THAT(iommufd().Destroy(ioas), FailsWith(EBUSY));
  EXPECT_THAT(iommufd().Destroy(hwpt), FailsWith(EBUSY));
}

TEST_F(VfioDeviceTest, AttachedDeviceNarrowsTheIovaRanges) {
  BindOk();
  uint32_t ioas = IoasAllocOk();
  AttachOk(ioas);
  uint64_t alignment = 0;
  auto ranges = IovaRangesOk(ioas, &alignment);
  ASSERT_FALSE(ranges.empty());
  // A real IOMMU reserves at least its MSI window or an aperture limit.
  EXPECT_TRUE(ranges.size() > 1 || ranges[0].start != 0 || ranges[0].last != UINT64_MAX);
  EXPECT_GE(alignment, page_size());
}

}  // namespace
}  // namespace iommufd_conform
