#include "harness/backend/kernel_backend.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <span>

#include "harness/device/edu_dma.h"
#include "harness/device/fault_interrupts.h"

namespace iommufd_conform {
namespace {

std::span<const std::byte> Bytes(const void* p, size_t n) {
  return {static_cast<const std::byte*>(p), n};
}

Outcome FromSyscall(long ret, std::span<const std::byte> bytes = {}) {
  // errno is read here, right after the call, and never again.
  if (ret < 0) return Outcome::Failure(errno, bytes);
  return Outcome::Success(ret, bytes);
}

// The device's buffer holds this before a read, so a refused read that left it alone would
// show, against the zeros the model says the device reads.
constexpr uint8_t kDmaFill = 0xa5;

std::string ReadSysfs(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::string value;
  in >> value;
  return value;
}

}  // namespace

Outcome KernelBackend::DeviceDma(int device_fd, const DeviceDmaRequest& request) {
  std::string why;
  auto edu = EduDma::Open(device_fd, request.bounce, request.bounce_iova, &why);
  if (!edu) {
    std::cerr << "device DMA: " << why << "\n";
    return Outcome::Failure(ENODEV);
  }
  const uint64_t faults_before = FaultInterruptsNow();
  auto faulted = [&] { return FaultInterruptsNow() != faults_before ? 1L : 0L; };
  if (request.write) {
    if (edu->Write(request.iova, request.bytes)) return Outcome::Success(faulted());
  } else if (auto bytes = edu->Read(request.iova, request.length, kDmaFill)) {
    return Outcome::Success(faulted(), std::as_bytes(std::span(*bytes)));
  }
  // A device that does not finish is the harness's trouble, not an answer of the uAPI.
  std::cerr << "device DMA: " << edu->error() << "\n";
  return Outcome::Failure(ETIMEDOUT);
}

Outcome KernelBackend::OpenIommufd() { return FromSyscall(open("/dev/iommu", O_RDWR | O_CLOEXEC)); }

Outcome KernelBackend::OpenDevice(const std::string& path) {
  return FromSyscall(open(path.c_str(), O_RDWR | O_CLOEXEC));
}

Outcome KernelBackend::Ioctl(int fd, unsigned long request, void* arg, size_t arg_size) {
  long ret = ioctl(fd, request, arg);
  return FromSyscall(ret, arg ? Bytes(arg, arg_size) : std::span<const std::byte>{});
}

Outcome KernelBackend::Read(int fd, void* buf, size_t count) {
  ssize_t ret = read(fd, buf, count);
  if (ret < 0) return Outcome::Failure(errno);
  return Outcome::Success(ret, Bytes(buf, static_cast<size_t>(ret)));
}

Outcome KernelBackend::Write(int fd, const void* buf, size_t count) {
  return FromSyscall(write(fd, buf, count));
}

Outcome KernelBackend::Poll(int fd, short events) {
  pollfd entry{fd, events, 0};
  long ret = poll(&entry, 1, 0);
  return ret < 0 ? Outcome::Failure(errno) : Outcome::Success(entry.revents);
}

Outcome KernelBackend::Mmap(int fd, size_t length, int prot, int flags, uint64_t offset) {
  void* address = mmap(nullptr, length, prot, flags, fd, static_cast<off_t>(offset));
  if (address == MAP_FAILED) return Outcome::Failure(errno);
  return Outcome::Success(static_cast<long>(reinterpret_cast<uintptr_t>(address)));
}

Outcome KernelBackend::Munmap(uint64_t address, size_t length) {
  return FromSyscall(munmap(reinterpret_cast<void*>(address), length));
}

Outcome KernelBackend::Close(int fd) { return FromSyscall(close(fd)); }

std::vector<DeviceInfo> KernelBackend::Devices() {
  namespace fs = std::filesystem;
  std::vector<DeviceInfo> devices;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/dev/vfio/devices", ec)) {
    DeviceInfo info{DeviceInfo::Kind::kVfioCdev, entry.path().string(), "", 0, 0};
    // /sys/class/vfio-dev/vfioN/device is the PCI device the cdev stands for.
    fs::path sys = fs::path("/sys/class/vfio-dev") / entry.path().filename() / "device";
    fs::path pci = fs::canonical(sys, ec);
    if (!ec) {
      info.pci_address = pci.filename().string();
      info.vendor = std::stoul(ReadSysfs(pci / "vendor"), nullptr, 16);
      info.device = std::stoul(ReadSysfs(pci / "device"), nullptr, 16);
    }
    devices.push_back(info);
  }
  std::sort(devices.begin(), devices.end(),
            [](const DeviceInfo& a, const DeviceInfo& b) { return a.path < b.path; });
  if (fs::exists("/sys/bus/iommufd_mock", ec)) {
    devices.push_back({DeviceInfo::Kind::kMock, "mock", "", 0, 0});
  }
  return devices;
}

}  // namespace iommufd_conform
