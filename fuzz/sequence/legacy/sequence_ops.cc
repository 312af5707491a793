// The argument bytes of each operation. Each reads its fields in a fixed order: changing
// that order would change what existing inputs mean (see op_code.h).
#include <fcntl.h>
#include <poll.h>

#include <cstring>

#include "fuzz/sequence/legacy/sequence_runner.h"
#include "reference/uapi/iommufd.h"
#include "reference/uapi/iommufd_test.h"
#include "reference/uapi/vfio.h"

namespace iommufd_conform::fuzz::legacy {
namespace {

using namespace uapi;

template <typename T>
T Sized() {
  T value{};
  value.size = sizeof(T);
  return value;
}

// Usually a valid flag combination, sometimes any bits at all.
uint32_t PickFlags(ByteReader& in, uint32_t known) {
  uint8_t b = in.U8();
  return b >= 0xf0 ? in.U32() : (b & known);
}

}  // namespace

void SequenceRunner::StepIoas(OpCode op, ByteReader& in) {
  int fd = PickIommufd(in);
  switch (op) {
    case OpCode::kDestroy: {
      // Any kind: the byte picks one, then the object.
      auto kind = static_cast<Kind>(in.U8() % static_cast<uint8_t>(Kind::kCount));
      Ref ref = Pick(kind, in);
      auto arg = Sized<IommuDestroy>();
      arg.id = ref.id;
      if (SendStruct(op, ref.fd, kIoctlDestroy, arg, in).ok()) {
        std::erase_if(objects_[static_cast<size_t>(kind)],
                      [&](const Ref& r) { return r.fd == ref.fd && r.id == ref.id; });
      }
      return;
    }
    case OpCode::kIoasAlloc: {
      auto arg = Sized<IommuIoasAlloc>();
      arg.flags = PickFlags(in, 0);
      if (SendStruct(op, fd, kIoctlIoasAlloc, arg, in).ok()) Remember(Kind::kIoas, fd, arg.out_ioas_id);
      return;
    }
    case OpCode::kIoasMap: {
      Ref ioas = Pick(Kind::kIoas, in);
      auto arg = Sized<IommuIoasMap>();
      arg.ioas_id = ioas.id;
      arg.flags = PickFlags(in, kIommuIoasMapFixedIova | kIommuIoasMapWriteable |
                                    kIommuIoasMapReadable);
      arg.user_va = PickAddress(in);
      arg.length = PickLength(in);
      arg.iova = PickIova(in);
      (void)SendStruct(op, ioas.fd, kIoctlIoasMap, arg, in);
      return;
    }
    case OpCode::kIoasMapFile: {
      Ref ioas = Pick(Kind::kIoas, in);
      auto arg = Sized<IommuIoasMapFile>();
      arg.ioas_id = ioas.id;
      arg.flags = PickFlags(in, kIommuIoasMapFixedIova | kIommuIoasMapWriteable |
                                    kIommuIoasMapReadable);
      uint8_t which = in.U8();
      arg.fd = which < 0xf0 ? arena_.memfd() : -1;
      arg.start = (in.U8() % 16) * arena_.page_size();
      arg.length = PickLength(in);
      arg.iova = PickIova(in);
      (void)SendStruct(op, ioas.fd, kIoctlIoasMapFile, arg, in);
      return;
    }
    case OpCode::kIoasMapDmabuf: {
      // MAP_FILE of a test dmabuf: page offsets into it, sometimes off a page boundary.
      Ref ioas = Pick(Kind::kIoas, in);
      auto arg = Sized<IommuIoasMapFile>();
      arg.ioas_id = ioas.id;
      arg.flags = PickFlags(in, kIommuIoasMapFixedIova | kIommuIoasMapWriteable |
                                    kIommuIoasMapReadable);
      arg.fd = PickDmabufFd(in);
      uint8_t start = in.U8();
      arg.start = (start % 8) * arena_.page_size() + (start >= 0xe0 ? start & 0x1f : 0);
      arg.length = PickLength(in);
      arg.iova = PickIova(in);
      (void)SendStruct(op, ioas.fd, kIoctlIoasMapFile, arg, in);
      return;
    }
    case OpCode::kIoasUnmap: {
      Ref ioas = Pick(Kind::kIoas, in);
      auto arg = Sized<IommuIoasUnmap>();
      arg.ioas_id = ioas.id;
      bool all = in.U8() >= 0xe0;
      arg.iova = all ? 0 : PickIova(in);
      arg.length = all ? UINT64_MAX : PickLength(in);
      (void)SendStruct(op, ioas.fd, kIoctlIoasUnmap, arg, in);
      return;
    }
    case OpCode::kIoasCopy: {
      Ref dst = Pick(Kind::kIoas, in);
      Ref src = Pick(Kind::kIoas, in);
      auto arg = Sized<IommuIoasCopy>();
      arg.dst_ioas_id = dst.id;
      arg.src_ioas_id = src.id;
      arg.flags = PickFlags(in, kIommuIoasMapFixedIova | kIommuIoasMapWriteable |
                                    kIommuIoasMapReadable);
      arg.length = PickLength(in);
      arg.dst_iova = PickIova(in);
      arg.src_iova = PickIova(in);
      (void)SendStruct(op, dst.fd, kIoctlIoasCopy, arg, in);
      return;
    }
    case OpCode::kIoasIovaRanges: {
      Ref ioas = Pick(Kind::kIoas, in);
      auto arg = Sized<IommuIoasIovaRanges>();
      arg.ioas_id = ioas.id;
      arg.num_iovas = in.U8() % 8;
      arg.allowed_iovas = arena_.scratch();
      (void)SendStruct(op, ioas.fd, kIoctlIoasIovaRanges, arg, in);
      return;
    }
    case OpCode::kIoasAllowIovas: {
      Ref ioas = Pick(Kind::kIoas, in);
      auto arg = Sized<IommuIoasAllowIovas>();
      arg.ioas_id = ioas.id;
      arg.num_iovas = in.U8() % 4;
      IommuIovaRange ranges[4];
      for (uint32_t i = 0; i < arg.num_iovas; ++i) {
        ranges[i].start = PickIova(in);
        ranges[i].last = ranges[i].start + PickLength(in) - 1;
      }
      std::memcpy(reinterpret_cast<void*>(arena_.scratch()), ranges, sizeof(ranges));
      arg.allowed_iovas = arena_.scratch();
      (void)SendStruct(op, ioas.fd, kIoctlIoasAllowIovas, arg, in);
      return;
    }
    case OpCode::kOption: {
      Ref ioas = Pick(Kind::kIoas, in);
      auto arg = Sized<IommuOption>();
      uint8_t b = in.U8();
      arg.option_id = b & 1 ? kIommuOptionHugePages : kIommuOptionRlimitMode;
      arg.op = b & 2 ? kIommuOptionOpGet : kIommuOptionOpSet;
      arg.object_id = arg.option_id == kIommuOptionHugePages ? ioas.id : 0;
      arg.val64 = (b >> 2) & 1;
      (void)SendStruct(op, ioas.fd, kIoctlOption, arg, in);
      return;
    }
    case OpCode::kIoasChangeProcess: {
      auto arg = Sized<IommuIoasChangeProcess>();
      (void)SendStruct(op, fd, kIoctlIoasChangeProcess, arg, in);
      return;
    }
    case OpCode::kRawIoctl: {
      // Any number in the iommufd range with a struct of random bytes.
      unsigned long request = 0x3b00 | (0x80 + in.U8() % 0x28);
      alignas(8) std::byte bytes[64];
      for (std::byte& b : bytes) b = std::byte{in.U8()};
      uint32_t size = in.U8() % sizeof(bytes);
      std::memcpy(bytes, &size, sizeof(size));
      (void)Send(op, fd, request, bytes, sizeof(bytes), in);
      return;
    }
    default:
      return;
  }
}

void SequenceRunner::StepHwpt(OpCode op, ByteReader& in) {
  switch (op) {
    case OpCode::kHwptAlloc: {
      Ref device = Pick(Kind::kDevice, in);
      bool nested = in.U8() & 1;
      Ref pt = Pick(nested ? Kind::kHwpt : Kind::kIoas, in);
      auto arg = Sized<IommuHwptAlloc>();
      arg.dev_id = device.id;
      arg.pt_id = pt.id;
      arg.flags = PickFlags(in, kIommuHwptAllocNestParent | kIommuHwptAllocDirtyTracking |
                                    kIommuHwptFaultIdValid | kIommuHwptAllocPasid);
      if (arg.flags & kIommuHwptFaultIdValid) arg.fault_id = Pick(Kind::kFault, in).id;
      IommuHwptSelftest data{kIommuTestIotlbDefault, in.U8() & 1u};
      if (nested || in.U8() & 1) {
        std::memcpy(reinterpret_cast<void*>(arena_.scratch()), &data, sizeof(data));
        arg.data_type = kIommuHwptDataSelftest;
        arg.data_len = sizeof(data);
        arg.data_uptr = arena_.scratch();
      }
      if (SendStruct(op, device.fd, kIoctlHwptAlloc, arg, in).ok()) {
        Remember(Kind::kHwpt, device.fd, arg.out_hwpt_id);
      }
      return;
    }
    case OpCode::kGetHwInfo: {
      Ref device = Pick(Kind::kDevice, in);
      auto arg = Sized<IommuHwInfo>();
      arg.dev_id = device.id;
      arg.data_len = in.U8() % 64;
      arg.data_uptr = arena_.scratch();
      (void)SendStruct(op, device.fd, kIoctlGetHwInfo, arg, in);
      return;
    }
    case OpCode::kHwptSetDirtyTracking: {
      Ref hwpt = Pick(Kind::kHwpt, in);
      auto arg = Sized<IommuHwptSetDirtyTracking>();
      arg.hwpt_id = hwpt.id;
      arg.flags = PickFlags(in, kIommuHwptDirtyTrackingEnable);
      (void)SendStruct(op, hwpt.fd, kIoctlHwptSetDirtyTracking, arg, in);
      return;
    }
    case OpCode::kHwptGetDirtyBitmap: {
      Ref hwpt = Pick(Kind::kHwpt, in);
      auto arg = Sized<IommuHwptGetDirtyBitmap>();
      arg.hwpt_id = hwpt.id;
      arg.flags = PickFlags(in, kIommuHwptGetDirtyBitmapNoClear);
      arg.iova = PickIova(in);
      arg.length = PickLength(in);
      arg.page_size = arena_.page_size() << (in.U8() % 3);
      arg.data = arena_.scratch();
      (void)SendStruct(op, hwpt.fd, kIoctlHwptGetDirtyBitmap, arg, in);
      return;
    }
    case OpCode::kHwptInvalidate: {
      bool on_viommu = in.U8() & 1;
      Ref target = Pick(on_viommu ? Kind::kViommu : Kind::kHwpt, in);
      auto arg = Sized<IommuHwptInvalidate>();
      arg.hwpt_id = target.id;
      arg.entry_num = in.U8() % 4;
      uint8_t len = in.U8();
      arg.entry_len = on_viommu ? sizeof(IommuViommuInvalidateSelftest)
                                : sizeof(IommuHwptInvalidateSelftest);
      if (len >= 0xf0) arg.entry_len = len & 0x0f;
      arg.data_type = on_viommu ? kIommuViommuInvalidateDataSelftest
                                : kIommuHwptInvalidateDataSelftest;
      std::byte* entries = reinterpret_cast<std::byte*>(arena_.scratch());
      for (size_t i = 0; i < 4 * 16; ++i) entries[i] = std::byte{static_cast<uint8_t>(in.U8() & 0x7)};
      arg.data_uptr = arena_.scratch();
      (void)SendStruct(op, target.fd, kIoctlHwptInvalidate, arg, in);
      return;
    }
    case OpCode::kFaultQueueAlloc: {
      int fd = PickIommufd(in);
      auto arg = Sized<IommuFaultAlloc>();
      arg.flags = PickFlags(in, 0);
      if (SendStruct(op, fd, kIoctlFaultQueueAlloc, arg, in).ok()) {
        Remember(Kind::kFault, fd, arg.out_fault_id);
        if (event_fds_.size() < kMaxFds) event_fds_.push_back(static_cast<int>(arg.out_fault_fd));
        else (void)backend_.Close(static_cast<int>(arg.out_fault_fd));
      }
      return;
    }
    case OpCode::kViommuAlloc: {
      Ref device = Pick(Kind::kDevice, in);
      Ref hwpt = Pick(Kind::kHwpt, in);
      auto arg = Sized<IommuViommuAlloc>();
      arg.dev_id = device.id;
      arg.hwpt_id = hwpt.id;
      arg.type = in.U8() >= 0xf0 ? in.U32() : kIommuViommuTypeSelftest;
      if (SendStruct(op, device.fd, kIoctlViommuAlloc, arg, in).ok()) {
        Remember(Kind::kViommu, device.fd, arg.out_viommu_id);
      }
      return;
    }
    case OpCode::kVdeviceAlloc: {
      Ref viommu = Pick(Kind::kViommu, in);
      Ref device = Pick(Kind::kDevice, in);
      auto arg = Sized<IommuVdeviceAlloc>();
      arg.viommu_id = viommu.id;
      arg.dev_id = device.id;
      arg.virt_id = in.U8() % 4;
      if (SendStruct(op, viommu.fd, kIoctlVdeviceAlloc, arg, in).ok()) {
        Remember(Kind::kVdevice, viommu.fd, arg.out_vdevice_id);
      }
      return;
    }
    case OpCode::kVeventqAlloc: {
      Ref viommu = Pick(Kind::kViommu, in);
      auto arg = Sized<IommuVeventqAlloc>();
      arg.viommu_id = viommu.id;
      arg.type = in.U8() >= 0xf0 ? in.U32() : kIommuVeventqTypeSelftest;
      arg.veventq_depth = in.U8() % 4;
      if (SendStruct(op, viommu.fd, kIoctlVeventqAlloc, arg, in).ok()) {
        Remember(Kind::kVeventq, viommu.fd, arg.out_veventq_id);
        if (event_fds_.size() < kMaxFds) event_fds_.push_back(static_cast<int>(arg.out_veventq_fd));
        else (void)backend_.Close(static_cast<int>(arg.out_veventq_fd));
      }
      return;
    }
    case OpCode::kHwQueueAlloc: {
      Ref viommu = Pick(Kind::kViommu, in);
      auto arg = Sized<IommuHwQueueAlloc>();
      arg.viommu_id = viommu.id;
      arg.type = in.U8() >= 0xf0 ? in.U32() : kIommuHwQueueTypeSelftest;
      arg.index = in.U8() % 3;
      arg.nesting_parent_iova = PickIova(in);
      arg.length = PickLength(in);
      if (SendStruct(op, viommu.fd, kIoctlHwQueueAlloc, arg, in).ok()) {
        Remember(Kind::kHwQueue, viommu.fd, arg.out_hw_queue_id);
      }
      return;
    }
    default:
      return;
  }
}

void SequenceRunner::StepTest(OpCode op, ByteReader& in) {
  auto arg = Sized<IommuTestCmd>();
  Ref target{-1, 0};
  switch (op) {
    case OpCode::kTestAddReserved:
      arg.op = kIommuTestOpAddReserved;
      target = Pick(Kind::kIoas, in);
      arg.add_reserved.start = PickIova(in);
      arg.add_reserved.length = PickLength(in);
      break;
    case OpCode::kTestMockDomain: {
      bool flags = in.U8() & 1;
      arg.op = flags ? kIommuTestOpMockDomainFlags : kIommuTestOpMockDomain;
      target = Pick(in.U8() & 1 ? Kind::kHwpt : Kind::kIoas, in);
      if (flags) arg.mock_domain_flags.dev_flags = PickFlags(in, 0x7);
      break;
    }
    case OpCode::kTestMockDomainReplace:
      arg.op = kIommuTestOpMockDomainReplace;
      target = Pick(Kind::kStdev, in);
      arg.mock_domain_replace.pt_id = Pick(in.U8() & 1 ? Kind::kHwpt : Kind::kIoas, in).id;
      break;
    case OpCode::kTestMdCheckMap:
      arg.op = kIommuTestOpMdCheckMap;
      target = Pick(Kind::kHwpt, in);
      arg.check_map.iova = PickIova(in);
      arg.check_map.length = PickLength(in);
      arg.check_map.uptr = PickAddress(in);
      break;
    case OpCode::kTestMdCheckRefs:
      arg.op = kIommuTestOpMdCheckRefs;
      target = {PickIommufd(in), 0};
      arg.check_refs.length = PickLength(in);
      arg.check_refs.uptr = PickAddress(in);
      arg.check_refs.refs = in.U8() % 4;
      break;
    case OpCode::kTestCreateAccess:
      arg.op = kIommuTestOpCreateAccess;
      target = Pick(Kind::kIoas, in);
      arg.create_access.flags = PickFlags(in, kMockFlagsAccessCreateNeedsPinPages);
      break;
    case OpCode::kTestAccessPages:
    case OpCode::kTestAccessRw:
    case OpCode::kTestDestroyAccessPages:
    case OpCode::kTestAccessReplaceIoas: {
      // An access is named by its descriptor.
      uint8_t b = in.U8();
      int fd = PickIommufd(in);
      target = {fd, access_fds_.empty() ? b : static_cast<uint32_t>(access_fds_[b % access_fds_.size()])};
      if (op == OpCode::kTestAccessPages) {
        arg.op = kIommuTestOpAccessPages;
        arg.access_pages.flags = PickFlags(in, kMockFlagsAccessWrite);
        arg.access_pages.iova = PickIova(in);
        arg.access_pages.length = PickLength(in);
        arg.access_pages.uptr = PickAddress(in);
      } else if (op == OpCode::kTestAccessRw) {
        arg.op = kIommuTestOpAccessRw;
        arg.access_rw.flags = PickFlags(in, kMockAccessRwWrite | kMockAccessRwSlowPath);
        arg.access_rw.iova = PickIova(in);
        arg.access_rw.length = in.U8() % 64 + 1;
        arg.access_rw.uptr = arena_.scratch();
      } else if (op == OpCode::kTestDestroyAccessPages) {
        arg.op = kIommuTestOpDestroyAccessPages;
        arg.destroy_access_pages.access_pages_id = Pick(Kind::kAccessPages, in).id;
      } else {
        arg.op = kIommuTestOpAccessReplaceIoas;
        arg.access_replace_ioas.ioas_id = Pick(Kind::kIoas, in).id;
      }
      break;
    }
    case OpCode::kTestDirty:
      arg.op = kIommuTestOpDirty;
      target = Pick(Kind::kHwpt, in);
      arg.dirty.iova = PickIova(in);
      arg.dirty.length = PickLength(in);
      arg.dirty.page_size = arena_.page_size();
      arg.dirty.uptr = arena_.scratch();
      std::memset(reinterpret_cast<void*>(arena_.scratch()), in.U8(), 64);
      break;
    case OpCode::kTestMdCheckIotlb:
      arg.op = kIommuTestOpMdCheckIotlb;
      target = Pick(Kind::kHwpt, in);
      arg.check_iotlb.id = in.U8() % 5;
      arg.check_iotlb.iotlb = in.U8() & 1 ? kIommuTestIotlbDefault : 0;
      break;
    case OpCode::kTestTriggerIopf:
      arg.op = kIommuTestOpTriggerIopf;
      target = Pick(Kind::kHwpt, in);
      arg.trigger_iopf.dev_id = Pick(Kind::kDevice, in).id;
      arg.trigger_iopf.pasid = in.U8() % 4;
      arg.trigger_iopf.grpid = in.U8() % 4;
      arg.trigger_iopf.perm = in.U8() & 0xf;
      arg.trigger_iopf.addr = PickIova(in);
      break;
    case OpCode::kTestDevCheckCache:
      arg.op = kIommuTestOpDevCheckCache;
      target = Pick(Kind::kDevice, in);
      arg.check_dev_cache.id = in.U8() % 5;
      arg.check_dev_cache.cache = in.U8() & 1 ? kIommuTestDevCacheDefault : 0;
      break;
    case OpCode::kTestTriggerVevent:
      arg.op = kIommuTestOpTriggerVevent;
      target = Pick(Kind::kStdev, in);
      arg.trigger_vevent.dev_id = Pick(Kind::kDevice, in).id;
      break;
    case OpCode::kTestPasidAttach:
    case OpCode::kTestPasidReplace:
    case OpCode::kTestPasidDetach:
    case OpCode::kTestPasidCheckHwpt: {
      target = Pick(Kind::kStdev, in);
      uint32_t pasid = in.U8() % 4;
      uint32_t pt = Pick(in.U8() & 1 ? Kind::kHwpt : Kind::kIoas, in).id;
      if (op == OpCode::kTestPasidAttach) {
        arg.op = kIommuTestOpPasidAttach;
        arg.pasid_attach = {pasid, pt};
      } else if (op == OpCode::kTestPasidReplace) {
        arg.op = kIommuTestOpPasidReplace;
        arg.pasid_replace = {pasid, pt};
      } else if (op == OpCode::kTestPasidDetach) {
        arg.op = kIommuTestOpPasidDetach;
        arg.pasid_detach.pasid = pasid;
      } else {
        arg.op = kIommuTestOpPasidCheckHwpt;
        arg.pasid_check = {pasid, pt};
      }
      break;
    }
    case OpCode::kTestDmabufGet: {
      arg.op = kIommuTestOpDmabufGet;
      target = {PickIommufd(in), 0};
      uint8_t pages = in.U8();
      // Mostly a few pages; sometimes a ragged or oversized length.
      arg.dmabuf_get.length = pages >= 0xf0 ? in.U32()
                                            : static_cast<uint32_t>((pages % 8 + 1) *
                                                                    arena_.page_size());
      arg.dmabuf_get.open_flags = in.U8() & 1 ? O_CLOEXEC : 0;
      break;
    }
    case OpCode::kTestDmabufRevoke:
      arg.op = kIommuTestOpDmabufRevoke;
      target = {PickIommufd(in), 0};
      arg.dmabuf_revoke.dmabuf_fd = PickDmabufFd(in);
      arg.dmabuf_revoke.revoked = in.U8() % 3;
      break;
    case OpCode::kTestSetTempMemoryLimit:
      arg.op = kIommuTestOpSetTempMemoryLimit;
      target = {PickIommufd(in), 0};
      arg.memory_limit.limit = in.U8() % 64;
      break;
    default:
      return;
  }
  arg.id = target.id;
  Outcome outcome = SendStruct(op, target.fd, kIoctlTestCmd, arg, in);
  if (!outcome.ok()) return;
  if (arg.op == kIommuTestOpMockDomain || arg.op == kIommuTestOpMockDomainFlags) {
    Remember(Kind::kStdev, target.fd, arg.mock_domain.out_stdev_id);
    Remember(Kind::kDevice, target.fd, arg.mock_domain.out_idev_id);
    Remember(Kind::kHwpt, target.fd, arg.mock_domain.out_hwpt_id);
  } else if (arg.op == kIommuTestOpCreateAccess) {
    if (access_fds_.size() < kMaxFds) {
      access_fds_.push_back(static_cast<int>(arg.create_access.out_access_fd));
    } else {
      (void)backend_.Close(static_cast<int>(arg.create_access.out_access_fd));
    }
  } else if (arg.op == kIommuTestOpDmabufGet && outcome.ret > 0) {
    // 7.3 answers 0 and the descriptor stays out of reach.
    if (dmabuf_fds_.size() < kMaxFds) {
      dmabuf_fds_.push_back(static_cast<int>(outcome.ret));
    } else {
      (void)backend_.Close(static_cast<int>(outcome.ret));
    }
  } else if (arg.op == kIommuTestOpAccessPages) {
    Remember(Kind::kAccessPages, target.fd, arg.access_pages.out_access_pages_id);
  }
}

void SequenceRunner::StepFiles(OpCode op, ByteReader& in) {
  int fd = PickEventFd(in);
  if (fd < 0) return;
  switch (op) {
    case OpCode::kReadEventFd: {
      size_t count = in.U8() % 128;
      Outcome outcome = backend_.Read(fd, reinterpret_cast<void*>(arena_.scratch()), count);
      Record(op, "read(" + std::to_string(fd) + ", " + std::to_string(count) + ")", outcome);
      return;
    }
    case OpCode::kWriteFaultResponse: {
      IommuHwptPageResponse response{in.U32() % 8, in.U8() % 3u};
      size_t count = in.U8() >= 0xf0 ? in.U8() % 16 : sizeof(response);
      std::memcpy(reinterpret_cast<void*>(arena_.scratch()), &response, sizeof(response));
      Outcome outcome = backend_.Write(fd, reinterpret_cast<void*>(arena_.scratch()), count);
      Record(op, "write(" + std::to_string(fd) + ", cookie " + std::to_string(response.cookie) +
                     ", code " + std::to_string(response.code) + ")",
             outcome);
      return;
    }
    case OpCode::kPollEventFd: {
      Outcome outcome = backend_.Poll(fd, POLLIN | POLLOUT);
      Record(op, "poll(" + std::to_string(fd) + ")", outcome);
      return;
    }
    case OpCode::kCloseEventFd: {
      Outcome outcome = backend_.Close(fd);
      std::erase(event_fds_, fd);
      Record(op, "close(" + std::to_string(fd) + ")", outcome);
      return;
    }
    default:
      return;
  }
}

void SequenceRunner::StepVfio(OpCode op, ByteReader& in) {
  int fd = PickIommufd(in);
  switch (op) {
    case OpCode::kVfioGetApiVersion:
      Record(op, "VFIO_GET_API_VERSION", backend_.Ioctl(fd, kIoctlVfioGetApiVersion, nullptr, 0));
      return;
    case OpCode::kVfioCheckExtension:
    case OpCode::kVfioSetIommu: {
      // Both take an int argument: the IOMMU type (1 = type1, 3 = type1v2, 8 = noiommu).
      uintptr_t value = in.U8() % 10;
      unsigned long request =
          op == OpCode::kVfioSetIommu ? kIoctlVfioSetIommu : kIoctlVfioCheckExtension;
      Record(op, std::string(OpCodeName(op)) + "(" + std::to_string(value) + ")",
             backend_.Ioctl(fd, request, reinterpret_cast<void*>(value), 0));
      return;
    }
    case OpCode::kVfioIommuGetInfo: {
      VfioIommuType1Info info{};
      info.argsz = in.U8() >= 0xf0 ? in.U8() % 32 : 256;
      // The caps land past the struct, so the whole scratch buffer is the argument.
      std::memcpy(reinterpret_cast<void*>(arena_.scratch()), &info, sizeof(info));
      Record(op, "VFIO_IOMMU_GET_INFO argsz " + std::to_string(info.argsz),
             backend_.Ioctl(fd, kIoctlVfioIommuGetInfo, reinterpret_cast<void*>(arena_.scratch()),
                            256));
      return;
    }
    case OpCode::kVfioMapDma: {
      VfioIommuType1DmaMap map{};
      map.argsz = sizeof(map);
      map.flags = PickFlags(in, kVfioDmaMapFlagRead | kVfioDmaMapFlagWrite | kVfioDmaMapFlagVaddr);
      map.vaddr = PickAddress(in);
      map.iova = PickIova(in);
      map.size = PickLength(in);
      (void)Send(op, fd, kIoctlVfioIommuMapDma, &map, sizeof(map), in);
      return;
    }
    case OpCode::kVfioUnmapDma: {
      VfioIommuType1DmaUnmap unmap{};
      unmap.argsz = sizeof(unmap);
      unmap.flags = PickFlags(in, kVfioDmaUnmapFlagAll | kVfioDmaUnmapFlagVaddr);
      unmap.iova = unmap.flags & kVfioDmaUnmapFlagAll ? 0 : PickIova(in);
      unmap.size = unmap.flags & kVfioDmaUnmapFlagAll ? 0 : PickLength(in);
      (void)Send(op, fd, kIoctlVfioIommuUnmapDma, &unmap, sizeof(unmap), in);
      return;
    }
    case OpCode::kVfioIoas: {
      Ref ioas = Pick(Kind::kIoas, in);
      auto arg = Sized<IommuVfioIoas>();
      arg.op = in.U8() % 3;
      arg.ioas_id = arg.op == kIommuVfioIoasSet ? ioas.id : 0;
      (void)SendStruct(op, ioas.fd, kIoctlVfioIoas, arg, in);
      return;
    }
    default:
      return;
  }
}

}  // namespace iommufd_conform::fuzz::legacy
