#ifndef IOMMUFD_CONFORM_HARNESS_BACKEND_KERNEL_BACKEND_H_
#define IOMMUFD_CONFORM_HARNESS_BACKEND_KERNEL_BACKEND_H_

#include "harness/backend/backend.h"

namespace iommufd_conform {

// The running kernel: /dev/iommu and /dev/vfio/devices/* through real system calls.
class KernelBackend final : public Backend {
 public:
  std::string_view Name() const override { return "kernel"; }
  Outcome OpenIommufd() override;
  Outcome OpenDevice(const std::string& path) override;
  Outcome Ioctl(int fd, unsigned long request, void* arg, size_t arg_size) override;
  Outcome Read(int fd, void* buf, size_t count) override;
  Outcome Write(int fd, const void* buf, size_t count) override;
  Outcome Poll(int fd, short events) override;
  Outcome Mmap(int fd, size_t length, int prot, int flags, uint64_t offset) override;
  Outcome Munmap(uint64_t address, size_t length) override;
  Outcome Close(int fd) override;
  // Drives the device's DMA engine (QEMU's edu) through its VFIO regions.
  Outcome DeviceDma(int device_fd, const DeviceDmaRequest& request) override;
  std::vector<DeviceInfo> Devices() override;
};

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_BACKEND_KERNEL_BACKEND_H_
