#include "harness/backend/model_backend.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <span>

#include "reference/model/platform_profile.h"
#include "reference/uapi/iommufd_test.h"

namespace iommufd_conform {

Outcome ModelBackend::OpenDevice(const std::string& path) { return model_.OpenDevice(path); }

Outcome ModelBackend::Ioctl(int fd, unsigned long request, void* arg, size_t arg_size) {
  Outcome outcome = model_.Ioctl(fd, request, reinterpret_cast<uintptr_t>(arg));
  if (arg) {
    auto bytes = std::span<const std::byte>(static_cast<const std::byte*>(arg), arg_size);
    outcome.out.assign(bytes.begin(), bytes.end());
  }
  return outcome;
}

Outcome ModelBackend::Read(int fd, void* buf, size_t count) {
  Outcome outcome = model_.Read(fd, reinterpret_cast<uintptr_t>(buf), count);
  if (outcome.ok()) {
    auto bytes = std::span<const std::byte>(static_cast<const std::byte*>(buf), outcome.ret);
    outcome.out.assign(bytes.begin(), bytes.end());
  }
  return outcome;
}

Outcome ModelBackend::Write(int fd, const void* buf, size_t count) {
  return model_.Write(fd, reinterpret_cast<uintptr_t>(buf), count);
}

Outcome ModelBackend::DeviceDma(int device_fd, const DeviceDmaRequest& request) {
  std::vector<std::byte> data = request.write
                                    ? std::vector<std::byte>(std::as_bytes(request.bytes).begin(),
                                                             std::as_bytes(request.bytes).end())
                                    : std::vector<std::byte>(request.length);
  model::DeviceDmaResult result = model_.DeviceDma(device_fd, request.iova, data, request.write);
  if (result.error) return Outcome::Failure(result.error);
  const long faulted = result.fault_reported ? 1 : 0;
  if (request.write) return Outcome::Success(faulted);
  for (const auto& run : result.refused) {
    std::fill_n(data.begin() + static_cast<long>(run.offset), run.length, std::byte{0});
  }
  return Outcome::Success(faulted, data);
}

std::vector<model::WrittenMemory> ModelBackend::SideEffectTargets(
    int fd, unsigned long request, std::span<const std::byte> input) {
  uapi::IommuTestCmd cmd{};
  if (request != uapi::kIoctlTestCmd || input.size() < sizeof(cmd)) return {};
  std::memcpy(&cmd, input.data(), sizeof(cmd));
  if (cmd.op != uapi::kIommuTestOpAccessRw) return {};
  return model_.AccessRwTargets(fd, cmd);
}

std::vector<DeviceInfo> ModelBackend::Devices() {
  // The configured platform's VFIO cdevs, then the selftest mock bus every modelled kernel has.
  std::vector<DeviceInfo> devices;
  for (const model::PlatformDevice& device : model::PlatformDevices(model_.config().platform)) {
    devices.push_back({DeviceInfo::Kind::kVfioCdev, std::string(device.cdev_path),
                       std::string(device.pci_address), device.vendor, device.device});
  }
  devices.push_back({DeviceInfo::Kind::kMock, "mock", "", 0, 0});
  return devices;
}

}  // namespace iommufd_conform
