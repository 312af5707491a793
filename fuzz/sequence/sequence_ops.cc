// What each operation does with its fields (ops.h): the call it builds on the sequence's
// live objects and what a successful one leaves behind.
#include <fcntl.h>
#include <poll.h>

#include <cstring>

#include "fuzz/sequence/sequence_runner.h"
#include "reference/uapi/iommufd.h"
#include "reference/uapi/iommufd_test.h"
#include "reference/uapi/vfio.h"

namespace iommufd_conform::fuzz {
namespace {

using namespace uapi;

template <typename T>
T Sized() {
  T value{};
  value.size = sizeof(T);
  return value;
}

void* Scratch(const MemoryArena& arena) { return reinterpret_cast<void*>(arena.scratch()); }

}  // namespace

void SequenceRunner::Do(const ops::OpenIommufd& op) {
  if (iommufds_.size() >= kMaxIommufds) return;
  Outcome outcome = backend_.OpenIommufd();
  if (outcome.ok()) iommufds_.push_back(static_cast<int>(outcome.ret));
  Record(op.kCode, "open(/dev/iommu)", outcome);
}

void SequenceRunner::Do(const ops::CloseIommufd& op) {
  if (iommufds_.empty()) return;
  int fd = PickIommufd(op.iommufd);
  Outcome outcome = backend_.Close(fd);
  ForgetFd(fd);
  Record(op.kCode, "close(iommufd " + std::to_string(fd) + ")", outcome);
}

void SequenceRunner::Do(const ops::Destroy& op) {
  // Any kind: the byte picks one, then the object.
  auto kind = static_cast<Kind>(op.kind.value % static_cast<uint8_t>(Kind::kCount));
  Ref ref = Pick(kind, op.object);
  auto arg = Sized<IommuDestroy>();
  arg.id = ref.id;
  if (SendStruct(op.kCode, ref.fd, kIoctlDestroy, arg, op.shape).ok()) {
    std::erase_if(objects_[static_cast<size_t>(kind)],
                  [&](const Ref& r) { return r.fd == ref.fd && r.id == ref.id; });
  }
}

void SequenceRunner::Do(const ops::IoasAlloc& op) {
  int fd = PickIommufd(op.iommufd);
  auto arg = Sized<IommuIoasAlloc>();
  arg.flags = FlagsValue(op.flags, 0);
  if (SendStruct(op.kCode, fd, kIoctlIoasAlloc, arg, op.shape).ok()) {
    Remember(Kind::kIoas, fd, arg.out_ioas_id);
  }
}

void SequenceRunner::Do(const ops::IoasMap& op) {
  Ref ioas = Pick(Kind::kIoas, op.ioas);
  auto arg = Sized<IommuIoasMap>();
  arg.ioas_id = ioas.id;
  arg.flags = FlagsValue(op.flags, ops::kMapFlags);
  arg.user_va = PickAddress(op.user_va);
  arg.length = PickLength(op.length);
  arg.iova = PickIova(op.iova);
  (void)SendStruct(op.kCode, ioas.fd, kIoctlIoasMap, arg, op.shape);
}

void SequenceRunner::Do(const ops::IoasMapFile& op) {
  Ref ioas = Pick(Kind::kIoas, op.ioas);
  auto arg = Sized<IommuIoasMapFile>();
  arg.ioas_id = ioas.id;
  arg.flags = FlagsValue(op.flags, ops::kMapFlags);
  arg.fd = op.file.value < 0xf0 ? arena_.memfd() : -1;
  arg.start = (op.start.value % 16) * arena_.page_size();
  arg.length = PickLength(op.length);
  arg.iova = PickIova(op.iova);
  (void)SendStruct(op.kCode, ioas.fd, kIoctlIoasMapFile, arg, op.shape);
}

void SequenceRunner::Do(const ops::IoasMapDmabuf& op) {
  // MAP_FILE of a test dmabuf: page offsets into it, sometimes off a page boundary.
  Ref ioas = Pick(Kind::kIoas, op.ioas);
  auto arg = Sized<IommuIoasMapFile>();
  arg.ioas_id = ioas.id;
  arg.flags = FlagsValue(op.flags, ops::kMapFlags);
  arg.fd = PickDmabufFd(op.file);
  uint8_t start = op.start.value;
  arg.start = (start % 8) * arena_.page_size() + (start >= 0xe0 ? start & 0x1f : 0);
  arg.length = PickLength(op.length);
  arg.iova = PickIova(op.iova);
  (void)SendStruct(op.kCode, ioas.fd, kIoctlIoasMapFile, arg, op.shape);
}

void SequenceRunner::Do(const ops::IoasUnmap& op) {
  Ref ioas = Pick(Kind::kIoas, op.ioas);
  auto arg = Sized<IommuIoasUnmap>();
  arg.ioas_id = ioas.id;
  arg.iova = op.unmaps_all() ? 0 : PickIova(op.iova);
  arg.length = op.unmaps_all() ? UINT64_MAX : PickLength(op.length);
  (void)SendStruct(op.kCode, ioas.fd, kIoctlIoasUnmap, arg, op.shape);
}

void SequenceRunner::Do(const ops::IoasCopy& op) {
  Ref dst = Pick(Kind::kIoas, op.dst);
  auto arg = Sized<IommuIoasCopy>();
  arg.dst_ioas_id = dst.id;
  arg.src_ioas_id = Pick(Kind::kIoas, op.src).id;
  arg.flags = FlagsValue(op.flags, ops::kMapFlags);
  arg.length = PickLength(op.length);
  arg.dst_iova = PickIova(op.dst_iova);
  arg.src_iova = PickIova(op.src_iova);
  (void)SendStruct(op.kCode, dst.fd, kIoctlIoasCopy, arg, op.shape);
}

void SequenceRunner::Do(const ops::IoasIovaRanges& op) {
  Ref ioas = Pick(Kind::kIoas, op.ioas);
  auto arg = Sized<IommuIoasIovaRanges>();
  arg.ioas_id = ioas.id;
  arg.num_iovas = op.value.value % 8;
  arg.allowed_iovas = arena_.scratch();
  (void)SendStruct(op.kCode, ioas.fd, kIoctlIoasIovaRanges, arg, op.shape);
}

void SequenceRunner::Do(const ops::IoasAllowIovas& op) {
  Ref ioas = Pick(Kind::kIoas, op.ioas);
  auto arg = Sized<IommuIoasAllowIovas>();
  arg.ioas_id = ioas.id;
  arg.num_iovas = op.count.value % 4;
  IommuIovaRange ranges[4];
  for (uint32_t i = 0; i < arg.num_iovas; ++i) {
    ranges[i].start = PickIova(op.starts[i]);
    ranges[i].last = ranges[i].start + PickLength(op.lengths[i]) - 1;
  }
  std::memcpy(Scratch(arena_), ranges, sizeof(ranges));
  arg.allowed_iovas = arena_.scratch();
  (void)SendStruct(op.kCode, ioas.fd, kIoctlIoasAllowIovas, arg, op.shape);
}

void SequenceRunner::Do(const ops::Option& op) {
  Ref ioas = Pick(Kind::kIoas, op.ioas);
  auto arg = Sized<IommuOption>();
  uint8_t b = op.value.value;
  arg.option_id = b & 1 ? kIommuOptionHugePages : kIommuOptionRlimitMode;
  arg.op = b & 2 ? kIommuOptionOpGet : kIommuOptionOpSet;
  arg.object_id = arg.option_id == kIommuOptionHugePages ? ioas.id : 0;
  arg.val64 = (b >> 2) & 1;
  (void)SendStruct(op.kCode, ioas.fd, kIoctlOption, arg, op.shape);
}

void SequenceRunner::Do(const ops::IoasChangeProcess& op) {
  auto arg = Sized<IommuIoasChangeProcess>();
  (void)SendStruct(op.kCode, PickIommufd(op.iommufd), kIoctlIoasChangeProcess, arg, op.shape);
}

void SequenceRunner::Do(const ops::RawIoctl& op) {
  // Any number in the iommufd range with a struct of random bytes.
  unsigned long request = 0x3b00 | (0x80 + op.request.value % 0x28);
  alignas(8) std::byte bytes[64];
  std::memcpy(bytes, op.bytes.bytes.data(), sizeof(bytes));
  uint32_t size = op.size.value % sizeof(bytes);
  std::memcpy(bytes, &size, sizeof(size));
  (void)Send(op.kCode, PickIommufd(op.iommufd), request, bytes, sizeof(bytes), op.shape);
}

void SequenceRunner::Do(const ops::HwptAlloc& op) {
  Ref device = Pick(Kind::kDevice, op.device);
  auto arg = Sized<IommuHwptAlloc>();
  arg.dev_id = device.id;
  arg.pt_id = Pick(op.is_nested() ? Kind::kHwpt : Kind::kIoas, op.pt).id;
  arg.flags = FlagsValue(op.flags, ops::kHwptAllocFlags);
  if (op.names_fault()) arg.fault_id = Pick(Kind::kFault, op.fault).id;
  IommuHwptSelftest data{kIommuTestIotlbDefault, op.iotlb.value & 1u};
  if (op.is_nested() || op.with_data.value & 1) {
    std::memcpy(Scratch(arena_), &data, sizeof(data));
    arg.data_type = kIommuHwptDataSelftest;
    arg.data_len = sizeof(data);
    arg.data_uptr = arena_.scratch();
  }
  if (SendStruct(op.kCode, device.fd, kIoctlHwptAlloc, arg, op.shape).ok()) {
    Remember(Kind::kHwpt, device.fd, arg.out_hwpt_id);
    // The IOAS a device attached to it translates through (VfioDeviceDma's bounce page).
    if (!op.is_nested()) hwpt_ioas_[{device.fd, arg.out_hwpt_id}] = arg.pt_id;
  }
}

void SequenceRunner::Do(const ops::GetHwInfo& op) {
  Ref device = Pick(Kind::kDevice, op.object);
  auto arg = Sized<IommuHwInfo>();
  arg.dev_id = device.id;
  arg.data_len = op.value.value % 64;
  arg.data_uptr = arena_.scratch();
  (void)SendStruct(op.kCode, device.fd, kIoctlGetHwInfo, arg, op.shape);
}

void SequenceRunner::Do(const ops::HwptSetDirtyTracking& op) {
  Ref hwpt = Pick(Kind::kHwpt, op.hwpt);
  auto arg = Sized<IommuHwptSetDirtyTracking>();
  arg.hwpt_id = hwpt.id;
  arg.flags = FlagsValue(op.flags, kIommuHwptDirtyTrackingEnable);
  (void)SendStruct(op.kCode, hwpt.fd, kIoctlHwptSetDirtyTracking, arg, op.shape);
}

void SequenceRunner::Do(const ops::HwptGetDirtyBitmap& op) {
  Ref hwpt = Pick(Kind::kHwpt, op.hwpt);
  auto arg = Sized<IommuHwptGetDirtyBitmap>();
  arg.hwpt_id = hwpt.id;
  arg.flags = FlagsValue(op.flags, kIommuHwptGetDirtyBitmapNoClear);
  arg.iova = PickIova(op.iova);
  arg.length = PickLength(op.length);
  arg.page_size = arena_.page_size() << (op.page_size.value % 3);
  arg.data = arena_.scratch();
  (void)SendStruct(op.kCode, hwpt.fd, kIoctlHwptGetDirtyBitmap, arg, op.shape);
}

void SequenceRunner::Do(const ops::HwptInvalidate& op) {
  bool on_viommu = op.is_on_viommu();
  Ref target = Pick(on_viommu ? Kind::kViommu : Kind::kHwpt, op.target);
  auto arg = Sized<IommuHwptInvalidate>();
  arg.hwpt_id = target.id;
  arg.entry_num = op.entry_num.value % 4;
  arg.entry_len = on_viommu ? sizeof(IommuViommuInvalidateSelftest)
                            : sizeof(IommuHwptInvalidateSelftest);
  if (op.entry_len.value >= 0xf0) arg.entry_len = op.entry_len.value & 0x0f;
  arg.data_type = on_viommu ? kIommuViommuInvalidateDataSelftest
                            : kIommuHwptInvalidateDataSelftest;
  auto* entries = static_cast<uint8_t*>(Scratch(arena_));
  for (size_t i = 0; i < op.entries.bytes.size(); ++i) entries[i] = op.entries.bytes[i] & 0x7;
  arg.data_uptr = arena_.scratch();
  (void)SendStruct(op.kCode, target.fd, kIoctlHwptInvalidate, arg, op.shape);
}

void SequenceRunner::Do(const ops::FaultQueueAlloc& op) {
  int fd = PickIommufd(op.iommufd);
  auto arg = Sized<IommuFaultAlloc>();
  arg.flags = FlagsValue(op.flags, 0);
  if (SendStruct(op.kCode, fd, kIoctlFaultQueueAlloc, arg, op.shape).ok()) {
    Remember(Kind::kFault, fd, arg.out_fault_id);
    Keep(event_fds_, static_cast<int>(arg.out_fault_fd));
  }
}

void SequenceRunner::Do(const ops::ViommuAlloc& op) {
  Ref device = Pick(Kind::kDevice, op.device);
  auto arg = Sized<IommuViommuAlloc>();
  arg.dev_id = device.id;
  arg.hwpt_id = Pick(Kind::kHwpt, op.hwpt).id;
  arg.type = op.type.has_wide() ? op.type.wide : kIommuViommuTypeSelftest;
  if (SendStruct(op.kCode, device.fd, kIoctlViommuAlloc, arg, op.shape).ok()) {
    Remember(Kind::kViommu, device.fd, arg.out_viommu_id);
  }
}

void SequenceRunner::Do(const ops::VdeviceAlloc& op) {
  Ref viommu = Pick(Kind::kViommu, op.viommu);
  auto arg = Sized<IommuVdeviceAlloc>();
  arg.viommu_id = viommu.id;
  arg.dev_id = Pick(Kind::kDevice, op.device).id;
  arg.virt_id = op.virt_id.value % 4;
  if (SendStruct(op.kCode, viommu.fd, kIoctlVdeviceAlloc, arg, op.shape).ok()) {
    Remember(Kind::kVdevice, viommu.fd, arg.out_vdevice_id);
  }
}

void SequenceRunner::Do(const ops::VeventqAlloc& op) {
  Ref viommu = Pick(Kind::kViommu, op.viommu);
  auto arg = Sized<IommuVeventqAlloc>();
  arg.viommu_id = viommu.id;
  arg.type = op.type.has_wide() ? op.type.wide : kIommuVeventqTypeSelftest;
  arg.veventq_depth = op.depth.value % 4;
  if (SendStruct(op.kCode, viommu.fd, kIoctlVeventqAlloc, arg, op.shape).ok()) {
    Remember(Kind::kVeventq, viommu.fd, arg.out_veventq_id);
    Keep(event_fds_, static_cast<int>(arg.out_veventq_fd));
  }
}

void SequenceRunner::Do(const ops::HwQueueAlloc& op) {
  Ref viommu = Pick(Kind::kViommu, op.viommu);
  auto arg = Sized<IommuHwQueueAlloc>();
  arg.viommu_id = viommu.id;
  arg.type = op.type.has_wide() ? op.type.wide : kIommuHwQueueTypeSelftest;
  arg.index = op.index.value % 3;
  arg.nesting_parent_iova = PickIova(op.iova);
  arg.length = PickLength(op.length);
  if (SendStruct(op.kCode, viommu.fd, kIoctlHwQueueAlloc, arg, op.shape).ok()) {
    Remember(Kind::kHwQueue, viommu.fd, arg.out_hw_queue_id);
  }
}

void SequenceRunner::Do(const ops::VfioGetApiVersion& op) {
  Record(op.kCode, "VFIO_GET_API_VERSION",
         backend_.Ioctl(PickIommufd(op.iommufd), kIoctlVfioGetApiVersion, nullptr, 0));
}

template <OpCode kOp>
void SequenceRunner::Do(const ops::VfioInt<kOp>& op) {
  // Both take an int argument: the IOMMU type (1 = type1, 3 = type1v2, 8 = noiommu).
  uintptr_t value = op.value.value % 10;
  unsigned long request =
      kOp == OpCode::kVfioSetIommu ? kIoctlVfioSetIommu : kIoctlVfioCheckExtension;
  Record(kOp, std::string(OpCodeName(kOp)) + "(" + std::to_string(value) + ")",
         backend_.Ioctl(PickIommufd(op.iommufd), request, reinterpret_cast<void*>(value), 0));
}

template void SequenceRunner::Do(const ops::VfioCheckExtension& op);
template void SequenceRunner::Do(const ops::VfioSetIommu& op);

void SequenceRunner::Do(const ops::VfioIommuGetInfo& op) {
  VfioIommuType1Info info{};
  info.argsz = op.argsz.has_wide() ? op.argsz.wide % 32 : 256;
  // The caps land past the struct, so the whole scratch buffer is the argument.
  std::memcpy(Scratch(arena_), &info, sizeof(info));
  Record(op.kCode, "VFIO_IOMMU_GET_INFO argsz " + std::to_string(info.argsz),
         backend_.Ioctl(PickIommufd(op.iommufd), kIoctlVfioIommuGetInfo, Scratch(arena_), 256));
}

void SequenceRunner::Do(const ops::VfioMapDma& op) {
  VfioIommuType1DmaMap map{};
  map.argsz = sizeof(map);
  map.flags = FlagsValue(op.flags, kVfioDmaMapFlagRead | kVfioDmaMapFlagWrite | kVfioDmaMapFlagVaddr);
  map.vaddr = PickAddress(op.vaddr);
  map.iova = PickIova(op.iova);
  map.size = PickLength(op.size);
  (void)Send(op.kCode, PickIommufd(op.iommufd), kIoctlVfioIommuMapDma, &map, sizeof(map),
             op.shape);
}

void SequenceRunner::Do(const ops::VfioUnmapDma& op) {
  VfioIommuType1DmaUnmap unmap{};
  unmap.argsz = sizeof(unmap);
  unmap.flags = FlagsValue(op.flags, ops::kUnmapDmaFlags);
  unmap.iova = op.unmaps_all() ? 0 : PickIova(op.iova);
  unmap.size = op.unmaps_all() ? 0 : PickLength(op.size);
  (void)Send(op.kCode, PickIommufd(op.iommufd), kIoctlVfioIommuUnmapDma, &unmap, sizeof(unmap),
             op.shape);
}

void SequenceRunner::Do(const ops::VfioIoas& op) {
  Ref ioas = Pick(Kind::kIoas, op.ioas);
  auto arg = Sized<IommuVfioIoas>();
  arg.op = op.value.value % 3;
  arg.ioas_id = arg.op == kIommuVfioIoasSet ? ioas.id : 0;
  (void)SendStruct(op.kCode, ioas.fd, kIoctlVfioIoas, arg, op.shape);
}

void SequenceRunner::Do(const ops::ReadEventFd& op) {
  int fd = PickEventFd(op.event_fd);
  if (fd < 0) return;
  size_t count = op.count.value % 128;
  Outcome outcome = backend_.Read(fd, Scratch(arena_), count);
  Record(op.kCode, "read(" + std::to_string(fd) + ", " + std::to_string(count) + ")", outcome);
}

void SequenceRunner::Do(const ops::WriteFaultResponse& op) {
  int fd = PickEventFd(op.event_fd);
  if (fd < 0) return;
  IommuHwptPageResponse response{op.cookie % 8, op.code.value % 3u};
  size_t count = op.count.has_wide() ? op.count.wide % 16 : sizeof(response);
  std::memcpy(Scratch(arena_), &response, sizeof(response));
  Outcome outcome = backend_.Write(fd, Scratch(arena_), count);
  Record(op.kCode, "write(" + std::to_string(fd) + ", cookie " + std::to_string(response.cookie) +
                       ", code " + std::to_string(response.code) + ")",
         outcome);
}

void SequenceRunner::Do(const ops::PollEventFd& op) {
  int fd = PickEventFd(op.event_fd);
  if (fd < 0) return;
  Record(op.kCode, "poll(" + std::to_string(fd) + ")", backend_.Poll(fd, POLLIN | POLLOUT));
}

void SequenceRunner::Do(const ops::CloseEventFd& op) {
  int fd = PickEventFd(op.event_fd);
  if (fd < 0) return;
  Outcome outcome = backend_.Close(fd);
  std::erase(event_fds_, fd);
  Record(op.kCode, "close(" + std::to_string(fd) + ")", outcome);
}

}  // namespace iommufd_conform::fuzz
