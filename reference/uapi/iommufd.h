#ifndef IOMMUFD_CONFORM_REFERENCE_UAPI_IOMMUFD_H_
#define IOMMUFD_CONFORM_REFERENCE_UAPI_IOMMUFD_H_

// Our own definitions of the iommufd uAPI (<linux/iommufd.h>) up to Linux 7.3, so suites,
// model and fuzzers do not depend on whichever kernel headers the host happens to have.
// Names: kernel struct iommu_ioas_map -> IommuIoasMap (fields keep their names, `__reserved`
// -> `reserved`); a constant FOO_BAR -> kFooBar; ioctl IOMMU_FOO -> kIoctlFoo. Every layout
// is pinned by static_asserts below and compared against real kernel headers by
// `iommufd-conform abi check` (reference/uapi/abi_catalog.cc lists what first appeared when).

#include <cstddef>
#include <cstdint>

namespace iommufd_conform::uapi {

// The kernel's __aligned_u64 (and __aligned_le64: all our targets are little-endian): 8-byte
// alignment even on ABIs where a plain u64 is 4-byte aligned.
using AlignedU64 [[gnu::aligned(8)]] = std::uint64_t;

// Every iommufd command is _IO(';', nr): no size or direction bits.
inline constexpr unsigned kIommufdType = ';';
inline constexpr unsigned kIommufdCmdBase = 0x80;

inline constexpr unsigned long kIoctlDestroy = 0x3b80;
inline constexpr unsigned long kIoctlIoasAlloc = 0x3b81;
inline constexpr unsigned long kIoctlIoasAllowIovas = 0x3b82;
inline constexpr unsigned long kIoctlIoasCopy = 0x3b83;
inline constexpr unsigned long kIoctlIoasIovaRanges = 0x3b84;
inline constexpr unsigned long kIoctlIoasMap = 0x3b85;
inline constexpr unsigned long kIoctlIoasUnmap = 0x3b86;
inline constexpr unsigned long kIoctlOption = 0x3b87;
inline constexpr unsigned long kIoctlVfioIoas = 0x3b88;
inline constexpr unsigned long kIoctlHwptAlloc = 0x3b89;
inline constexpr unsigned long kIoctlGetHwInfo = 0x3b8a;
inline constexpr unsigned long kIoctlHwptSetDirtyTracking = 0x3b8b;
inline constexpr unsigned long kIoctlHwptGetDirtyBitmap = 0x3b8c;
inline constexpr unsigned long kIoctlHwptInvalidate = 0x3b8d;
inline constexpr unsigned long kIoctlFaultQueueAlloc = 0x3b8e;
inline constexpr unsigned long kIoctlIoasMapFile = 0x3b8f;
inline constexpr unsigned long kIoctlViommuAlloc = 0x3b90;
inline constexpr unsigned long kIoctlVdeviceAlloc = 0x3b91;
inline constexpr unsigned long kIoctlIoasChangeProcess = 0x3b92;
inline constexpr unsigned long kIoctlVeventqAlloc = 0x3b93;
inline constexpr unsigned long kIoctlHwQueueAlloc = 0x3b94;
inline constexpr unsigned long kIoctlIoasNoiommuGetPa = 0x3b95;  // 7.3

// ---- Objects and IOAS ----

struct IommuDestroy {
  std::uint32_t size;
  std::uint32_t id;
};

struct IommuIoasAlloc {
  std::uint32_t size;
  std::uint32_t flags;
  std::uint32_t out_ioas_id;
};

struct IommuIovaRange {
  AlignedU64 start;
  AlignedU64 last;
};

struct IommuIoasIovaRanges {
  std::uint32_t size;
  std::uint32_t ioas_id;
  std::uint32_t num_iovas;
  std::uint32_t reserved;
  AlignedU64 allowed_iovas;  // user pointer to IommuIovaRange[num_iovas]
  AlignedU64 out_iova_alignment;
};

struct IommuIoasAllowIovas {
  std::uint32_t size;
  std::uint32_t ioas_id;
  std::uint32_t num_iovas;
  std::uint32_t reserved;
  AlignedU64 allowed_iovas;
};

// Flags of MAP, MAP_FILE and COPY.
enum IommufdIoasMapFlags : std::uint32_t {
  kIommuIoasMapFixedIova = 1u << 0,
  kIommuIoasMapWriteable = 1u << 1,
  kIommuIoasMapReadable = 1u << 2,
};

struct IommuIoasMap {
  std::uint32_t size;
  std::uint32_t flags;
  std::uint32_t ioas_id;
  std::uint32_t reserved;
  AlignedU64 user_va;
  AlignedU64 length;
  AlignedU64 iova;
};

// 7.3: noiommu mode only.
struct IommuIoasNoiommuGetPa {
  std::uint32_t size;
  std::uint32_t flags;
  std::uint32_t ioas_id;
  std::uint32_t reserved;
  AlignedU64 iova;
  AlignedU64 length;  // in: maximum to query; out: physically contiguous bytes
  AlignedU64 out_phys;
};

struct IommuIoasMapFile {
  std::uint32_t size;
  std::uint32_t flags;
  std::uint32_t ioas_id;
  std::int32_t fd;
  AlignedU64 start;
  AlignedU64 length;
  AlignedU64 iova;
};

struct IommuIoasCopy {
  std::uint32_t size;
  std::uint32_t flags;
  std::uint32_t dst_ioas_id;
  std::uint32_t src_ioas_id;
  AlignedU64 length;
  AlignedU64 dst_iova;
  AlignedU64 src_iova;
};

struct IommuIoasUnmap {
  std::uint32_t size;
  std::uint32_t ioas_id;
  AlignedU64 iova;
  AlignedU64 length;
};

enum IommufdOption : std::uint32_t {
  kIommuOptionRlimitMode = 0,
  kIommuOptionHugePages = 1,
};

enum IommufdOptionOps : std::uint16_t {
  kIommuOptionOpSet = 0,
  kIommuOptionOpGet = 1,
};

struct IommuOption {
  std::uint32_t size;
  std::uint32_t option_id;
  std::uint16_t op;
  std::uint16_t reserved;
  std::uint32_t object_id;
  AlignedU64 val64;
};

enum IommufdVfioIoasOp : std::uint16_t {
  kIommuVfioIoasGet = 0,
  kIommuVfioIoasSet = 1,
  kIommuVfioIoasClear = 2,
};

struct IommuVfioIoas {
  std::uint32_t size;
  std::uint32_t ioas_id;
  std::uint16_t op;
  std::uint16_t reserved;
};

// ---- HW page tables ----

enum IommufdHwptAllocFlags : std::uint32_t {
  kIommuHwptAllocNestParent = 1u << 0,
  kIommuHwptAllocDirtyTracking = 1u << 1,
  kIommuHwptFaultIdValid = 1u << 2,
  kIommuHwptAllocPasid = 1u << 3,
};

enum IommuHwptVtdS1Flags : std::uint64_t {
  kIommuVtdS1Sre = 1u << 0,
  kIommuVtdS1Eafe = 1u << 1,
  kIommuVtdS1Wpe = 1u << 2,
};

struct IommuHwptVtdS1 {
  AlignedU64 flags;
  AlignedU64 pgtbl_addr;
  std::uint32_t addr_width;
  std::uint32_t reserved;
};

struct IommuHwptArmSmmuv3 {
  AlignedU64 ste[2];  // little-endian
};

struct IommuHwptAmdGuest {
  AlignedU64 dte[4];
};

enum IommuHwptDataType : std::uint32_t {
  kIommuHwptDataNone = 0,
  kIommuHwptDataVtdS1 = 1,
  kIommuHwptDataArmSmmuv3 = 2,
  kIommuHwptDataAmdGuest = 3,
};

struct IommuHwptAlloc {
  std::uint32_t size;
  std::uint32_t flags;
  std::uint32_t dev_id;
  std::uint32_t pt_id;
  std::uint32_t out_hwpt_id;
  std::uint32_t reserved;
  std::uint32_t data_type;
  std::uint32_t data_len;
  AlignedU64 data_uptr;
  std::uint32_t fault_id;
  std::uint32_t reserved2;
};

// ---- Hardware information ----

enum IommuHwInfoVtdFlags : std::uint32_t {
  kIommuHwInfoVtdErrata772415Spr17 = 1u << 0,
};

struct IommuHwInfoVtd {
  std::uint32_t flags;
  std::uint32_t reserved;
  AlignedU64 cap_reg;
  AlignedU64 ecap_reg;
};

enum IommuHwInfoArmSmmuv3Flags : std::uint32_t {
  kIommuHwInfoArmSmmuv3ErrataRepeatTlbiCfgi = 1u << 0,  // 7.3
};

struct IommuHwInfoArmSmmuv3 {
  std::uint32_t flags;
  std::uint32_t reserved;
  std::uint32_t idr[6];
  std::uint32_t iidr;
  std::uint32_t aidr;
};

struct IommuHwInfoTegra241Cmdqv {
  std::uint32_t flags;
  std::uint8_t version;
  std::uint8_t log2vcmdqs;
  std::uint8_t log2vsids;
  std::uint8_t reserved;
};

struct IommuHwInfoAmd {
  AlignedU64 efr;
  AlignedU64 efr2;
};

enum IommuHwInfoType : std::uint32_t {
  kIommuHwInfoTypeNone = 0,
  kIommuHwInfoTypeDefault = 0,  // input meaning "the device's default type"
  kIommuHwInfoTypeIntelVtd = 1,
  kIommuHwInfoTypeArmSmmuv3 = 2,
  kIommuHwInfoTypeTegra241Cmdqv = 3,
  kIommuHwInfoTypeAmd = 4,
};

enum IommufdHwCapabilities : std::uint64_t {
  kIommuHwCapDirtyTracking = 1u << 0,
  kIommuHwCapPciPasidExec = 1u << 1,
  kIommuHwCapPciPasidPriv = 1u << 2,
  kIommuHwCapPciAtsNotSupported = 1u << 3,
};

enum IommufdHwInfoFlags : std::uint32_t {
  kIommuHwInfoFlagInputType = 1u << 0,
};

struct IommuHwInfo {
  std::uint32_t size;
  std::uint32_t flags;
  std::uint32_t dev_id;
  std::uint32_t data_len;
  AlignedU64 data_uptr;
  union {
    std::uint32_t in_data_type;  // with kIommuHwInfoFlagInputType
    std::uint32_t out_data_type;
  };
  std::uint8_t out_max_pasid_log2;
  std::uint8_t reserved[3];
  AlignedU64 out_capabilities;
};

// ---- Dirty tracking ----

enum IommufdHwptSetDirtyTrackingFlags : std::uint32_t {
  kIommuHwptDirtyTrackingEnable = 1,
};

struct IommuHwptSetDirtyTracking {
  std::uint32_t size;
  std::uint32_t flags;
  std::uint32_t hwpt_id;
  std::uint32_t reserved;
};

enum IommufdHwptGetDirtyBitmapFlags : std::uint32_t {
  kIommuHwptGetDirtyBitmapNoClear = 1,
};

struct IommuHwptGetDirtyBitmap {
  std::uint32_t size;
  std::uint32_t hwpt_id;
  std::uint32_t flags;
  std::uint32_t reserved;
  AlignedU64 iova;
  AlignedU64 length;
  AlignedU64 page_size;
  AlignedU64 data;
};

// ---- Invalidation ----

enum IommuHwptInvalidateDataType : std::uint32_t {
  kIommuHwptInvalidateDataVtdS1 = 0,
  kIommuViommuInvalidateDataArmSmmuv3 = 1,
};

enum IommuHwptVtdS1InvalidateFlags : std::uint32_t {
  kIommuVtdInvFlagsLeaf = 1u << 0,
};

struct IommuHwptVtdS1Invalidate {
  AlignedU64 addr;
  AlignedU64 npages;
  std::uint32_t flags;
  std::uint32_t reserved;
};

struct IommuViommuArmSmmuv3Invalidate {
  AlignedU64 cmd[2];  // little-endian
};

struct IommuHwptInvalidate {
  std::uint32_t size;
  std::uint32_t hwpt_id;
  AlignedU64 data_uptr;
  std::uint32_t data_type;
  std::uint32_t entry_len;
  std::uint32_t entry_num;  // in: entries; out: entries handled, also on failure
  std::uint32_t reserved;
};

// ---- Fault queues (read()/write() records on the fault fd) ----

enum IommuHwptPgfaultFlags : std::uint32_t {
  kIommuPgfaultFlagsPasidValid = 1u << 0,
  kIommuPgfaultFlagsLastPage = 1u << 1,
};

enum IommuHwptPgfaultPerm : std::uint32_t {
  kIommuPgfaultPermRead = 1u << 0,
  kIommuPgfaultPermWrite = 1u << 1,
  kIommuPgfaultPermExec = 1u << 2,
  kIommuPgfaultPermPriv = 1u << 3,
};

struct IommuHwptPgfault {
  std::uint32_t flags;
  std::uint32_t dev_id;
  std::uint32_t pasid;
  std::uint32_t grpid;
  std::uint32_t perm;
  std::uint32_t reserved;
  AlignedU64 addr;
  std::uint32_t length;
  std::uint32_t cookie;
};

enum IommufdPageResponseCode : std::uint32_t {
  kIommufdPageRespSuccess = 0,
  kIommufdPageRespInvalid = 1,
};

struct IommuHwptPageResponse {
  std::uint32_t cookie;
  std::uint32_t code;
};

struct IommuFaultAlloc {
  std::uint32_t size;
  std::uint32_t flags;
  std::uint32_t out_fault_id;
  std::uint32_t out_fault_fd;
};

// ---- vIOMMU, vDEVICE, vEVENTQ, HW queue ----

enum IommuViommuType : std::uint32_t {
  kIommuViommuTypeDefault = 0,
  kIommuViommuTypeArmSmmuv3 = 1,
  kIommuViommuTypeTegra241Cmdqv = 2,
};

struct IommuViommuTegra241Cmdqv {
  AlignedU64 out_vintf_mmap_offset;
  AlignedU64 out_vintf_mmap_length;
};

struct IommuViommuAlloc {
  std::uint32_t size;
  std::uint32_t flags;
  std::uint32_t type;
  std::uint32_t dev_id;
  std::uint32_t hwpt_id;
  std::uint32_t out_viommu_id;
  std::uint32_t data_len;
  std::uint32_t reserved;
  AlignedU64 data_uptr;
};

struct IommuVdeviceAlloc {
  std::uint32_t size;
  std::uint32_t viommu_id;
  std::uint32_t dev_id;
  std::uint32_t out_vdevice_id;
  AlignedU64 virt_id;
};

struct IommuIoasChangeProcess {
  std::uint32_t size;
  std::uint32_t reserved;
};

enum IommuVeventqFlag : std::uint32_t {
  kIommuVeventqFlagLostEvents = 1u << 0,
};

// Precedes every record read from a vEVENTQ fd.
struct IommufdVeventHeader {
  std::uint32_t flags;
  std::uint32_t sequence;
};

enum IommuVeventqType : std::uint32_t {
  kIommuVeventqTypeDefault = 0,
  kIommuVeventqTypeArmSmmuv3 = 1,
  kIommuVeventqTypeTegra241Cmdqv = 2,
};

struct IommuVeventArmSmmuv3 {
  AlignedU64 evt[4];  // little-endian
};

struct IommuVeventTegra241Cmdqv {
  AlignedU64 lvcmdq_err_map[2];  // little-endian
};

struct IommuVeventqAlloc {
  std::uint32_t size;
  std::uint32_t flags;
  std::uint32_t viommu_id;
  std::uint32_t type;
  std::uint32_t veventq_depth;
  std::uint32_t out_veventq_id;
  std::uint32_t out_veventq_fd;
  std::uint32_t reserved;
};

enum IommuHwQueueType : std::uint32_t {
  kIommuHwQueueTypeDefault = 0,
  kIommuHwQueueTypeTegra241Cmdqv = 1,
};

struct IommuHwQueueAlloc {
  std::uint32_t size;
  std::uint32_t flags;
  std::uint32_t viommu_id;
  std::uint32_t type;
  std::uint32_t index;
  std::uint32_t out_hw_queue_id;
  AlignedU64 nesting_parent_iova;
  AlignedU64 length;
};

// ---- Layout facts (x86_64 and arm64 alike: every u64 is __aligned_u64) ----

static_assert(sizeof(IommuDestroy) == 8);
static_assert(offsetof(IommuDestroy, size) == 0);
static_assert(offsetof(IommuDestroy, id) == 4);

static_assert(sizeof(IommuIoasAlloc) == 12);
static_assert(offsetof(IommuIoasAlloc, size) == 0);
static_assert(offsetof(IommuIoasAlloc, flags) == 4);
static_assert(offsetof(IommuIoasAlloc, out_ioas_id) == 8);

static_assert(sizeof(IommuIovaRange) == 16);
static_assert(offsetof(IommuIovaRange, start) == 0);
static_assert(offsetof(IommuIovaRange, last) == 8);

static_assert(sizeof(IommuIoasIovaRanges) == 32);
static_assert(offsetof(IommuIoasIovaRanges, size) == 0);
static_assert(offsetof(IommuIoasIovaRanges, ioas_id) == 4);
static_assert(offsetof(IommuIoasIovaRanges, num_iovas) == 8);
static_assert(offsetof(IommuIoasIovaRanges, reserved) == 12);
static_assert(offsetof(IommuIoasIovaRanges, allowed_iovas) == 16);
static_assert(offsetof(IommuIoasIovaRanges, out_iova_alignment) == 24);

static_assert(sizeof(IommuIoasAllowIovas) == 24);
static_assert(offsetof(IommuIoasAllowIovas, size) == 0);
static_assert(offsetof(IommuIoasAllowIovas, ioas_id) == 4);
static_assert(offsetof(IommuIoasAllowIovas, num_iovas) == 8);
static_assert(offsetof(IommuIoasAllowIovas, reserved) == 12);
static_assert(offsetof(IommuIoasAllowIovas, allowed_iovas) == 16);

static_assert(sizeof(IommuIoasMap) == 40);
static_assert(offsetof(IommuIoasMap, size) == 0);
static_assert(offsetof(IommuIoasMap, flags) == 4);
static_assert(offsetof(IommuIoasMap, ioas_id) == 8);
static_assert(offsetof(IommuIoasMap, reserved) == 12);
static_assert(offsetof(IommuIoasMap, user_va) == 16);
static_assert(offsetof(IommuIoasMap, length) == 24);
static_assert(offsetof(IommuIoasMap, iova) == 32);

static_assert(sizeof(IommuIoasNoiommuGetPa) == 40);
static_assert(offsetof(IommuIoasNoiommuGetPa, size) == 0);
static_assert(offsetof(IommuIoasNoiommuGetPa, flags) == 4);
static_assert(offsetof(IommuIoasNoiommuGetPa, ioas_id) == 8);
static_assert(offsetof(IommuIoasNoiommuGetPa, reserved) == 12);
static_assert(offsetof(IommuIoasNoiommuGetPa, iova) == 16);
static_assert(offsetof(IommuIoasNoiommuGetPa, length) == 24);
static_assert(offsetof(IommuIoasNoiommuGetPa, out_phys) == 32);

static_assert(sizeof(IommuIoasMapFile) == 40);
static_assert(offsetof(IommuIoasMapFile, size) == 0);
static_assert(offsetof(IommuIoasMapFile, flags) == 4);
static_assert(offsetof(IommuIoasMapFile, ioas_id) == 8);
static_assert(offsetof(IommuIoasMapFile, fd) == 12);
static_assert(offsetof(IommuIoasMapFile, start) == 16);
static_assert(offsetof(IommuIoasMapFile, length) == 24);
static_assert(offsetof(IommuIoasMapFile, iova) == 32);

static_assert(sizeof(IommuIoasCopy) == 40);
static_assert(offsetof(IommuIoasCopy, size) == 0);
static_assert(offsetof(IommuIoasCopy, flags) == 4);
static_assert(offsetof(IommuIoasCopy, dst_ioas_id) == 8);
static_assert(offsetof(IommuIoasCopy, src_ioas_id) == 12);
static_assert(offsetof(IommuIoasCopy, length) == 16);
static_assert(offsetof(IommuIoasCopy, dst_iova) == 24);
static_assert(offsetof(IommuIoasCopy, src_iova) == 32);

static_assert(sizeof(IommuIoasUnmap) == 24);
static_assert(offsetof(IommuIoasUnmap, size) == 0);
static_assert(offsetof(IommuIoasUnmap, ioas_id) == 4);
static_assert(offsetof(IommuIoasUnmap, iova) == 8);
static_assert(offsetof(IommuIoasUnmap, length) == 16);

static_assert(sizeof(IommuOption) == 24);
static_assert(offsetof(IommuOption, size) == 0);
static_assert(offsetof(IommuOption, option_id) == 4);
static_assert(offsetof(IommuOption, op) == 8);
static_assert(offsetof(IommuOption, reserved) == 10);
static_assert(offsetof(IommuOption, object_id) == 12);
static_assert(offsetof(IommuOption, val64) == 16);

static_assert(sizeof(IommuVfioIoas) == 12);
static_assert(offsetof(IommuVfioIoas, size) == 0);
static_assert(offsetof(IommuVfioIoas, ioas_id) == 4);
static_assert(offsetof(IommuVfioIoas, op) == 8);
static_assert(offsetof(IommuVfioIoas, reserved) == 10);

static_assert(sizeof(IommuHwptVtdS1) == 24);
static_assert(offsetof(IommuHwptVtdS1, flags) == 0);
static_assert(offsetof(IommuHwptVtdS1, pgtbl_addr) == 8);
static_assert(offsetof(IommuHwptVtdS1, addr_width) == 16);
static_assert(offsetof(IommuHwptVtdS1, reserved) == 20);

static_assert(sizeof(IommuHwptArmSmmuv3) == 16);
static_assert(offsetof(IommuHwptArmSmmuv3, ste) == 0);

static_assert(sizeof(IommuHwptAmdGuest) == 32);
static_assert(offsetof(IommuHwptAmdGuest, dte) == 0);

static_assert(sizeof(IommuHwptAlloc) == 48);
static_assert(offsetof(IommuHwptAlloc, size) == 0);
static_assert(offsetof(IommuHwptAlloc, flags) == 4);
static_assert(offsetof(IommuHwptAlloc, dev_id) == 8);
static_assert(offsetof(IommuHwptAlloc, pt_id) == 12);
static_assert(offsetof(IommuHwptAlloc, out_hwpt_id) == 16);
static_assert(offsetof(IommuHwptAlloc, reserved) == 20);
static_assert(offsetof(IommuHwptAlloc, data_type) == 24);
static_assert(offsetof(IommuHwptAlloc, data_len) == 28);
static_assert(offsetof(IommuHwptAlloc, data_uptr) == 32);
static_assert(offsetof(IommuHwptAlloc, fault_id) == 40);
static_assert(offsetof(IommuHwptAlloc, reserved2) == 44);

static_assert(sizeof(IommuHwInfoVtd) == 24);
static_assert(offsetof(IommuHwInfoVtd, flags) == 0);
static_assert(offsetof(IommuHwInfoVtd, reserved) == 4);
static_assert(offsetof(IommuHwInfoVtd, cap_reg) == 8);
static_assert(offsetof(IommuHwInfoVtd, ecap_reg) == 16);

static_assert(sizeof(IommuHwInfoArmSmmuv3) == 40);
static_assert(offsetof(IommuHwInfoArmSmmuv3, flags) == 0);
static_assert(offsetof(IommuHwInfoArmSmmuv3, reserved) == 4);
static_assert(offsetof(IommuHwInfoArmSmmuv3, idr) == 8);
static_assert(offsetof(IommuHwInfoArmSmmuv3, iidr) == 32);
static_assert(offsetof(IommuHwInfoArmSmmuv3, aidr) == 36);

static_assert(sizeof(IommuHwInfoTegra241Cmdqv) == 8);
static_assert(offsetof(IommuHwInfoTegra241Cmdqv, flags) == 0);
static_assert(offsetof(IommuHwInfoTegra241Cmdqv, version) == 4);
static_assert(offsetof(IommuHwInfoTegra241Cmdqv, log2vcmdqs) == 5);
static_assert(offsetof(IommuHwInfoTegra241Cmdqv, log2vsids) == 6);
static_assert(offsetof(IommuHwInfoTegra241Cmdqv, reserved) == 7);

static_assert(sizeof(IommuHwInfoAmd) == 16);
static_assert(offsetof(IommuHwInfoAmd, efr) == 0);
static_assert(offsetof(IommuHwInfoAmd, efr2) == 8);

static_assert(sizeof(IommuHwInfo) == 40);
static_assert(offsetof(IommuHwInfo, size) == 0);
static_assert(offsetof(IommuHwInfo, flags) == 4);
static_assert(offsetof(IommuHwInfo, dev_id) == 8);
static_assert(offsetof(IommuHwInfo, data_len) == 12);
static_assert(offsetof(IommuHwInfo, data_uptr) == 16);
static_assert(offsetof(IommuHwInfo, in_data_type) == 24);
static_assert(offsetof(IommuHwInfo, out_data_type) == 24);
static_assert(offsetof(IommuHwInfo, out_max_pasid_log2) == 28);
static_assert(offsetof(IommuHwInfo, reserved) == 29);
static_assert(offsetof(IommuHwInfo, out_capabilities) == 32);

static_assert(sizeof(IommuHwptSetDirtyTracking) == 16);
static_assert(offsetof(IommuHwptSetDirtyTracking, size) == 0);
static_assert(offsetof(IommuHwptSetDirtyTracking, flags) == 4);
static_assert(offsetof(IommuHwptSetDirtyTracking, hwpt_id) == 8);
static_assert(offsetof(IommuHwptSetDirtyTracking, reserved) == 12);

static_assert(sizeof(IommuHwptGetDirtyBitmap) == 48);
static_assert(offsetof(IommuHwptGetDirtyBitmap, size) == 0);
static_assert(offsetof(IommuHwptGetDirtyBitmap, hwpt_id) == 4);
static_assert(offsetof(IommuHwptGetDirtyBitmap, flags) == 8);
static_assert(offsetof(IommuHwptGetDirtyBitmap, reserved) == 12);
static_assert(offsetof(IommuHwptGetDirtyBitmap, iova) == 16);
static_assert(offsetof(IommuHwptGetDirtyBitmap, length) == 24);
static_assert(offsetof(IommuHwptGetDirtyBitmap, page_size) == 32);
static_assert(offsetof(IommuHwptGetDirtyBitmap, data) == 40);

static_assert(sizeof(IommuHwptVtdS1Invalidate) == 24);
static_assert(offsetof(IommuHwptVtdS1Invalidate, addr) == 0);
static_assert(offsetof(IommuHwptVtdS1Invalidate, npages) == 8);
static_assert(offsetof(IommuHwptVtdS1Invalidate, flags) == 16);
static_assert(offsetof(IommuHwptVtdS1Invalidate, reserved) == 20);

static_assert(sizeof(IommuViommuArmSmmuv3Invalidate) == 16);
static_assert(offsetof(IommuViommuArmSmmuv3Invalidate, cmd) == 0);

static_assert(sizeof(IommuHwptInvalidate) == 32);
static_assert(offsetof(IommuHwptInvalidate, size) == 0);
static_assert(offsetof(IommuHwptInvalidate, hwpt_id) == 4);
static_assert(offsetof(IommuHwptInvalidate, data_uptr) == 8);
static_assert(offsetof(IommuHwptInvalidate, data_type) == 16);
static_assert(offsetof(IommuHwptInvalidate, entry_len) == 20);
static_assert(offsetof(IommuHwptInvalidate, entry_num) == 24);
static_assert(offsetof(IommuHwptInvalidate, reserved) == 28);

static_assert(sizeof(IommuHwptPgfault) == 40);
static_assert(offsetof(IommuHwptPgfault, flags) == 0);
static_assert(offsetof(IommuHwptPgfault, dev_id) == 4);
static_assert(offsetof(IommuHwptPgfault, pasid) == 8);
static_assert(offsetof(IommuHwptPgfault, grpid) == 12);
static_assert(offsetof(IommuHwptPgfault, perm) == 16);
static_assert(offsetof(IommuHwptPgfault, reserved) == 20);
static_assert(offsetof(IommuHwptPgfault, addr) == 24);
static_assert(offsetof(IommuHwptPgfault, length) == 32);
static_assert(offsetof(IommuHwptPgfault, cookie) == 36);

static_assert(sizeof(IommuHwptPageResponse) == 8);
static_assert(offsetof(IommuHwptPageResponse, cookie) == 0);
static_assert(offsetof(IommuHwptPageResponse, code) == 4);

static_assert(sizeof(IommuFaultAlloc) == 16);
static_assert(offsetof(IommuFaultAlloc, size) == 0);
static_assert(offsetof(IommuFaultAlloc, flags) == 4);
static_assert(offsetof(IommuFaultAlloc, out_fault_id) == 8);
static_assert(offsetof(IommuFaultAlloc, out_fault_fd) == 12);

static_assert(sizeof(IommuViommuTegra241Cmdqv) == 16);
static_assert(offsetof(IommuViommuTegra241Cmdqv, out_vintf_mmap_offset) == 0);
static_assert(offsetof(IommuViommuTegra241Cmdqv, out_vintf_mmap_length) == 8);

static_assert(sizeof(IommuViommuAlloc) == 40);
static_assert(offsetof(IommuViommuAlloc, size) == 0);
static_assert(offsetof(IommuViommuAlloc, flags) == 4);
static_assert(offsetof(IommuViommuAlloc, type) == 8);
static_assert(offsetof(IommuViommuAlloc, dev_id) == 12);
static_assert(offsetof(IommuViommuAlloc, hwpt_id) == 16);
static_assert(offsetof(IommuViommuAlloc, out_viommu_id) == 20);
static_assert(offsetof(IommuViommuAlloc, data_len) == 24);
static_assert(offsetof(IommuViommuAlloc, reserved) == 28);
static_assert(offsetof(IommuViommuAlloc, data_uptr) == 32);

static_assert(sizeof(IommuVdeviceAlloc) == 24);
static_assert(offsetof(IommuVdeviceAlloc, size) == 0);
static_assert(offsetof(IommuVdeviceAlloc, viommu_id) == 4);
static_assert(offsetof(IommuVdeviceAlloc, dev_id) == 8);
static_assert(offsetof(IommuVdeviceAlloc, out_vdevice_id) == 12);
static_assert(offsetof(IommuVdeviceAlloc, virt_id) == 16);

static_assert(sizeof(IommuIoasChangeProcess) == 8);
static_assert(offsetof(IommuIoasChangeProcess, size) == 0);
static_assert(offsetof(IommuIoasChangeProcess, reserved) == 4);

static_assert(sizeof(IommufdVeventHeader) == 8);
static_assert(offsetof(IommufdVeventHeader, flags) == 0);
static_assert(offsetof(IommufdVeventHeader, sequence) == 4);

static_assert(sizeof(IommuVeventArmSmmuv3) == 32);
static_assert(offsetof(IommuVeventArmSmmuv3, evt) == 0);

static_assert(sizeof(IommuVeventTegra241Cmdqv) == 16);
static_assert(offsetof(IommuVeventTegra241Cmdqv, lvcmdq_err_map) == 0);

static_assert(sizeof(IommuVeventqAlloc) == 32);
static_assert(offsetof(IommuVeventqAlloc, size) == 0);
static_assert(offsetof(IommuVeventqAlloc, flags) == 4);
static_assert(offsetof(IommuVeventqAlloc, viommu_id) == 8);
static_assert(offsetof(IommuVeventqAlloc, type) == 12);
static_assert(offsetof(IommuVeventqAlloc, veventq_depth) == 16);
static_assert(offsetof(IommuVeventqAlloc, out_veventq_id) == 20);
static_assert(offsetof(IommuVeventqAlloc, out_veventq_fd) == 24);
static_assert(offsetof(IommuVeventqAlloc, reserved) == 28);

static_assert(sizeof(IommuHwQueueAlloc) == 40);
static_assert(offsetof(IommuHwQueueAlloc, size) == 0);
static_assert(offsetof(IommuHwQueueAlloc, flags) == 4);
static_assert(offsetof(IommuHwQueueAlloc, viommu_id) == 8);
static_assert(offsetof(IommuHwQueueAlloc, type) == 12);
static_assert(offsetof(IommuHwQueueAlloc, index) == 16);
static_assert(offsetof(IommuHwQueueAlloc, out_hw_queue_id) == 20);
static_assert(offsetof(IommuHwQueueAlloc, nesting_parent_iova) == 24);
static_assert(offsetof(IommuHwQueueAlloc, length) == 32);

}  // namespace iommufd_conform::uapi

#endif  // IOMMUFD_CONFORM_REFERENCE_UAPI_IOMMUFD_H_
