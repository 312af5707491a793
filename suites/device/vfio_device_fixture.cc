#include "suites/device/vfio_device_fixture.h"

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

Outcome VfioDeviceTest::Bind(uint32_t flags, int iommufd_fd, uint32_t argsz) {
  uapi::VfioDeviceBindIommufd bind{};
  bind.argsz = argsz;
  bind.flags = flags;
  bind.iommufd = iommufd_fd == -2 ? iommufd().fd() : iommufd_fd;
  return iommufd().backend().Ioctl(device_fd_, uapi::kIoctlVfioDeviceBindIommufd, &bind,
                                   sizeof(bind));
}

uint32_t VfioDeviceTest::BindOk() {
  Outcome outcome = Bind();
  EXPECT_THAT(outcome, Succeeds());
  return outcome.As<uapi::VfioDeviceBindIommufd>().out_devid;
}

Outcome VfioDeviceTest::Attach(uint32_t pt, uint32_t flags, uint32_t pasid, uint32_t argsz) {
  uapi::VfioDeviceAttachIommufdPt attach{};
  attach.argsz = argsz;
  attach.flags = flags;
  attach.pt_id = pt;
  attach.pasid = pasid;
  return iommufd().backend().Ioctl(device_fd_, uapi::kIoctlVfioDeviceAttachIommufdPt, &attach,
                                   sizeof(attach));
}

uint32_t VfioDeviceTest::AttachOk(uint32_t pt) {
  Outcome outcome = Attach(pt);
  EXPECT_THAT(outcome, Succeeds()) << "attach to " << pt;
  return outcome.As<uapi::VfioDeviceAttachIommufdPt>().pt_id;
}

void VfioDeviceTest::AttachFails(int error, uint32_t pt) {
  EXPECT_THAT(Attach(pt), FailsWith(error)) << "attach to " << pt;
}

Outcome VfioDeviceTest::GetInfo(uint32_t argsz) {
  uapi::VfioDeviceInfo info{};
  info.argsz = argsz;
  return iommufd().backend().Ioctl(device_fd_, uapi::kIoctlVfioDeviceGetInfo, &info,
                                   sizeof(info));
}

Outcome VfioDeviceTest::Detach(uint32_t flags, uint32_t pasid, uint32_t argsz) {
  uapi::VfioDeviceDetachIommufdPt detach{};
  detach.argsz = argsz;
  detach.flags = flags;
  detach.pasid = pasid;
  return iommufd().backend().Ioctl(device_fd_, uapi::kIoctlVfioDeviceDetachIommufdPt, &detach,
                                   sizeof(detach));
}

void VfioDeviceTest::DetachOk() { EXPECT_THAT(Detach(), Succeeds()); }

Outcome VfioDeviceTest::HwptAlloc(uint32_t dev, uint32_t pt, uint32_t flags, uint32_t data_type,
                                  uint32_t data_len, const void* data) {
  uapi::IommuHwptAlloc arg{};
  arg.size = sizeof(arg);
  arg.flags = flags;
  arg.dev_id = dev;
  arg.pt_id = pt;
  arg.data_type = data_type;
  arg.data_len = data_len;
  arg.data_uptr = reinterpret_cast<uintptr_t>(data);
  return iommufd().Raw(uapi::kIoctlHwptAlloc, &arg, sizeof(arg));
}

uint32_t VfioDeviceTest::HwptAllocOk(uint32_t dev, uint32_t pt, uint32_t flags) {
  Outcome outcome = HwptAlloc(dev, pt, flags);
  EXPECT_THAT(outcome, Succeeds()) << "HWPT_ALLOC on " << pt;
  return outcome.As<uapi::IommuHwptAlloc>().out_hwpt_id;
}

Outcome VfioDeviceTest::HwInfo(uint32_t dev, std::vector<std::byte>& data, uint32_t flags,
                               uint32_t in_type) {
  uapi::IommuHwInfo info{};
  info.size = sizeof(info);
  info.flags = flags;
  info.dev_id = dev;
  info.data_len = static_cast<uint32_t>(data.size());
  info.data_uptr = reinterpret_cast<uintptr_t>(data.data());
  info.in_data_type = in_type;
  return iommufd().Raw(uapi::kIoctlGetHwInfo, &info, sizeof(info));
}

}  // namespace iommufd_conform
