#include "harness/guest/vfio_binder.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <system_error>
#include <thread>

#include "harness/guest/sys_file.h"

namespace iommufd_conform::guest {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPciDevices = "/sys/bus/pci/devices";

HarnessResult<uint16_t> ReadHexId(const fs::path& file) {
  auto text = ReadWholeFile(file);
  if (!text.ok()) return text.error();
  return static_cast<uint16_t>(std::strtoul(text.value().c_str(), nullptr, 16));
}

// The vfioN name under the device's vfio-dev directory, once vfio-pci has probed it.
std::string VfioCdevName(const fs::path& device_dir) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(device_dir / "vfio-dev", ec)) {
    return entry.path().filename().string();
  }
  return {};
}

HarnessResult<BoundDevice> Bind(const fs::path& device_dir, PciId id,
                                std::chrono::milliseconds timeout) {
  std::string address = device_dir.filename().string();
  auto status = WriteSysFile(device_dir / "driver_override", "vfio-pci");
  if (status.ok() && fs::exists(device_dir / "driver")) {
    status = WriteSysFile(device_dir / "driver" / "unbind", address);
  }
  if (status.ok()) status = WriteSysFile("/sys/bus/pci/drivers_probe", address);
  if (!status.ok()) return status.error();

  // vfio-pci probes synchronously, but devtmpfs creates the node from its own thread.
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    std::string name = VfioCdevName(device_dir);
    if (!name.empty() && access(("/dev/vfio/devices/" + name).c_str(), F_OK) == 0) {
      return BoundDevice{address, id, "/dev/vfio/devices/" + name};
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      std::error_code ec;
      fs::path driver = fs::read_symlink(device_dir / "driver", ec);
      return MakeError(HarnessErrorKind::kNoDevice,
                       "PCI device " + address + " did not become a vfio cdev (driver: " +
                           (ec ? std::string("none") : driver.filename().string()) +
                           "; no IOMMU group?)");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace

HarnessResult<std::vector<BoundDevice>> BindToVfio(const std::vector<PciId>& ids,
                                                    std::chrono::milliseconds timeout) {
  std::vector<BoundDevice> bound;
  if (ids.empty()) return bound;
  std::error_code ec;
  std::vector<fs::path> devices;
  for (const auto& entry : fs::directory_iterator(kPciDevices, ec)) devices.push_back(entry.path());
  if (ec) return MakeError(HarnessErrorKind::kIo, std::string(kPciDevices) + ": " + ec.message());
  std::sort(devices.begin(), devices.end());  // vfioN numbering follows bus order

  for (const auto& device_dir : devices) {
    auto vendor = ReadHexId(device_dir / "vendor");
    auto device = ReadHexId(device_dir / "device");
    if (!vendor.ok()) return vendor.error();
    if (!device.ok()) return device.error();
    PciId id{vendor.value(), device.value()};
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) continue;
    auto one = Bind(device_dir, id, timeout);
    if (!one.ok()) return one.error();
    bound.push_back(std::move(one).value());
  }
  if (bound.empty()) {
    return MakeError(HarnessErrorKind::kNoDevice, "no PCI device matches the requested vfio ids");
  }
  return bound;
}

}  // namespace iommufd_conform::guest
