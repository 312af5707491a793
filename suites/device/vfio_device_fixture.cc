#include "suites/device/vfio_device_fixture.h"

#include <string>

#include "suites/support/suite_backend.h"

namespace iommufd_conform {

void VfioDeviceTest::SetUp() {
  ConformTest::SetUp();
  if (HasFatalFailure()) return;
  for (const DeviceInfo& device : iommufd().backend().Devices()) {
    if (device.kind == DeviceInfo::Kind::kVfioCdev) {
      path_ = device.path;
      break;
    }
  }
  if (path_.empty()) {
    // Every emulated platform but `none` puts a device behind its IOMMU: missing it is a
    // broken setup, not a reason to skip.
    ASSERT_EQ(SuitePlatform(), model::Platform::kNone)
        << "platform " << model::PlatformName(SuitePlatform()) << " has no VFIO cdev device";
    GTEST_SKIP() << "no VFIO cdev device on platform none";
  }
  Outcome opened = iommufd().backend().OpenDevice(path_);
  ASSERT_THAT(opened, Succeeds()) << path_;
  device_fd_ = static_cast<int>(opened.ret);
}

void VfioDeviceTest::TearDown() {
  CloseDevice();
  ConformTest::TearDown();
}

void VfioDeviceTest::CloseDevice() {
  if (device_fd_ >= 0) {
    EXPECT_THAT(iommufd().backend().Close(device_fd_), Succeeds());
  }
  device_fd_ = -1;
}

uint32_t VfioDeviceTest::BindOk() {
  return Require(iommufd().VfioDeviceBind(device_fd_), "BIND_IOMMUFD")
      .As<uapi::VfioDeviceBindIommufd>()
      .out_devid;
}

uint32_t VfioDeviceTest::AttachOk(uint32_t pt) {
  return Require(iommufd().VfioDeviceAttach(device_fd_, pt), "attach to " + std::to_string(pt))
      .As<uapi::VfioDeviceAttachIommufdPt>()
      .pt_id;
}

void VfioDeviceTest::DetachOk() {
  (void)Require(iommufd().VfioDeviceDetach(device_fd_), "DETACH_IOMMUFD_PT");
}

uint32_t VfioDeviceTest::HwptAllocOk(uint32_t dev, uint32_t pt, uint32_t flags) {
  return Require(iommufd().HwptAlloc(dev, pt, flags), "HWPT_ALLOC on " + std::to_string(pt))
      .As<uapi::IommuHwptAlloc>()
      .out_hwpt_id;
}

}  // namespace iommufd_conform
