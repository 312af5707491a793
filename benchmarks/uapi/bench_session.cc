#include "benchmarks/uapi/bench_session.h"

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "reference/uapi/iommufd.h"
#include "reference/uapi/iommufd_test.h"
#include "reference/uapi/vfio.h"

namespace iommufd_conform::bench {
namespace {

using namespace uapi;

void* Value(uint64_t value) { return reinterpret_cast<void*>(static_cast<uintptr_t>(value)); }
uint64_t Address(const void* pointer) { return reinterpret_cast<uintptr_t>(pointer); }

std::string Describe(const char* what, int error) {
  return std::string(what) + " failed: " + std::strerror(error);
}

// /dev/vfio/<group> of a PCI device, from its iommu_group link.
std::string GroupPath(const std::string& pci_address) {
  std::error_code ec;
  auto group = std::filesystem::read_symlink(
      std::filesystem::path("/sys/bus/pci/devices") / pci_address / "iommu_group", ec);
  if (ec) return "";
  return "/dev/vfio/" + group.filename().string();
}

}  // namespace

std::string_view FrontEndName(FrontEnd front_end) {
  switch (front_end) {
    case FrontEnd::kNative: return "native";
    case FrontEnd::kCompat: return "compat";
    case FrontEnd::kContainer: return "container";
  }
  return "?";
}

std::string_view AttachName(Attach attach) {
  switch (attach) {
    case Attach::kNone: return "none";
    case Attach::kMock: return "mock";
    case Attach::kTwoMock: return "twomock";
    case Attach::kDevice: return "device";
  }
  return "?";
}

std::unique_ptr<BenchSession> BenchSession::Open(Backend& backend, FrontEnd front_end,
                                                 Attach attach, std::string* error) {
  std::unique_ptr<BenchSession> session(new BenchSession(backend, front_end, attach));
  if (session->Setup(error) != 0) return nullptr;
  return session;
}

BenchSession::~BenchSession() {
  for (int fd : {device_, group_, container_, iommufd_}) {
    if (fd >= 0) (void)backend_.Close(fd);
  }
}

int BenchSession::Ioctl(int fd, unsigned long request, void* arg, size_t size) {
  return backend_.Ioctl(fd, request, arg, size).error;
}

int BenchSession::AllocIoas(uint32_t* id) {
  IommuIoasAlloc alloc{sizeof(alloc), 0, 0};
  int error = Ioctl(iommufd_, kIoctlIoasAlloc, &alloc, sizeof(alloc));
  *id = alloc.out_ioas_id;
  return error;
}

int BenchSession::AddMock(uint32_t ioas) {
  IommuTestCmd cmd{};
  cmd.size = sizeof(cmd);
  cmd.op = kIommuTestOpMockDomain;
  cmd.id = ioas;
  int error = Ioctl(iommufd_, kIoctlTestCmd, &cmd, sizeof(cmd));
  if (error == 0) {
    mock_stdevs_.push_back(cmd.mock_domain.out_stdev_id);
    mock_idevs_.push_back(cmd.mock_domain.out_idev_id);
  }
  return error;
}

int BenchSession::AttachTo(uint32_t ioas, std::string* error) {
  switch (attach_) {
    case Attach::kNone: return 0;
    case Attach::kMock:
    case Attach::kTwoMock:
      for (int i = 0; i < (attach_ == Attach::kMock ? 1 : 2); ++i) {
        if (int e = AddMock(ioas)) return *error = Describe("mock domain", e), e;
      }
      return 0;
    case Attach::kDevice: {
      if (device_ < 0) return *error = "the device is not open", EINVAL;
      VfioDeviceBindIommufd bind{};
      bind.argsz = sizeof(bind);
      bind.iommufd = iommufd_;
      if (int e = Ioctl(device_, kIoctlVfioDeviceBindIommufd, &bind, sizeof(bind))) {
        return *error = Describe("VFIO_DEVICE_BIND_IOMMUFD", e), e;
      }
      VfioDeviceAttachIommufdPt attach{};
      attach.argsz = sizeof(attach);
      attach.pt_id = ioas;
      if (int e = Ioctl(device_, kIoctlVfioDeviceAttachIommufdPt, &attach, sizeof(attach))) {
        return *error = Describe("VFIO_DEVICE_ATTACH_IOMMUFD_PT", e), e;
      }
      return 0;
    }
  }
  return EINVAL;
}

int BenchSession::Setup(std::string* error) {
  const DeviceInfo* device = nullptr;
  std::vector<DeviceInfo> devices;
  if (attach_ == Attach::kDevice || front_end_ == FrontEnd::kContainer) {
    devices = backend_.Devices();
    for (const auto& info : devices) {
      if (info.kind == DeviceInfo::Kind::kVfioCdev && !info.pci_address.empty()) {
        device = &info;
        break;
      }
    }
    if (!device) return *error = "no VFIO device bound to vfio-pci", ENODEV;
  }
  if (front_end_ == FrontEnd::kContainer) {
    // The legacy path: a container, the device's group in it, then the IOMMU type.
    if (attach_ != Attach::kDevice) return *error = "a container needs the device", EINVAL;
    Outcome container = backend_.OpenDevice("/dev/vfio/vfio");
    if (!container.ok()) return *error = Describe("open /dev/vfio/vfio", container.error), 1;
    container_ = static_cast<int>(container.ret);
    std::string group_path = GroupPath(device->pci_address);
    Outcome group = backend_.OpenDevice(group_path);
    if (!group.ok()) return *error = Describe(("open " + group_path).c_str(), group.error), 1;
    group_ = static_cast<int>(group.ret);
    int container_fd = container_;
    if (int e = Ioctl(group_, kIoctlVfioGroupSetContainer, &container_fd, sizeof(container_fd))) {
      return *error = Describe("VFIO_GROUP_SET_CONTAINER", e), e;
    }
    if (int e = Ioctl(container_, kIoctlVfioSetIommu, Value(kVfioType1v2Iommu), 0)) {
      return *error = Describe("VFIO_SET_IOMMU(TYPE1v2)", e), e;
    }
    map_fd_ = container_;
    return 0;
  }

  Outcome opened = backend_.OpenIommufd();
  if (!opened.ok()) return *error = Describe("open /dev/iommu", opened.error), 1;
  iommufd_ = static_cast<int>(opened.ret);
  map_fd_ = iommufd_;
  if (int e = AllocIoas(&ioas_)) return *error = Describe("IOMMU_IOAS_ALLOC", e), e;
  if (device) {
    Outcome device_fd = backend_.OpenDevice(device->path);
    if (!device_fd.ok()) return *error = Describe(device->path.c_str(), device_fd.error), 1;
    device_ = static_cast<int>(device_fd.ret);
  }
  if (front_end_ == FrontEnd::kCompat) {
    // The compat layer works on the IOAS IOMMU_VFIO_IOAS names; VFIO_SET_IOMMU then picks
    // the type1v2 semantics a VFIO user would ask for.
    IommuVfioIoas set{sizeof(set), ioas_, kIommuVfioIoasSet, 0};
    if (int e = Ioctl(iommufd_, kIoctlVfioIoas, &set, sizeof(set))) {
      return *error = Describe("IOMMU_VFIO_IOAS(SET)", e), e;
    }
    if (int e = Ioctl(iommufd_, kIoctlVfioSetIommu, Value(kVfioType1v2Iommu), 0)) {
      return *error = Describe("VFIO_SET_IOMMU(TYPE1v2) on /dev/iommu", e), e;
    }
  }
  return AttachTo(ioas_, error);
}

int BenchSession::Map(const void* user_va, uint64_t length, uint64_t iova) {
  if (front_end_ == FrontEnd::kNative) {
    IommuIoasMap map{};
    map.size = sizeof(map);
    map.flags = kIommuIoasMapFixedIova | kIommuIoasMapReadable | kIommuIoasMapWriteable;
    map.ioas_id = ioas_;
    map.user_va = Address(user_va);
    map.length = length;
    map.iova = iova;
    return Ioctl(map_fd_, kIoctlIoasMap, &map, sizeof(map));
  }
  VfioIommuType1DmaMap map{sizeof(map), kVfioDmaMapFlagRead | kVfioDmaMapFlagWrite,
                           Address(user_va), iova, length};
  return Ioctl(map_fd_, kIoctlVfioIommuMapDma, &map, sizeof(map));
}

int BenchSession::Unmap(uint64_t iova, uint64_t length) {
  if (front_end_ == FrontEnd::kNative) {
    IommuIoasUnmap unmap{sizeof(unmap), ioas_, iova, length};
    return Ioctl(map_fd_, kIoctlIoasUnmap, &unmap, sizeof(unmap));
  }
  VfioIommuType1DmaUnmap unmap{sizeof(unmap), 0, iova, length};
  return Ioctl(map_fd_, kIoctlVfioIommuUnmapDma, &unmap, sizeof(unmap));
}

int BenchSession::MapFile(int fd, uint64_t start, uint64_t length, uint64_t iova) {
  if (front_end_ != FrontEnd::kNative) return EOPNOTSUPP;
  IommuIoasMapFile map{};
  map.size = sizeof(map);
  map.flags = kIommuIoasMapFixedIova | kIommuIoasMapReadable | kIommuIoasMapWriteable;
  map.ioas_id = ioas_;
  map.fd = fd;
  map.start = start;
  map.length = length;
  map.iova = iova;
  return Ioctl(iommufd_, kIoctlIoasMapFile, &map, sizeof(map));
}

int BenchSession::Copy(uint64_t src_iova, uint64_t length, uint64_t dst_iova) {
  if (front_end_ != FrontEnd::kNative || attach_ == Attach::kDevice) return EOPNOTSUPP;
  if (!copy_ioas_) {
    uint32_t id;
    if (int e = AllocIoas(&id)) return e;
    std::string ignored;
    if (int e = AttachTo(id, &ignored)) return e;
    copy_ioas_ = id;
  }
  IommuIoasCopy copy{};
  copy.size = sizeof(copy);
  copy.flags = kIommuIoasMapFixedIova | kIommuIoasMapReadable | kIommuIoasMapWriteable;
  copy.dst_ioas_id = *copy_ioas_;
  copy.src_ioas_id = ioas_;
  copy.length = length;
  copy.dst_iova = dst_iova;
  copy.src_iova = src_iova;
  return Ioctl(iommufd_, kIoctlIoasCopy, &copy, sizeof(copy));
}

int BenchSession::UnmapCopy(uint64_t iova, uint64_t length) {
  if (!copy_ioas_) return ENOENT;
  IommuIoasUnmap unmap{sizeof(unmap), *copy_ioas_, iova, length};
  return Ioctl(iommufd_, kIoctlIoasUnmap, &unmap, sizeof(unmap));
}

int BenchSession::EnableDirtyTracking() {
  if (front_end_ != FrontEnd::kNative || mock_idevs_.empty()) return EOPNOTSUPP;
  IommuHwptAlloc alloc{};
  alloc.size = sizeof(alloc);
  alloc.flags = kIommuHwptAllocDirtyTracking;
  alloc.dev_id = mock_idevs_.front();
  alloc.pt_id = ioas_;
  if (int e = Ioctl(iommufd_, kIoctlHwptAlloc, &alloc, sizeof(alloc))) return e;
  dirty_hwpt_ = alloc.out_hwpt_id;
  IommuTestCmd replace{};
  replace.size = sizeof(replace);
  replace.op = kIommuTestOpMockDomainReplace;
  replace.id = mock_stdevs_.front();
  replace.mock_domain_replace.pt_id = dirty_hwpt_;
  if (int e = Ioctl(iommufd_, kIoctlTestCmd, &replace, sizeof(replace))) return e;
  IommuHwptSetDirtyTracking enable{sizeof(enable), kIommuHwptDirtyTrackingEnable, dirty_hwpt_,
                                   0};
  return Ioctl(iommufd_, kIoctlHwptSetDirtyTracking, &enable, sizeof(enable));
}

int BenchSession::Invalidate(uint32_t entries) {
  if (front_end_ != FrontEnd::kNative || mock_idevs_.empty()) return EOPNOTSUPP;
  if (nested_hwpt_ == 0) {
    IommuHwptAlloc parent{};
    parent.size = sizeof(parent);
    parent.flags = kIommuHwptAllocNestParent;
    parent.dev_id = mock_idevs_.front();
    parent.pt_id = ioas_;
    if (int e = Ioctl(iommufd_, kIoctlHwptAlloc, &parent, sizeof(parent))) return e;
    IommuHwptSelftest data{kIommuTestIotlbDefault, 0};
    IommuHwptAlloc nested{};
    nested.size = sizeof(nested);
    nested.dev_id = mock_idevs_.front();
    nested.pt_id = parent.out_hwpt_id;
    nested.data_type = kIommuHwptDataSelftest;
    nested.data_len = sizeof(data);
    nested.data_uptr = Address(&data);
    if (int e = Ioctl(iommufd_, kIoctlHwptAlloc, &nested, sizeof(nested))) return e;
    nested_hwpt_ = nested.out_hwpt_id;
  }
  // Each entry flushes one of the mock domain's IOTLB ids in turn.
  invalidations_.resize(entries);
  for (uint32_t i = 0; i < entries; ++i) {
    invalidations_[i] = {0, i % (kMockNestedDomainIotlbIdMax + 1)};
  }
  IommuHwptInvalidate invalidate{};
  invalidate.size = sizeof(invalidate);
  invalidate.hwpt_id = nested_hwpt_;
  invalidate.data_uptr = Address(invalidations_.data());
  invalidate.data_type = kIommuHwptInvalidateDataSelftest;
  invalidate.entry_len = sizeof(IommuHwptInvalidateSelftest);
  invalidate.entry_num = entries;
  return Ioctl(iommufd_, kIoctlHwptInvalidate, &invalidate, sizeof(invalidate));
}

int BenchSession::ReadDirtyBitmap(uint64_t iova, uint64_t length, std::vector<uint64_t>* bitmap) {
  constexpr uint64_t kPage = 4096;
  bitmap->assign((length / kPage + 63) / 64, 0);
  IommuHwptGetDirtyBitmap get{};
  get.size = sizeof(get);
  get.hwpt_id = dirty_hwpt_;
  get.iova = iova;
  get.length = length;
  get.page_size = kPage;
  get.data = Address(bitmap->data());
  return Ioctl(iommufd_, kIoctlHwptGetDirtyBitmap, &get, sizeof(get));
}

}  // namespace iommufd_conform::bench
