#ifndef IOMMUFD_CONFORM_HARNESS_BACKEND_BACKEND_H_
#define IOMMUFD_CONFORM_HARNESS_BACKEND_BACKEND_H_

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "reference/uapi/outcome.h"

namespace iommufd_conform {

// A device the backend can open: a VFIO cdev bound to vfio-pci, or the selftest mock bus.
struct DeviceInfo {
  enum class Kind { kVfioCdev, kMock };
  Kind kind;
  std::string path;       // /dev/vfio/devices/vfioN, or "mock"
  std::string pci_address;  // 0000:00:03.0 for a cdev
  unsigned vendor = 0;
  unsigned device = 0;
};

// One DMA transfer of a VFIO device's DMA engine, through the translation its attachment
// gives it: `length` bytes read from `iova`, or `bytes` written there. A DMA engine moves
// bytes only between the bus and itself, so the caller lends it a bounce page (`bounce`,
// reachable by the device at `bounce_iova`, readable and writeable) to pass them through.
struct DeviceDmaRequest {
  bool write = false;
  uint64_t iova = 0;
  uint32_t length = 0;                 // a read's length
  std::span<const uint8_t> bytes{};    // a write's bytes
  std::span<uint8_t> bounce{};
  uint64_t bounce_iova = 0;
};

// The one interface suites and fuzzers talk to. It speaks the kernel's language: ioctl
// numbers and raw argument bytes on file descriptors. Descriptors are the backend's own
// handles; each backend decides what stands behind them.
class Backend {
 public:
  virtual ~Backend() = default;

  virtual std::string_view Name() const = 0;

  // Like open("/dev/iommu", O_RDWR): ret is the new descriptor.
  virtual Outcome OpenIommufd() = 0;
  // Like open(path, O_RDWR) of a VFIO device cdev.
  virtual Outcome OpenDevice(const std::string& path) = 0;
  // ioctl(fd, request, arg). arg points at arg_size bytes; the outcome carries those bytes as
  // they were after the call, and arg itself is updated the same way.
  virtual Outcome Ioctl(int fd, unsigned long request, void* arg, size_t arg_size) = 0;
  virtual Outcome Read(int fd, void* buf, size_t count) = 0;
  virtual Outcome Write(int fd, const void* buf, size_t count) = 0;
  // poll() of one descriptor without waiting: ret is its revents for `events`.
  virtual Outcome Poll(int fd, short events) = 0;
  // mmap(NULL, length, prot, flags, fd, offset): ret is the address, which Munmap takes back.
  virtual Outcome Mmap(int fd, size_t length, int prot, int flags, uint64_t offset) = 0;
  virtual Outcome Munmap(uint64_t address, size_t length) = 0;
  virtual Outcome Close(int fd) = 0;
  // A device DMA (DeviceDmaRequest) by the VFIO device open as `device_fd`: out holds what a
  // read brought the device, ret is 1 when the IOMMU's driver heard of a refusal through its
  // fault interrupt, else 0. A byte the IOMMU refused reads as the emulated device reads
  // it: zero. ENODEV when the device has no DMA engine this backend can drive; backends
  // without devices answer EOPNOTSUPP.
  virtual Outcome DeviceDma(int device_fd, const DeviceDmaRequest& request) {
    (void)device_fd;
    (void)request;
    return Outcome::Failure(EOPNOTSUPP);
  }

  // What this backend can open. Mock devices appear when the selftest driver is present.
  virtual std::vector<DeviceInfo> Devices() = 0;
};

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_BACKEND_BACKEND_H_
