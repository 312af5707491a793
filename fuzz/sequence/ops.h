#ifndef IOMMUFD_CONFORM_FUZZ_SEQUENCE_OPS_H_
#define IOMMUFD_CONFORM_FUZZ_SEQUENCE_OPS_H_

// Every operation of op_code.h as a value: its argument fields in the order their bytes are
// read. `Fields(self, visitor)` is the one description of that order; decoding, encoding,
// printing and shrinking (op_codec.h, op_printer.h, op_shrinker.h) all walk it, so they
// cannot disagree. A visitor is called as
//   v("name", field)              a field that is always there,
//   v.When(condition, "name", field)  a field read only when the earlier ones say so,
//   v.Live(LiveKind, presence)    whether the runner held a descriptor the op needs.
// The fields keep the input's bytes; what they mean at run time is in sequence_ops.cc.

#include <cstddef>
#include <utility>
#include <variant>

#include "fuzz/sequence/op_code.h"
#include "fuzz/sequence/op_fields.h"
#include "reference/uapi/iommufd.h"
#include "reference/uapi/vfio.h"

namespace iommufd_conform::fuzz {

// What a decoder cannot see in the bytes: descriptors the sequence holds.
enum class LiveKind : uint8_t { kIommufd, kEventFd };

// A flags field's value: the known bits of its byte, or its wide value.
inline uint32_t FlagsValue(const FlagsPick& flags, uint32_t known) {
  return flags.has_wide() ? flags.wide : (flags.choice & known);
}

namespace ops {

// Every operation knows its opcode.
template <OpCode kOp>
struct OpOf {
  static constexpr OpCode kCode = kOp;
};

inline constexpr uint32_t kMapFlags =
    uapi::kIommuIoasMapFixedIova | uapi::kIommuIoasMapWriteable | uapi::kIommuIoasMapReadable;
inline constexpr uint32_t kHwptAllocFlags =
    uapi::kIommuHwptAllocNestParent | uapi::kIommuHwptAllocDirtyTracking |
    uapi::kIommuHwptFaultIdValid | uapi::kIommuHwptAllocPasid;
inline constexpr uint32_t kUnmapDmaFlags = uapi::kVfioDmaUnmapFlagAll | uapi::kVfioDmaUnmapFlagVaddr;

// The operations whose bytes are only an opcode.
template <OpCode kOp>
struct Bare : OpOf<kOp> {
  template <typename S, typename V>
  static void Fields(S&, V&) {}
};

using OpenIommufd = Bare<OpCode::kOpenIommufd>;

struct CloseIommufd : OpOf<OpCode::kCloseIommufd> {
  Presence held;
  Byte iommufd;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v.Live(LiveKind::kIommufd, s.held);
    v.When(s.held.present, "iommufd", s.iommufd);
  }
};

struct Destroy : OpOf<OpCode::kDestroy> {
  Byte iommufd;  // read, then unused: the object's own iommufd is used
  Byte kind;
  ObjectPick object;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("iommufd", s.iommufd), v("kind", s.kind), v("object", s.object), v("shape", s.shape);
  }
};

// An operation on an iommufd with a flags byte: IOAS_ALLOC, FAULT_QUEUE_ALLOC.
template <OpCode kOp>
struct IommufdFlags : OpOf<kOp> {
  Byte iommufd;
  FlagsPick flags;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("iommufd", s.iommufd), v("flags", s.flags), v("shape", s.shape);
  }
};

using IoasAlloc = IommufdFlags<OpCode::kIoasAlloc>;

struct IoasMap : OpOf<OpCode::kIoasMap> {
  Byte iommufd;
  ObjectPick ioas;
  FlagsPick flags;
  AddressPick user_va;
  LengthPick length;
  IovaPick iova;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("iommufd", s.iommufd), v("ioas", s.ioas), v("flags", s.flags), v("user_va", s.user_va);
    v("length", s.length), v("iova", s.iova), v("shape", s.shape);
  }
};

// MAP_FILE of the arena's memfd (`file` below 0xf0, else -1) or of a test dmabuf (`file`
// picks one): the start's byte is a page offset.
template <OpCode kOp>
struct MapFile : OpOf<kOp> {
  Byte iommufd;
  ObjectPick ioas;
  FlagsPick flags;
  Byte file;
  Byte start;
  LengthPick length;
  IovaPick iova;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("iommufd", s.iommufd), v("ioas", s.ioas), v("flags", s.flags), v("file", s.file);
    v("start", s.start), v("length", s.length), v("iova", s.iova), v("shape", s.shape);
  }
};

using IoasMapFile = MapFile<OpCode::kIoasMapFile>;

struct IoasUnmap : OpOf<OpCode::kIoasUnmap> {
  Byte iommufd;
  ObjectPick ioas;
  Byte all;  // 0xe0 and up: everything
  IovaPick iova;
  LengthPick length;
  Shape shape;
  bool unmaps_all() const { return all.value >= 0xe0; }
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("iommufd", s.iommufd), v("ioas", s.ioas), v("all", s.all);
    v.When(!s.unmaps_all(), "iova", s.iova), v.When(!s.unmaps_all(), "length", s.length);
    v("shape", s.shape);
  }
};

struct IoasCopy : OpOf<OpCode::kIoasCopy> {
  Byte iommufd;
  ObjectPick dst;
  ObjectPick src;
  FlagsPick flags;
  LengthPick length;
  IovaPick dst_iova;
  IovaPick src_iova;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("iommufd", s.iommufd), v("dst", s.dst), v("src", s.src), v("flags", s.flags);
    v("length", s.length), v("dst_iova", s.dst_iova), v("src_iova", s.src_iova);
    v("shape", s.shape);
  }
};

// An operation on an IOAS with one byte of arguments: IOVA_RANGES (the count), OPTION (which
// option, get or set, value), VFIO_IOAS (the op).
template <OpCode kOp>
struct IoasByte : OpOf<kOp> {
  Byte iommufd;
  ObjectPick ioas;
  Byte value;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("iommufd", s.iommufd), v("ioas", s.ioas), v("value", s.value), v("shape", s.shape);
  }
};

using IoasIovaRanges = IoasByte<OpCode::kIoasIovaRanges>;

struct IoasAllowIovas : OpOf<OpCode::kIoasAllowIovas> {
  static constexpr size_t kMaxRanges = 3;
  Byte iommufd;
  ObjectPick ioas;
  Byte count;  // modulo 4
  std::array<IovaPick, kMaxRanges> starts;
  std::array<LengthPick, kMaxRanges> lengths;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("iommufd", s.iommufd), v("ioas", s.ioas), v("count", s.count);
    for (size_t i = 0; i < kMaxRanges; ++i) {
      v.When(i < s.count.value % 4u, "start", s.starts[i]);
      v.When(i < s.count.value % 4u, "length", s.lengths[i]);
    }
    v("shape", s.shape);
  }
};

using Option = IoasByte<OpCode::kOption>;

struct HwptAlloc : OpOf<OpCode::kHwptAlloc> {
  ObjectPick device;
  Byte nested;  // bit 0: on a HWPT (nested, with selftest data) rather than an IOAS
  ObjectPick pt;
  FlagsPick flags;
  ObjectPick fault;  // only with IOMMU_HWPT_FAULT_ID_VALID
  Byte iotlb;
  Byte with_data;  // bit 0: selftest data for a paging HWPT too; only when not nested
  Shape shape;
  bool is_nested() const { return nested.value & 1; }
  bool names_fault() const { return FlagsValue(flags, kHwptAllocFlags) & uapi::kIommuHwptFaultIdValid; }
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("device", s.device), v("nested", s.nested), v("pt", s.pt), v("flags", s.flags);
    v.When(s.names_fault(), "fault", s.fault), v("iotlb", s.iotlb);
    v.When(!s.is_nested(), "with_data", s.with_data), v("shape", s.shape);
  }
};

// An operation on an object with one byte of arguments: GET_HW_INFO (data length).
template <OpCode kOp>
struct ObjectByte : OpOf<kOp> {
  ObjectPick object;
  Byte value;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("object", s.object), v("value", s.value), v("shape", s.shape);
  }
};

using GetHwInfo = ObjectByte<OpCode::kGetHwInfo>;

struct HwptSetDirtyTracking : OpOf<OpCode::kHwptSetDirtyTracking> {
  ObjectPick hwpt;
  FlagsPick flags;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("hwpt", s.hwpt), v("flags", s.flags), v("shape", s.shape);
  }
};

struct HwptGetDirtyBitmap : OpOf<OpCode::kHwptGetDirtyBitmap> {
  ObjectPick hwpt;
  FlagsPick flags;
  IovaPick iova;
  LengthPick length;
  Byte page_size;  // the page size shifted by this modulo 3
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("hwpt", s.hwpt), v("flags", s.flags), v("iova", s.iova), v("length", s.length);
    v("page_size", s.page_size), v("shape", s.shape);
  }
};

struct HwptInvalidate : OpOf<OpCode::kHwptInvalidate> {
  Byte on_viommu;  // bit 0
  ObjectPick target;
  Byte entry_num;
  Byte entry_len;  // 0xf0 and up: a length of its low bits, else the right one
  Blob<64> entries;  // each byte's low three bits
  Shape shape;
  bool is_on_viommu() const { return on_viommu.value & 1; }
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("on_viommu", s.on_viommu), v("target", s.target), v("entry_num", s.entry_num);
    v("entry_len", s.entry_len), v("entries", s.entries), v("shape", s.shape);
  }
};

using FaultQueueAlloc = IommufdFlags<OpCode::kFaultQueueAlloc>;

struct ViommuAlloc : OpOf<OpCode::kViommuAlloc> {
  ObjectPick device;
  ObjectPick hwpt;
  FlagsPick type;  // the selftest type below 0xf0
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("device", s.device), v("hwpt", s.hwpt), v("type", s.type), v("shape", s.shape);
  }
};

struct VdeviceAlloc : OpOf<OpCode::kVdeviceAlloc> {
  ObjectPick viommu;
  ObjectPick device;
  Byte virt_id;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("viommu", s.viommu), v("device", s.device), v("virt_id", s.virt_id), v("shape", s.shape);
  }
};

struct VeventqAlloc : OpOf<OpCode::kVeventqAlloc> {
  ObjectPick viommu;
  FlagsPick type;  // the selftest type below 0xf0
  Byte depth;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("viommu", s.viommu), v("type", s.type), v("depth", s.depth), v("shape", s.shape);
  }
};

struct HwQueueAlloc : OpOf<OpCode::kHwQueueAlloc> {
  ObjectPick viommu;
  FlagsPick type;  // the selftest type below 0xf0
  Byte index;
  IovaPick iova;
  LengthPick length;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("viommu", s.viommu), v("type", s.type), v("index", s.index), v("iova", s.iova);
    v("length", s.length), v("shape", s.shape);
  }
};

// An operation with only an iommufd: IOAS_CHANGE_PROCESS, VFIO_GET_API_VERSION (which sends
// no struct, so `shape` is not read for it).
template <OpCode kOp, bool kShaped>
struct OnIommufd : OpOf<kOp> {
  Byte iommufd;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("iommufd", s.iommufd), v.When(kShaped, "shape", s.shape);
  }
};

using IoasChangeProcess = OnIommufd<OpCode::kIoasChangeProcess, true>;
using VfioIoas = IoasByte<OpCode::kVfioIoas>;

// The selftest operations (IOMMU_TEST_CMD). Each ends with the struct's shape.
struct TestAddReserved : OpOf<OpCode::kTestAddReserved> {
  ObjectPick ioas;
  IovaPick start;
  LengthPick length;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("ioas", s.ioas), v("start", s.start), v("length", s.length), v("shape", s.shape);
  }
};

struct TestMockDomain : OpOf<OpCode::kTestMockDomain> {
  Byte with_flags;  // bit 0: MOCK_DOMAIN_FLAGS
  Byte on_hwpt;     // bit 0: a HWPT rather than an IOAS
  ObjectPick pt;
  FlagsPick dev_flags;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("with_flags", s.with_flags), v("on_hwpt", s.on_hwpt), v("pt", s.pt);
    v.When(s.with_flags.value & 1, "dev_flags", s.dev_flags), v("shape", s.shape);
  }
};

struct TestMockDomainReplace : OpOf<OpCode::kTestMockDomainReplace> {
  ObjectPick stdev;
  Byte on_hwpt;
  ObjectPick pt;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("stdev", s.stdev), v("on_hwpt", s.on_hwpt), v("pt", s.pt), v("shape", s.shape);
  }
};

struct TestMdCheckMap : OpOf<OpCode::kTestMdCheckMap> {
  ObjectPick hwpt;
  IovaPick iova;
  LengthPick length;
  AddressPick uptr;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("hwpt", s.hwpt), v("iova", s.iova), v("length", s.length), v("uptr", s.uptr);
    v("shape", s.shape);
  }
};

struct TestMdCheckRefs : OpOf<OpCode::kTestMdCheckRefs> {
  Byte iommufd;
  LengthPick length;
  AddressPick uptr;
  Byte refs;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("iommufd", s.iommufd), v("length", s.length), v("uptr", s.uptr), v("refs", s.refs);
    v("shape", s.shape);
  }
};

struct TestCreateAccess : OpOf<OpCode::kTestCreateAccess> {
  ObjectPick ioas;
  FlagsPick flags;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("ioas", s.ioas), v("flags", s.flags), v("shape", s.shape);
  }
};

// The operations on an access, which is named by its descriptor.
struct TestAccessPages : OpOf<OpCode::kTestAccessPages> {
  Byte access;
  Byte iommufd;
  FlagsPick flags;
  IovaPick iova;
  LengthPick length;
  AddressPick uptr;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("access", s.access), v("iommufd", s.iommufd), v("flags", s.flags), v("iova", s.iova);
    v("length", s.length), v("uptr", s.uptr), v("shape", s.shape);
  }
};

// DESTROY_ACCESS_PAGES (the pages), ACCESS_REPLACE_IOAS (the IOAS).
template <OpCode kOp>
struct AccessObject : OpOf<kOp> {
  Byte access;
  Byte iommufd;
  ObjectPick object;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("access", s.access), v("iommufd", s.iommufd), v("object", s.object), v("shape", s.shape);
  }
};

using TestDestroyAccessPages = AccessObject<OpCode::kTestDestroyAccessPages>;

struct TestAccessRw : OpOf<OpCode::kTestAccessRw> {
  Byte access;
  Byte iommufd;
  FlagsPick flags;
  IovaPick iova;
  Byte length;  // modulo 64, plus one
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("access", s.access), v("iommufd", s.iommufd), v("flags", s.flags), v("iova", s.iova);
    v("length", s.length), v("shape", s.shape);
  }
};

using TestAccessReplaceIoas = AccessObject<OpCode::kTestAccessReplaceIoas>;

struct TestDirty : OpOf<OpCode::kTestDirty> {
  ObjectPick hwpt;
  IovaPick iova;
  LengthPick length;
  Byte fill;  // the bitmap's bytes
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("hwpt", s.hwpt), v("iova", s.iova), v("length", s.length), v("fill", s.fill);
    v("shape", s.shape);
  }
};

// MD_CHECK_IOTLB on a HWPT, DEV_CHECK_CACHE on a device: an entry and whether it is the
// default value.
template <OpCode kOp>
struct CheckCache : OpOf<kOp> {
  ObjectPick object;
  Byte id;
  Byte is_default;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("object", s.object), v("id", s.id), v("is_default", s.is_default), v("shape", s.shape);
  }
};

using TestMdCheckIotlb = CheckCache<OpCode::kTestMdCheckIotlb>;

struct TestTriggerIopf : OpOf<OpCode::kTestTriggerIopf> {
  ObjectPick hwpt;
  ObjectPick device;
  Byte pasid;
  Byte grpid;
  Byte perm;
  IovaPick addr;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("hwpt", s.hwpt), v("device", s.device), v("pasid", s.pasid), v("grpid", s.grpid);
    v("perm", s.perm), v("addr", s.addr), v("shape", s.shape);
  }
};

using TestDevCheckCache = CheckCache<OpCode::kTestDevCheckCache>;

struct TestTriggerVevent : OpOf<OpCode::kTestTriggerVevent> {
  ObjectPick stdev;
  ObjectPick device;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("stdev", s.stdev), v("device", s.device), v("shape", s.shape);
  }
};

// PASID_ATTACH, _REPLACE, _DETACH, _CHECK_HWPT: a selftest device, a PASID and a page table.
template <OpCode kOp>
struct Pasid : OpOf<kOp> {
  ObjectPick stdev;
  Byte pasid;
  Byte on_hwpt;
  ObjectPick pt;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("stdev", s.stdev), v("pasid", s.pasid), v("on_hwpt", s.on_hwpt), v("pt", s.pt);
    v("shape", s.shape);
  }
};

using TestPasidAttach = Pasid<OpCode::kTestPasidAttach>;
using TestPasidReplace = Pasid<OpCode::kTestPasidReplace>;
using TestPasidDetach = Pasid<OpCode::kTestPasidDetach>;
using TestPasidCheckHwpt = Pasid<OpCode::kTestPasidCheckHwpt>;

// An operation on an iommufd with one byte of arguments: SET_TEMP_MEMORY_LIMIT (the limit).
template <OpCode kOp>
struct IommufdByte : OpOf<kOp> {
  Byte iommufd;
  Byte value;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("iommufd", s.iommufd), v("value", s.value), v("shape", s.shape);
  }
};

using TestSetTempMemoryLimit = IommufdByte<OpCode::kTestSetTempMemoryLimit>;

// The operations on a fault queue's or vEVENTQ's descriptor. Without one held, only the
// descriptor byte was read.
template <OpCode kOp>
struct EventFd : OpOf<kOp> {
  Byte event_fd;
  Presence held;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("event_fd", s.event_fd), v.Live(LiveKind::kEventFd, s.held);
  }
};

struct ReadEventFd : OpOf<OpCode::kReadEventFd> {
  Byte event_fd;
  Presence held;
  Byte count;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("event_fd", s.event_fd), v.Live(LiveKind::kEventFd, s.held);
    v.When(s.held.present, "count", s.count);
  }
};

struct WriteFaultResponse : OpOf<OpCode::kWriteFaultResponse> {
  Byte event_fd;
  Presence held;
  uint32_t cookie = 0;  // modulo 8
  Byte code;
  CountPick count;  // the whole response below 0xf0
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("event_fd", s.event_fd), v.Live(LiveKind::kEventFd, s.held);
    v.When(s.held.present, "cookie", s.cookie), v.When(s.held.present, "code", s.code);
    v.When(s.held.present, "count", s.count);
  }
};

using PollEventFd = EventFd<OpCode::kPollEventFd>;
using CloseEventFd = EventFd<OpCode::kCloseEventFd>;

struct RawIoctl : OpOf<OpCode::kRawIoctl> {
  Byte iommufd;
  Byte request;  // 0x3b80 plus this modulo 0x28
  Blob<64> bytes;
  Byte size;  // the size word, modulo 64
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("iommufd", s.iommufd), v("request", s.request), v("bytes", s.bytes), v("size", s.size);
    v("shape", s.shape);
  }
};

using VfioGetApiVersion = OnIommufd<OpCode::kVfioGetApiVersion, false>;

// VFIO_CHECK_EXTENSION, VFIO_SET_IOMMU: an int argument, the byte modulo 10.
template <OpCode kOp>
struct VfioInt : OpOf<kOp> {
  Byte iommufd;
  Byte value;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("iommufd", s.iommufd), v("value", s.value);
  }
};

using VfioCheckExtension = VfioInt<OpCode::kVfioCheckExtension>;
using VfioSetIommu = VfioInt<OpCode::kVfioSetIommu>;

struct VfioIommuGetInfo : OpOf<OpCode::kVfioIommuGetInfo> {
  Byte iommufd;
  CountPick argsz;  // 256 below 0xf0
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("iommufd", s.iommufd), v("argsz", s.argsz);
  }
};

struct VfioMapDma : OpOf<OpCode::kVfioMapDma> {
  Byte iommufd;
  FlagsPick flags;
  AddressPick vaddr;
  IovaPick iova;
  LengthPick size;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("iommufd", s.iommufd), v("flags", s.flags), v("vaddr", s.vaddr), v("iova", s.iova);
    v("size", s.size), v("shape", s.shape);
  }
};

struct VfioUnmapDma : OpOf<OpCode::kVfioUnmapDma> {
  Byte iommufd;
  FlagsPick flags;
  IovaPick iova;
  LengthPick size;
  Shape shape;
  bool unmaps_all() const { return FlagsValue(flags, kUnmapDmaFlags) & uapi::kVfioDmaUnmapFlagAll; }
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("iommufd", s.iommufd), v("flags", s.flags);
    v.When(!s.unmaps_all(), "iova", s.iova), v.When(!s.unmaps_all(), "size", s.size);
    v("shape", s.shape);
  }
};

struct TestDmabufGet : OpOf<OpCode::kTestDmabufGet> {
  Byte iommufd;
  FlagsPick length;  // a few pages below 0xf0, else any 32 bits
  Byte cloexec;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("iommufd", s.iommufd), v("length", s.length), v("cloexec", s.cloexec), v("shape", s.shape);
  }
};

struct TestDmabufRevoke : OpOf<OpCode::kTestDmabufRevoke> {
  Byte iommufd;
  Byte dmabuf;
  Byte revoked;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("iommufd", s.iommufd), v("dmabuf", s.dmabuf), v("revoked", s.revoked), v("shape", s.shape);
  }
};

using IoasMapDmabuf = MapFile<OpCode::kIoasMapDmabuf>;

// The VFIO device cdev operations (the real IOMMU drivers' paths, on platforms with a
// device). `device` picks a cdev the sequence opened; without one the call is not made.
struct VfioDeviceOpen : OpOf<OpCode::kVfioDeviceOpen> {
  Byte cdev;  // among the backend's VFIO cdevs, modulo their count
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("cdev", s.cdev);
  }
};

struct VfioDeviceBind : OpOf<OpCode::kVfioDeviceBind> {
  Byte device;
  Byte iommufd;  // 0xf0 and up: a file that is not an iommufd
  FlagsPick flags;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("device", s.device), v("iommufd", s.iommufd), v("flags", s.flags), v("shape", s.shape);
  }
};

// VFIO_DEVICE_ATTACH_IOMMUFD_PT: a replace when the device is attached already.
struct VfioDeviceAttach : OpOf<OpCode::kVfioDeviceAttach> {
  Byte device;
  Byte on_hwpt;  // bit 0: a HWPT rather than an IOAS
  ObjectPick pt;
  FlagsPick flags;
  Byte pasid;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("device", s.device), v("on_hwpt", s.on_hwpt), v("pt", s.pt), v("flags", s.flags);
    v("pasid", s.pasid), v("shape", s.shape);
  }
};

struct VfioDeviceDetach : OpOf<OpCode::kVfioDeviceDetach> {
  Byte device;
  FlagsPick flags;
  Byte pasid;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("device", s.device), v("flags", s.flags), v("pasid", s.pasid), v("shape", s.shape);
  }
};

// A DMA by the device at an IOVA (Backend::DeviceDma): `length` bytes, from `offset` * 16
// into the page `iova` names; a write's bytes are `seed` + 7 * i.
struct VfioDeviceDma : OpOf<OpCode::kVfioDeviceDma> {
  Byte device;
  Byte write;  // bit 0
  IovaPick iova;
  Byte offset;
  Byte length;  // modulo 128, plus one
  Byte seed;
  bool is_write() const { return write.value & 1; }
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("device", s.device), v("write", s.write), v("iova", s.iova), v("offset", s.offset);
    v("length", s.length), v("seed", s.seed);
  }
};

}  // namespace ops

// One alternative per opcode, in opcode order: the variant's index is the opcode.
using Op = std::variant<
    ops::OpenIommufd, ops::CloseIommufd, ops::Destroy, ops::IoasAlloc, ops::IoasMap,
    ops::IoasMapFile, ops::IoasUnmap, ops::IoasCopy, ops::IoasIovaRanges, ops::IoasAllowIovas,
    ops::Option, ops::HwptAlloc, ops::GetHwInfo, ops::HwptSetDirtyTracking,
    ops::HwptGetDirtyBitmap, ops::HwptInvalidate, ops::FaultQueueAlloc, ops::ViommuAlloc,
    ops::VdeviceAlloc, ops::VeventqAlloc, ops::HwQueueAlloc, ops::IoasChangeProcess,
    ops::VfioIoas, ops::TestAddReserved, ops::TestMockDomain, ops::TestMockDomainReplace,
    ops::TestMdCheckMap, ops::TestMdCheckRefs, ops::TestCreateAccess, ops::TestAccessPages,
    ops::TestDestroyAccessPages, ops::TestAccessRw, ops::TestAccessReplaceIoas, ops::TestDirty,
    ops::TestMdCheckIotlb, ops::TestTriggerIopf, ops::TestDevCheckCache, ops::TestTriggerVevent,
    ops::TestPasidAttach, ops::TestPasidReplace, ops::TestPasidDetach, ops::TestPasidCheckHwpt,
    ops::TestSetTempMemoryLimit, ops::ReadEventFd, ops::WriteFaultResponse, ops::PollEventFd,
    ops::CloseEventFd, ops::RawIoctl, ops::VfioGetApiVersion, ops::VfioCheckExtension,
    ops::VfioSetIommu, ops::VfioIommuGetInfo, ops::VfioMapDma, ops::VfioUnmapDma,
    ops::TestDmabufGet, ops::TestDmabufRevoke, ops::IoasMapDmabuf, ops::VfioDeviceOpen,
    ops::VfioDeviceBind, ops::VfioDeviceAttach, ops::VfioDeviceDetach, ops::VfioDeviceDma>;

namespace ops_internal {
template <size_t... kIndex>
constexpr bool IndexIsOpCode(std::index_sequence<kIndex...>) {
  return ((static_cast<size_t>(std::variant_alternative_t<kIndex, Op>::kCode) == kIndex) && ...);
}
}  // namespace ops_internal

static_assert(std::variant_size_v<Op> == kOpCodeCount, "every opcode has an Op");
static_assert(ops_internal::IndexIsOpCode(std::make_index_sequence<kOpCodeCount>()),
              "Op's alternatives are in opcode order");

inline OpCode CodeOf(const Op& op) { return static_cast<OpCode>(op.index()); }

}  // namespace iommufd_conform::fuzz

#endif  // IOMMUFD_CONFORM_FUZZ_SEQUENCE_OPS_H_
