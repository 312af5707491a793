// The VFIO device cdev operations: open, bind, attach (a replace when attached), detach, and
// DMA by the device. They reach the platform IOMMU's driver (VT-d, SMMUv3, AMD-Vi,
// virtio-iommu) where the other operations reach only the selftest mock driver.
#include <string>
#include <vector>

#include "fuzz/sequence/sequence_runner.h"
#include "reference/uapi/iommufd.h"
#include "reference/uapi/vfio.h"

namespace iommufd_conform::fuzz {
namespace {

using namespace uapi;

// Where a DMA's bounce page is mapped: above every IOVA a choice byte picks below
// kApertureStart (63 pages), below the mock aperture, clear of x86's MSI window.
constexpr uint64_t kStagingIova = 0x100000;

// A shape byte that bent the struct (SequenceRunner::Send): the ids the kernel saw may not
// be the ones the runner picked.
bool Bent(const Shape& shape) { return shape.shape >= 0xe0; }

}  // namespace

const std::vector<std::string>& SequenceRunner::CdevPaths() {
  if (cdev_paths_) return *cdev_paths_;
  cdev_paths_.emplace();
  for (const DeviceInfo& device : backend_.Devices()) {
    if (device.kind == DeviceInfo::Kind::kVfioCdev) cdev_paths_->push_back(device.path);
  }
  return *cdev_paths_;
}

SequenceRunner::VfioDevice* SequenceRunner::PickVfioDevice(Byte pick) {
  if (vfio_devices_.empty()) return nullptr;
  return &vfio_devices_[pick.value % vfio_devices_.size()];
}

void SequenceRunner::Do(const ops::VfioDeviceOpen& op) {
  const std::vector<std::string>& paths = CdevPaths();
  if (paths.empty() || vfio_devices_.size() >= kMaxFds) return;
  const std::string& path = paths[op.cdev.value % paths.size()];
  Outcome outcome = backend_.OpenDevice(path);
  if (outcome.ok()) vfio_devices_.push_back({static_cast<int>(outcome.ret)});
  Record(op.kCode, "open(" + path + ")", outcome);
}

void SequenceRunner::Do(const ops::VfioDeviceBind& op) {
  VfioDevice* device = PickVfioDevice(op.device);
  if (!device) return;
  VfioDeviceBindIommufd arg{};
  arg.argsz = sizeof(arg);
  arg.flags = FlagsValue(op.flags, kVfioDeviceBindFlagToken);
  arg.iommufd = op.iommufd.value >= 0xf0 ? arena_.other_file() : PickIommufd(op.iommufd);
  arg.token_uuid_ptr = arena_.scratch();
  // The struct comes back as the kernel read it, so `iommufd` is the one it bound to.
  if (SendStruct(op.kCode, device->fd, kIoctlVfioDeviceBindIommufd, arg, op.shape).ok()) {
    device->iommufd = arg.iommufd;
    Remember(Kind::kDevice, arg.iommufd, arg.out_devid);
  }
}

void SequenceRunner::Do(const ops::VfioDeviceAttach& op) {
  VfioDevice* device = PickVfioDevice(op.device);
  if (!device) return;
  bool on_hwpt = op.on_hwpt.value & 1;
  VfioDeviceAttachIommufdPt arg{};
  arg.argsz = sizeof(arg);
  arg.flags = FlagsValue(op.flags, kVfioDeviceAttachPasid);
  arg.pt_id = Pick(on_hwpt ? Kind::kHwpt : Kind::kIoas, op.pt).id;
  arg.pasid = op.pasid.value;
  const uint32_t pt_id = arg.pt_id;
  if (!SendStruct(op.kCode, device->fd, kIoctlVfioDeviceAttachIommufdPt, arg, op.shape).ok() ||
      (arg.flags & kVfioDeviceAttachPasid)) {
    return;  // a PASID's attachment leaves the RID's translation as it was
  }
  device->translation.reset();
  if (Bent(op.shape)) return;
  if (!on_hwpt) {
    device->translation = Ref{device->iommufd, pt_id};
  } else if (auto ioas = hwpt_ioas_.find({device->iommufd, pt_id}); ioas != hwpt_ioas_.end()) {
    device->translation = Ref{device->iommufd, ioas->second};
  }
}

void SequenceRunner::Do(const ops::VfioDeviceDetach& op) {
  VfioDevice* device = PickVfioDevice(op.device);
  if (!device) return;
  VfioDeviceDetachIommufdPt arg{};
  arg.argsz = sizeof(arg);
  arg.flags = FlagsValue(op.flags, kVfioDeviceDetachPasid);
  arg.pasid = op.pasid.value;
  if (SendStruct(op.kCode, device->fd, kIoctlVfioDeviceDetachIommufdPt, arg, op.shape).ok() &&
      !(arg.flags & kVfioDeviceDetachPasid)) {
    device->translation.reset();
  }
}

void SequenceRunner::Do(const ops::VfioDeviceDma& op) {
  VfioDevice* device = PickVfioDevice(op.device);
  if (!device || !device->translation || !device_dma_ || dmas_ >= kMaxDmas) return;
  ++dmas_;
  DmaThroughBounce(op, *device, *device->translation);
}

void SequenceRunner::DmaThroughBounce(const ops::VfioDeviceDma& op, const VfioDevice& device,
                                      Ref ioas) {
  const uint64_t page = arena_.page_size();
  IommuIoasMap map{};
  map.size = sizeof(map);
  map.flags = kIommuIoasMapFixedIova | kIommuIoasMapReadable | kIommuIoasMapWriteable;
  map.ioas_id = ioas.id;
  map.user_va = arena_.bounce();
  map.length = page;
  map.iova = kStagingIova;
  if (!SendStruct(op.kCode, ioas.fd, kIoctlIoasMap, map, Shape{}).ok()) return;
  const uint32_t length = 1 + op.length.value % 128;
  std::vector<uint8_t> bytes(op.is_write() ? length : 0);
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<uint8_t>(op.seed.value + 7 * i);
  DeviceDmaRequest request{
      .write = op.is_write(),
      .iova = PickIova(op.iova) + op.offset.value * 16u,
      .length = length,
      .bytes = bytes,
      .bounce = {reinterpret_cast<uint8_t*>(arena_.bounce()), page},
      .bounce_iova = kStagingIova};
  std::string call;
  if (describe_calls_) {
    call = std::string(op.is_write() ? "DMA write" : "DMA read") + " of " +
           std::to_string(length) + " bytes at iova " + std::to_string(request.iova) +
           " by device " + std::to_string(device.fd);
  }
  Record(op.kCode, std::move(call), backend_.DeviceDma(device.fd, request));
  IommuIoasUnmap unmap{};
  unmap.size = sizeof(unmap);
  unmap.ioas_id = ioas.id;
  unmap.iova = kStagingIova;
  unmap.length = page;
  (void)SendStruct(op.kCode, ioas.fd, kIoctlIoasUnmap, unmap, Shape{});
}

}  // namespace iommufd_conform::fuzz
