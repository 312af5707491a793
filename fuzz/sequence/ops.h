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

inline constexpr uint32_t kMapFlags =
    uapi::kIommuIoasMapFixedIova | uapi::kIommuIoasMapWriteable | uapi::kIommuIoasMapReadable;
inline constexpr uint32_t kHwptAllocFlags =
    uapi::kIommuHwptAllocNestParent | uapi::kIommuHwptAllocDirtyTracking |
    uapi::kIommuHwptFaultIdValid | uapi::kIommuHwptAllocPasid;
inline constexpr uint32_t kUnmapDmaFlags = uapi::kVfioDmaUnmapFlagAll | uapi::kVfioDmaUnmapFlagVaddr;

// The operations whose bytes are only an opcode.
template <OpCode kOp>
struct Bare {
  static constexpr OpCode kCode = kOp;
  template <typename S, typename V>
  static void Fields(S&, V&) {}
  bool operator==(const Bare&) const = default;
};

using OpenIommufd = Bare<OpCode::kOpenIommufd>;

struct CloseIommufd {
  static constexpr OpCode kCode = OpCode::kCloseIommufd;
  Presence held;
  Byte iommufd;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v.Live(LiveKind::kIommufd, s.held);
    v.When(s.held.present, "iommufd", s.iommufd);
  }
  bool operator==(const CloseIommufd&) const = default;
};

struct Destroy {
  static constexpr OpCode kCode = OpCode::kDestroy;
  Byte iommufd;  // read, then unused: the object's own iommufd is used
  Byte kind;
  ObjectPick object;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("iommufd", s.iommufd), v("kind", s.kind), v("object", s.object), v("shape", s.shape);
  }
  bool operator==(const Destroy&) const = default;
};

// An operation on an iommufd with a flags byte: IOAS_ALLOC, FAULT_QUEUE_ALLOC.
template <OpCode kOp>
struct IommufdFlags {
  static constexpr OpCode kCode = kOp;
  Byte iommufd;
  FlagsPick flags;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("iommufd", s.iommufd), v("flags", s.flags), v("shape", s.shape);
  }
  bool operator==(const IommufdFlags&) const = default;
};

using IoasAlloc = IommufdFlags<OpCode::kIoasAlloc>;

struct IoasMap {
  static constexpr OpCode kCode = OpCode::kIoasMap;
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
  bool operator==(const IoasMap&) const = default;
};

// MAP_FILE of the arena's memfd (`file` below 0xf0, else -1) or of a test dmabuf (`file`
// picks one): the start's byte is a page offset.
template <OpCode kOp>
struct MapFile {
  static constexpr OpCode kCode = kOp;
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
  bool operator==(const MapFile&) const = default;
};

using IoasMapFile = MapFile<OpCode::kIoasMapFile>;

struct IoasUnmap {
  static constexpr OpCode kCode = OpCode::kIoasUnmap;
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
  bool operator==(const IoasUnmap&) const = default;
};

struct IoasCopy {
  static constexpr OpCode kCode = OpCode::kIoasCopy;
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
  bool operator==(const IoasCopy&) const = default;
};

// An operation on an IOAS with one byte of arguments: IOVA_RANGES (the count), OPTION (which
// option, get or set, value), VFIO_IOAS (the op).
template <OpCode kOp>
struct IoasByte {
  static constexpr OpCode kCode = kOp;
  Byte iommufd;
  ObjectPick ioas;
  Byte value;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("iommufd", s.iommufd), v("ioas", s.ioas), v("value", s.value), v("shape", s.shape);
  }
  bool operator==(const IoasByte&) const = default;
};

using IoasIovaRanges = IoasByte<OpCode::kIoasIovaRanges>;

struct IoasAllowIovas {
  static constexpr OpCode kCode = OpCode::kIoasAllowIovas;
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
  bool operator==(const IoasAllowIovas&) const = default;
};

using Option = IoasByte<OpCode::kOption>;

struct HwptAlloc {
  static constexpr OpCode kCode = OpCode::kHwptAlloc;
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
  bool operator==(const HwptAlloc&) const = default;
};

// An operation on an object with one byte of arguments: GET_HW_INFO (data length).
template <OpCode kOp>
struct ObjectByte {
  static constexpr OpCode kCode = kOp;
  ObjectPick object;
  Byte value;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("object", s.object), v("value", s.value), v("shape", s.shape);
  }
  bool operator==(const ObjectByte&) const = default;
};

using GetHwInfo = ObjectByte<OpCode::kGetHwInfo>;

struct HwptSetDirtyTracking {
  static constexpr OpCode kCode = OpCode::kHwptSetDirtyTracking;
  ObjectPick hwpt;
  FlagsPick flags;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("hwpt", s.hwpt), v("flags", s.flags), v("shape", s.shape);
  }
  bool operator==(const HwptSetDirtyTracking&) const = default;
};

struct HwptGetDirtyBitmap {
  static constexpr OpCode kCode = OpCode::kHwptGetDirtyBitmap;
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
  bool operator==(const HwptGetDirtyBitmap&) const = default;
};

struct HwptInvalidate {
  static constexpr OpCode kCode = OpCode::kHwptInvalidate;
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
  bool operator==(const HwptInvalidate&) const = default;
};

using FaultQueueAlloc = IommufdFlags<OpCode::kFaultQueueAlloc>;

struct ViommuAlloc {
  static constexpr OpCode kCode = OpCode::kViommuAlloc;
  ObjectPick device;
  ObjectPick hwpt;
  FlagsPick type;  // the selftest type below 0xf0
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("device", s.device), v("hwpt", s.hwpt), v("type", s.type), v("shape", s.shape);
  }
  bool operator==(const ViommuAlloc&) const = default;
};

struct VdeviceAlloc {
  static constexpr OpCode kCode = OpCode::kVdeviceAlloc;
  ObjectPick viommu;
  ObjectPick device;
  Byte virt_id;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("viommu", s.viommu), v("device", s.device), v("virt_id", s.virt_id), v("shape", s.shape);
  }
  bool operator==(const VdeviceAlloc&) const = default;
};

struct VeventqAlloc {
  static constexpr OpCode kCode = OpCode::kVeventqAlloc;
  ObjectPick viommu;
  FlagsPick type;  // the selftest type below 0xf0
  Byte depth;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("viommu", s.viommu), v("type", s.type), v("depth", s.depth), v("shape", s.shape);
  }
  bool operator==(const VeventqAlloc&) const = default;
};

struct HwQueueAlloc {
  static constexpr OpCode kCode = OpCode::kHwQueueAlloc;
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
  bool operator==(const HwQueueAlloc&) const = default;
};

// An operation with only an iommufd: IOAS_CHANGE_PROCESS, VFIO_GET_API_VERSION (which sends
// no struct, so `shape` is not read for it).
template <OpCode kOp, bool kShaped>
struct OnIommufd {
  static constexpr OpCode kCode = kOp;
  Byte iommufd;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("iommufd", s.iommufd), v.When(kShaped, "shape", s.shape);
  }
  bool operator==(const OnIommufd&) const = default;
};

using IoasChangeProcess = OnIommufd<OpCode::kIoasChangeProcess, true>;
using VfioIoas = IoasByte<OpCode::kVfioIoas>;

// The selftest operations (IOMMU_TEST_CMD). Each ends with the struct's shape.
struct TestAddReserved {
  static constexpr OpCode kCode = OpCode::kTestAddReserved;
  ObjectPick ioas;
  IovaPick start;
  LengthPick length;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("ioas", s.ioas), v("start", s.start), v("length", s.length), v("shape", s.shape);
  }
  bool operator==(const TestAddReserved&) const = default;
};

struct TestMockDomain {
  static constexpr OpCode kCode = OpCode::kTestMockDomain;
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
  bool operator==(const TestMockDomain&) const = default;
};

struct TestMockDomainReplace {
  static constexpr OpCode kCode = OpCode::kTestMockDomainReplace;
  ObjectPick stdev;
  Byte on_hwpt;
  ObjectPick pt;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("stdev", s.stdev), v("on_hwpt", s.on_hwpt), v("pt", s.pt), v("shape", s.shape);
  }
  bool operator==(const TestMockDomainReplace&) const = default;
};

struct TestMdCheckMap {
  static constexpr OpCode kCode = OpCode::kTestMdCheckMap;
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
  bool operator==(const TestMdCheckMap&) const = default;
};

struct TestMdCheckRefs {
  static constexpr OpCode kCode = OpCode::kTestMdCheckRefs;
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
  bool operator==(const TestMdCheckRefs&) const = default;
};

struct TestCreateAccess {
  static constexpr OpCode kCode = OpCode::kTestCreateAccess;
  ObjectPick ioas;
  FlagsPick flags;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("ioas", s.ioas), v("flags", s.flags), v("shape", s.shape);
  }
  bool operator==(const TestCreateAccess&) const = default;
};

// The operations on an access, which is named by its descriptor.
struct TestAccessPages {
  static constexpr OpCode kCode = OpCode::kTestAccessPages;
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
  bool operator==(const TestAccessPages&) const = default;
};

// DESTROY_ACCESS_PAGES (the pages), ACCESS_REPLACE_IOAS (the IOAS).
template <OpCode kOp>
struct AccessObject {
  static constexpr OpCode kCode = kOp;
  Byte access;
  Byte iommufd;
  ObjectPick object;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("access", s.access), v("iommufd", s.iommufd), v("object", s.object), v("shape", s.shape);
  }
  bool operator==(const AccessObject&) const = default;
};

using TestDestroyAccessPages = AccessObject<OpCode::kTestDestroyAccessPages>;

struct TestAccessRw {
  static constexpr OpCode kCode = OpCode::kTestAccessRw;
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
  bool operator==(const TestAccessRw&) const = default;
};

using TestAccessReplaceIoas = AccessObject<OpCode::kTestAccessReplaceIoas>;

struct TestDirty {
  static constexpr OpCode kCode = OpCode::kTestDirty;
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
  bool operator==(const TestDirty&) const = default;
};

// MD_CHECK_IOTLB on a HWPT, DEV_CHECK_CACHE on a device: an entry and whether it is the
// default value.
template <OpCode kOp>
struct CheckCache {
  static constexpr OpCode kCode = kOp;
  ObjectPick object;
  Byte id;
  Byte is_default;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("object", s.object), v("id", s.id), v("is_default", s.is_default), v("shape", s.shape);
  }
  bool operator==(const CheckCache&) const = default;
};

using TestMdCheckIotlb = CheckCache<OpCode::kTestMdCheckIotlb>;

struct TestTriggerIopf {
  static constexpr OpCode kCode = OpCode::kTestTriggerIopf;
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
  bool operator==(const TestTriggerIopf&) const = default;
};

using TestDevCheckCache = CheckCache<OpCode::kTestDevCheckCache>;

struct TestTriggerVevent {
  static constexpr OpCode kCode = OpCode::kTestTriggerVevent;
  ObjectPick stdev;
  ObjectPick device;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("stdev", s.stdev), v("device", s.device), v("shape", s.shape);
  }
  bool operator==(const TestTriggerVevent&) const = default;
};

// PASID_ATTACH, _REPLACE, _DETACH, _CHECK_HWPT: a selftest device, a PASID and a page table.
template <OpCode kOp>
struct Pasid {
  static constexpr OpCode kCode = kOp;
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
  bool operator==(const Pasid&) const = default;
};

using TestPasidAttach = Pasid<OpCode::kTestPasidAttach>;
using TestPasidReplace = Pasid<OpCode::kTestPasidReplace>;
using TestPasidDetach = Pasid<OpCode::kTestPasidDetach>;
using TestPasidCheckHwpt = Pasid<OpCode::kTestPasidCheckHwpt>;

// An operation on an iommufd with one byte of arguments: SET_TEMP_MEMORY_LIMIT (the limit).
template <OpCode kOp>
struct IommufdByte {
  static constexpr OpCode kCode = kOp;
  Byte iommufd;
  Byte value;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("iommufd", s.iommufd), v("value", s.value), v("shape", s.shape);
  }
  bool operator==(const IommufdByte&) const = default;
};

using TestSetTempMemoryLimit = IommufdByte<OpCode::kTestSetTempMemoryLimit>;

// The operations on a fault queue's or vEVENTQ's descriptor. Without one held, only the
// descriptor byte was read.
template <OpCode kOp>
struct EventFd {
  static constexpr OpCode kCode = kOp;
  Byte event_fd;
  Presence held;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("event_fd", s.event_fd), v.Live(LiveKind::kEventFd, s.held);
  }
  bool operator==(const EventFd&) const = default;
};

struct ReadEventFd {
  static constexpr OpCode kCode = OpCode::kReadEventFd;
  Byte event_fd;
  Presence held;
  Byte count;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("event_fd", s.event_fd), v.Live(LiveKind::kEventFd, s.held);
    v.When(s.held.present, "count", s.count);
  }
  bool operator==(const ReadEventFd&) const = default;
};

struct WriteFaultResponse {
  static constexpr OpCode kCode = OpCode::kWriteFaultResponse;
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
  bool operator==(const WriteFaultResponse&) const = default;
};

using PollEventFd = EventFd<OpCode::kPollEventFd>;
using CloseEventFd = EventFd<OpCode::kCloseEventFd>;

struct RawIoctl {
  static constexpr OpCode kCode = OpCode::kRawIoctl;
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
  bool operator==(const RawIoctl&) const = default;
};

using VfioGetApiVersion = OnIommufd<OpCode::kVfioGetApiVersion, false>;

// VFIO_CHECK_EXTENSION, VFIO_SET_IOMMU: an int argument, the byte modulo 10.
template <OpCode kOp>
struct VfioInt {
  static constexpr OpCode kCode = kOp;
  Byte iommufd;
  Byte value;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("iommufd", s.iommufd), v("value", s.value);
  }
  bool operator==(const VfioInt&) const = default;
};

using VfioCheckExtension = VfioInt<OpCode::kVfioCheckExtension>;
using VfioSetIommu = VfioInt<OpCode::kVfioSetIommu>;

struct VfioIommuGetInfo {
  static constexpr OpCode kCode = OpCode::kVfioIommuGetInfo;
  Byte iommufd;
  CountPick argsz;  // 256 below 0xf0
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("iommufd", s.iommufd), v("argsz", s.argsz);
  }
  bool operator==(const VfioIommuGetInfo&) const = default;
};

struct VfioMapDma {
  static constexpr OpCode kCode = OpCode::kVfioMapDma;
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
  bool operator==(const VfioMapDma&) const = default;
};

struct VfioUnmapDma {
  static constexpr OpCode kCode = OpCode::kVfioUnmapDma;
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
  bool operator==(const VfioUnmapDma&) const = default;
};

struct TestDmabufGet {
  static constexpr OpCode kCode = OpCode::kTestDmabufGet;
  Byte iommufd;
  FlagsPick length;  // a few pages below 0xf0, else any 32 bits
  Byte cloexec;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("iommufd", s.iommufd), v("length", s.length), v("cloexec", s.cloexec), v("shape", s.shape);
  }
  bool operator==(const TestDmabufGet&) const = default;
};

struct TestDmabufRevoke {
  static constexpr OpCode kCode = OpCode::kTestDmabufRevoke;
  Byte iommufd;
  Byte dmabuf;
  Byte revoked;
  Shape shape;
  template <typename S, typename V>
  static void Fields(S& s, V& v) {
    v("iommufd", s.iommufd), v("dmabuf", s.dmabuf), v("revoked", s.revoked), v("shape", s.shape);
  }
  bool operator==(const TestDmabufRevoke&) const = default;
};

using IoasMapDmabuf = MapFile<OpCode::kIoasMapDmabuf>;

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
    ops::TestDmabufGet, ops::TestDmabufRevoke, ops::IoasMapDmabuf>;

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
