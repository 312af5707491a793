#ifndef IOMMUFD_CONFORM_HARNESS_DEVICE_EDU_DMA_H_
#define IOMMUFD_CONFORM_HARNESS_DEVICE_EDU_DMA_H_

// QEMU's `edu` device (hw/misc/edu.c, docs/specs/edu.rst) driven from userspace through its
// VFIO cdev: a DMA engine whose transfers go through the IOMMU translation iommufd set up,
// so what it reaches is what a real device would reach. Register offsets and command bits
// are the device's documented interface.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace iommufd_conform {

class EduDma {
 public:
  // The device behind `device_fd` (bound, so its regions are reachable) with bus mastering
  // turned on; `staging` is user memory the device reaches at `staging_iova` (one page,
  // mapped readable and writeable), through which bytes enter and leave the device buffer.
  // nullopt with `why` when the device is not an edu or cannot be programmed.
  static std::optional<EduDma> Open(int device_fd, std::span<uint8_t> staging,
                                    uint64_t staging_iova, std::string* why);

  // The largest transfer: the device buffer.
  static constexpr uint32_t kBufferSize = 4096;

  // What the device read from `iova` (`length` bytes): a device-to-buffer transfer from
  // `iova`, then buffer-to-staging. The buffer is first filled with `fill` from staging, so
  // a transfer the IOMMU refused shows as `fill` bytes (or whatever QEMU returns for a
  // refused read: callers compare against what the user memory holds).
  std::optional<std::vector<uint8_t>> Read(uint64_t iova, uint32_t length, uint8_t fill);
  // Writes `bytes` at `iova` through the device: staging-to-buffer, then buffer-to-`iova`.
  bool Write(uint64_t iova, std::span<const uint8_t> bytes);

  const std::string& error() const { return error_; }

 private:
  EduDma(int fd, uint64_t bar0, std::span<uint8_t> staging, uint64_t staging_iova)
      : fd_(fd), bar0_(bar0), staging_(staging), staging_iova_(staging_iova) {}
  // One transfer; false (with error()) when the device did not finish in time.
  bool Transfer(uint64_t source, uint64_t destination, uint32_t length, bool to_ram);
  bool WriteRegister(uint32_t offset, uint64_t value);
  std::optional<uint64_t> ReadRegister(uint32_t offset);

  int fd_;
  uint64_t bar0_;  // BAR0's offset in the device descriptor
  std::span<uint8_t> staging_;
  uint64_t staging_iova_;
  std::string error_;
};

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_DEVICE_EDU_DMA_H_
