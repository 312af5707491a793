// VFIO device cdevs bound to an iommufd: bind, hardware info, attach to an IOAS.
#include <fcntl.h>

#include "reference/uapi/vfio.h"
#include "suites/support/conform_test.h"
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

class VfioDeviceTest : public ConformTest {
 protected:
  void SetUp() override {
    ConformTest::SetUp();
    for (const DeviceInfo& device : iommufd().backend().Devices()) {
      if (device.kind == DeviceInfo::Kind::kVfioCdev) {
        device_ = device;
        break;
      }
    }
    if (device_.path.empty()) {
      // Every emulated platform but `none` puts a device behind its IOMMU: missing it is a
      // broken setup, not a reason to skip.
      ASSERT_EQ(SuitePlatform(), model::Platform::kNone)
          << "platform " << model::PlatformName(SuitePlatform()) << " has no VFIO cdev device";
      GTEST_SKIP() << "no VFIO cdev device on platform none";
    }
    Outcome opened = iommufd().backend().OpenDevice(device_.path);
    ASSERT_THAT(opened, Succeeds()) << device_.path;
    device_fd_ = static_cast<int>(opened.ret);
  }

  void TearDown() override {
    if (device_fd_ >= 0) (void)iommufd().backend().Close(device_fd_);
  }

  Outcome Bind() {
    uapi::VfioDeviceBindIommufd bind{};
    bind.argsz = sizeof(bind);
    bind.iommufd = iommufd().fd();
    return iommufd().backend().Ioctl(device_fd_, uapi::kIoctlVfioDeviceBindIommufd, &bind,
                                     sizeof(bind));
  }

  uint32_t BindOk() {
    Outcome outcome = Bind();
    EXPECT_THAT(outcome, Succeeds());
    return outcome.As<uapi::VfioDeviceBindIommufd>().out_devid;
  }

  DeviceInfo device_{DeviceInfo::Kind::kVfioCdev, "", "", 0, 0};
  int device_fd_ = -1;
};

TEST_F(VfioDeviceTest, BindReturnsADeviceObjectId) {
  uint32_t dev_id = BindOk();
  EXPECT_NE(dev_id, 0u);
  // The device object takes an id in the iommufd's table, so the next IOAS gets another.
  EXPECT_NE(IoasAllocOk(), dev_id);
}

TEST_F(VfioDeviceTest, SecondBindIsRejected) {
  BindOk();
  EXPECT_FALSE(Bind().ok());
}

TEST_F(VfioDeviceTest, HwInfoReportsThePlatformIommu) {
  uint32_t dev_id = BindOk();
  uapi::IommuHwInfo info{};
  info.size = sizeof(info);
  info.dev_id = dev_id;
  Outcome outcome = iommufd().Raw(uapi::kIoctlGetHwInfo, &info, sizeof(info));
  ASSERT_THAT(outcome, Succeeds());
  EXPECT_EQ(outcome.As<uapi::IommuHwInfo>().out_data_type, ExpectedHwInfoType(SuitePlatform()))
      << "platform " << model::PlatformName(SuitePlatform());
}

TEST_F(VfioDeviceTest, AttachToAnIoasCreatesAPagingHwpt) {
  uint32_t dev_id = BindOk();
  uint32_t ioas = IoasAllocOk();
  uapi::VfioDeviceAttachIommufdPt attach{};
  attach.argsz = sizeof(attach);
  attach.pt_id = ioas;
  Outcome outcome = iommufd().backend().Ioctl(device_fd_, uapi::kIoctlVfioDeviceAttachIommufdPt,
                                              &attach, sizeof(attach));
  ASSERT_THAT(outcome, Succeeds());
  uint32_t hwpt = outcome.As<uapi::VfioDeviceAttachIommufdPt>().pt_id;
  EXPECT_NE(hwpt, ioas);
  EXPECT_NE(hwpt, dev_id);
  // The automatic HWPT holds the IOAS.
  EXPECT_THAT(iommufd().Destroy(ioas), FailsWith(EBUSY));
}

TEST_F(VfioDeviceTest, AttachedDeviceNarrowsTheIovaRanges) {
  BindOk();
  uint32_t ioas = IoasAllocOk();
  uapi::VfioDeviceAttachIommufdPt attach{};
  attach.argsz = sizeof(attach);
  attach.pt_id = ioas;
  ASSERT_THAT(iommufd().backend().Ioctl(device_fd_, uapi::kIoctlVfioDeviceAttachIommufdPt,
                                        &attach, sizeof(attach)),
              Succeeds());
  uint64_t alignment = 0;
  auto ranges = IovaRangesOk(ioas, &alignment);
  ASSERT_FALSE(ranges.empty());
  // A real IOMMU reserves at least its MSI window or an aperture limit.
  EXPECT_TRUE(ranges.size() > 1 || ranges[0].start != 0 || ranges[0].last != UINT64_MAX);
  EXPECT_GE(alignment, page_size());
}

}  // namespace
}  // namespace iommufd_conform
