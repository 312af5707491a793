// A minimal in-guest probe: opens /dev/iommu, binds every VFIO device cdev to it and prints what
// IOMMU_GET_HW_INFO reports. Exit status 0 when every step worked, 1 otherwise.

#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "reference/uapi/iommufd.h"
#include "reference/uapi/vfio.h"

namespace {

namespace uapi = iommufd_conform::uapi;

constexpr const char* kVfioDevices = "/dev/vfio/devices";

bool ProbeDevice(int iommufd, const std::string& name) {
  std::string path = std::string(kVfioDevices) + "/" + name;
  int fd = open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) {
    std::printf("device %s open failed: %s\n", name.c_str(), std::strerror(errno));
    return false;
  }
  uapi::VfioDeviceBindIommufd bind{};
  bind.argsz = sizeof(bind);
  bind.iommufd = iommufd;
  if (ioctl(fd, uapi::kIoctlVfioDeviceBindIommufd, &bind) != 0) {
    std::printf("device %s bind failed: %s\n", name.c_str(), std::strerror(errno));
    close(fd);
    return false;
  }
  uint8_t data[256] = {};
  uapi::IommuHwInfo info{};
  info.size = sizeof(info);
  info.dev_id = bind.out_devid;
  info.data_len = sizeof(data);
  info.data_uptr = reinterpret_cast<uintptr_t>(data);
  bool ok = ioctl(iommufd, uapi::kIoctlGetHwInfo, &info) == 0;
  if (ok) {
    std::printf("device %s devid=%u hw_info type=%u caps=0x%llx data_len=%u max_pasid_log2=%u\n",
                name.c_str(), bind.out_devid, info.out_data_type,
                static_cast<unsigned long long>(info.out_capabilities), info.data_len,
                info.out_max_pasid_log2);
  } else {
    std::printf("device %s hw_info failed: %s\n", name.c_str(), std::strerror(errno));
  }
  close(fd);
  return ok;
}

}  // namespace

int main() {
  int iommufd = open("/dev/iommu", O_RDWR | O_CLOEXEC);
  if (iommufd < 0) {
    std::printf("open /dev/iommu failed: %s\n", std::strerror(errno));
    return 1;
  }
  std::printf("open /dev/iommu ok\n");

  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(kVfioDevices, ec)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  if (names.empty()) std::printf("no vfio device cdevs\n");
  bool ok = true;
  for (const auto& name : names) ok = ProbeDevice(iommufd, name) && ok;
  close(iommufd);
  return ok ? 0 : 1;
}
