#include "harness/device/edu_dma.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "reference/uapi/vfio.h"

namespace iommufd_conform {
namespace {

constexpr uint32_t kEduIdRegister = 0x00;
constexpr uint32_t kEduIdMask = 0xff;  // the low byte; the high bytes carry a version
constexpr uint32_t kEduIdValue = 0xed;
constexpr uint32_t kDmaSource = 0x80;
constexpr uint32_t kDmaDestination = 0x88;
constexpr uint32_t kDmaCount = 0x90;
constexpr uint32_t kDmaCommand = 0x98;
constexpr uint64_t kDmaRun = 1u << 0;
constexpr uint64_t kDmaToRam = 1u << 1;
// The device buffer's address on the device side of a transfer.
constexpr uint64_t kBufferAddress = 0x40000;

constexpr uint32_t kPciCommand = 0x04;
constexpr uint16_t kPciCommandMemory = 1u << 1;
constexpr uint16_t kPciCommandMaster = 1u << 2;

// A transfer starts 100 ms of QEMU virtual time after the command; TCG on a loaded host
// stretches that.
constexpr auto kTransferDeadline = std::chrono::seconds(20);

std::optional<uapi::VfioRegionInfo> RegionInfo(int fd, uint32_t index) {
  uapi::VfioRegionInfo info{};
  info.argsz = sizeof(info);
  info.index = index;
  if (ioctl(fd, uapi::kIoctlVfioDeviceGetRegionInfo, &info) != 0) return std::nullopt;
  return info;
}

}  // namespace

std::optional<EduDma> EduDma::Open(int device_fd, std::span<uint8_t> staging,
                                   uint64_t staging_iova, std::string* why) {
  auto bar0 = RegionInfo(device_fd, uapi::kVfioPciBar0RegionIndex);
  auto config = RegionInfo(device_fd, uapi::kVfioPciConfigRegionIndex);
  if (!bar0 || !config) {
    *why = "VFIO_DEVICE_GET_REGION_INFO failed: " + std::string(std::strerror(errno));
    return std::nullopt;
  }
  uint16_t command = 0;
  if (pread(device_fd, &command, sizeof(command), config->offset + kPciCommand) !=
      sizeof(command)) {
    *why = "cannot read the PCI command register";
    return std::nullopt;
  }
  command |= kPciCommandMemory | kPciCommandMaster;
  if (pwrite(device_fd, &command, sizeof(command), config->offset + kPciCommand) !=
      sizeof(command)) {
    *why = "cannot turn bus mastering on";
    return std::nullopt;
  }
  EduDma edu(device_fd, bar0->offset, staging, staging_iova);
  auto id = edu.ReadRegister(kEduIdRegister);
  if (!id || (*id & kEduIdMask) != kEduIdValue) {
    *why = "the device is not QEMU's edu";
    return std::nullopt;
  }
  return edu;
}

bool EduDma::WriteRegister(uint32_t offset, uint64_t value) {
  if (pwrite(fd_, &value, sizeof(value), bar0_ + offset) == sizeof(value)) return true;
  error_ = "BAR0 write at " + std::to_string(offset) + " failed: " + std::strerror(errno);
  return false;
}

std::optional<uint64_t> EduDma::ReadRegister(uint32_t offset) {
  // The registers below 0x80 take 4-byte accesses only.
  if (offset < kDmaSource) {
    uint32_t value = 0;
    if (pread(fd_, &value, sizeof(value), bar0_ + offset) == sizeof(value)) return value;
  } else {
    uint64_t value = 0;
    if (pread(fd_, &value, sizeof(value), bar0_ + offset) == sizeof(value)) return value;
  }
  error_ = "BAR0 read at " + std::to_string(offset) + " failed: " + std::strerror(errno);
  return std::nullopt;
}

bool EduDma::Transfer(uint64_t source, uint64_t destination, uint32_t length, bool to_ram) {
  if (!WriteRegister(kDmaSource, source) || !WriteRegister(kDmaDestination, destination) ||
      !WriteRegister(kDmaCount, length) ||
      !WriteRegister(kDmaCommand, kDmaRun | (to_ram ? kDmaToRam : 0))) {
    return false;
  }
  auto deadline = std::chrono::steady_clock::now() + kTransferDeadline;
  while (std::chrono::steady_clock::now() < deadline) {
    auto command = ReadRegister(kDmaCommand);
    if (!command) return false;
    if (!(*command & kDmaRun)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  error_ = "the edu transfer did not finish within 20 s";
  return false;
}

std::optional<std::vector<uint8_t>> EduDma::Read(uint64_t iova, uint32_t length, uint8_t fill) {
  if (length > kBufferSize || length > staging_.size()) {
    error_ = "transfer longer than the device buffer or the staging page";
    return std::nullopt;
  }
  std::memset(staging_.data(), fill, length);
  if (!Transfer(staging_iova_, kBufferAddress, length, false) ||
      !Transfer(iova, kBufferAddress, length, false)) {
    return std::nullopt;
  }
  std::memset(staging_.data(), static_cast<uint8_t>(~fill), length);
  if (!Transfer(kBufferAddress, staging_iova_, length, true)) return std::nullopt;
  return std::vector<uint8_t>(staging_.begin(), staging_.begin() + length);
}

bool EduDma::Write(uint64_t iova, std::span<const uint8_t> bytes) {
  if (bytes.size() > kBufferSize || bytes.size() > staging_.size()) {
    error_ = "transfer longer than the device buffer or the staging page";
    return false;
  }
  std::memcpy(staging_.data(), bytes.data(), bytes.size());
  const auto length = static_cast<uint32_t>(bytes.size());
  return Transfer(staging_iova_, kBufferAddress, length, false) &&
         Transfer(kBufferAddress, iova, length, true);
}

}  // namespace iommufd_conform
