#ifndef IOMMUFD_CONFORM_REFERENCE_UAPI_VFIO_H_
#define IOMMUFD_CONFORM_REFERENCE_UAPI_VFIO_H_

// Our own definitions of the parts of <linux/vfio.h> iommufd is involved in: the device cdev
// ioctls that bind/attach a VFIO device to iommufd, VFIO_DEVICE_GET_INFO (to sanity check a
// device), and the type1 container ioctls that iommufd serves itself when /dev/iommu stands
// in for /dev/vfio/vfio (drivers/iommu/iommufd/vfio_compat.c). Naming as in iommufd.h:
// VFIO_FOO_BAR -> kVfioFooBar, ioctl VFIO_FOO -> kIoctlVfioFoo.

#include <cstddef>
#include <cstdint>

#include "reference/uapi/iommufd.h"

namespace iommufd_conform::uapi {

// _IO(type, nr): direction and size bits are zero, as for every VFIO ioctl.
constexpr unsigned long IoctlNumber(unsigned type, unsigned nr) { return (type << 8) | nr; }

inline constexpr unsigned kVfioType = ';';  // shared with iommufd: 0x3b
inline constexpr unsigned kVfioBase = 100;
inline constexpr int kVfioApiVersion = 0;

// ---- VFIO_CHECK_EXTENSION / VFIO_SET_IOMMU arguments ----

inline constexpr std::uint32_t kVfioType1Iommu = 1;
inline constexpr std::uint32_t kVfioSpaprTceIommu = 2;
inline constexpr std::uint32_t kVfioType1v2Iommu = 3;
inline constexpr std::uint32_t kVfioDmaCcIommu = 4;
inline constexpr std::uint32_t kVfioEeh = 5;
// Was VFIO_TYPE1_NESTING_IOMMU up to 6.12; renamed (same value) when nesting moved to iommufd.
inline constexpr std::uint32_t kVfioReservedType1NestingIommu = 6;
inline constexpr std::uint32_t kVfioSpaprTceV2Iommu = 7;
inline constexpr std::uint32_t kVfioNoiommuIommu = 8;
inline constexpr std::uint32_t kVfioUnmapAll = 9;
inline constexpr std::uint32_t kVfioUpdateVaddr = 10;

// ---- Ioctl numbers ----

inline constexpr unsigned long kIoctlVfioGetApiVersion = IoctlNumber(kVfioType, kVfioBase + 0);
inline constexpr unsigned long kIoctlVfioCheckExtension = IoctlNumber(kVfioType, kVfioBase + 1);
inline constexpr unsigned long kIoctlVfioSetIommu = IoctlNumber(kVfioType, kVfioBase + 2);
// Group ioctls (on /dev/vfio/<group>); only benchmarks of the legacy container use them.
inline constexpr unsigned long kIoctlVfioGroupGetStatus = IoctlNumber(kVfioType, kVfioBase + 3);
inline constexpr unsigned long kIoctlVfioGroupSetContainer =
    IoctlNumber(kVfioType, kVfioBase + 4);
inline constexpr unsigned long kIoctlVfioDeviceGetInfo = IoctlNumber(kVfioType, kVfioBase + 7);
// Container ioctls reuse device-ioctl numbers (12..14): they go to a different fd.
inline constexpr unsigned long kIoctlVfioIommuGetInfo = IoctlNumber(kVfioType, kVfioBase + 12);
inline constexpr unsigned long kIoctlVfioIommuMapDma = IoctlNumber(kVfioType, kVfioBase + 13);
inline constexpr unsigned long kIoctlVfioIommuUnmapDma = IoctlNumber(kVfioType, kVfioBase + 14);
inline constexpr unsigned long kIoctlVfioIommuDirtyPages = IoctlNumber(kVfioType, kVfioBase + 17);
inline constexpr unsigned long kIoctlVfioDeviceBindIommufd =
    IoctlNumber(kVfioType, kVfioBase + 18);
inline constexpr unsigned long kIoctlVfioDeviceAttachIommufdPt =
    IoctlNumber(kVfioType, kVfioBase + 19);
inline constexpr unsigned long kIoctlVfioDeviceDetachIommufdPt =
    IoctlNumber(kVfioType, kVfioBase + 20);

static_assert(kIoctlVfioGetApiVersion == 0x3b64);
static_assert(kIoctlVfioCheckExtension == 0x3b65);
static_assert(kIoctlVfioSetIommu == 0x3b66);
static_assert(kIoctlVfioGroupSetContainer == 0x3b68);
static_assert(kIoctlVfioDeviceGetInfo == 0x3b6b);
static_assert(kIoctlVfioIommuGetInfo == 0x3b70);
static_assert(kIoctlVfioIommuMapDma == 0x3b71);
static_assert(kIoctlVfioIommuUnmapDma == 0x3b72);
static_assert(kIoctlVfioIommuDirtyPages == 0x3b75);
static_assert(kIoctlVfioDeviceBindIommufd == 0x3b76);
static_assert(kIoctlVfioDeviceAttachIommufdPt == 0x3b77);
static_assert(kIoctlVfioDeviceDetachIommufdPt == 0x3b78);

// ---- A device's regions: how a test drives the device behind the IOMMU ----

inline constexpr unsigned long kIoctlVfioDeviceGetRegionInfo =
    IoctlNumber(kVfioType, kVfioBase + 8);
static_assert(kIoctlVfioDeviceGetRegionInfo == 0x3b6c);

inline constexpr std::uint32_t kVfioRegionInfoFlagRead = 1u << 0;
inline constexpr std::uint32_t kVfioRegionInfoFlagWrite = 1u << 1;
inline constexpr std::uint32_t kVfioRegionInfoFlagMmap = 1u << 2;

// vfio-pci's region indexes.
inline constexpr std::uint32_t kVfioPciBar0RegionIndex = 0;
inline constexpr std::uint32_t kVfioPciConfigRegionIndex = 7;

struct VfioRegionInfo {
  std::uint32_t argsz;
  std::uint32_t flags;
  std::uint32_t index;
  std::uint32_t cap_offset;
  std::uint64_t size;
  std::uint64_t offset;  // of the region in the device descriptor, for pread/pwrite/mmap
};
static_assert(sizeof(VfioRegionInfo) == 32);
// The same type byte as iommufd, below its command range: iommufd routes these numbers to
// its VFIO compatibility layer.
static_assert(kVfioType == kIommufdType && kVfioBase + 20 < kIommufdCmdBase);

// ---- Capability chains of the INFO ioctls ----

struct VfioInfoCapHeader {
  std::uint16_t id;
  std::uint16_t version;
  std::uint32_t next;  // offset from the start of the INFO buffer; 0 ends the chain
};

// ---- Device fd ----

inline constexpr std::uint32_t kVfioDeviceFlagsReset = 1u << 0;
inline constexpr std::uint32_t kVfioDeviceFlagsPci = 1u << 1;
inline constexpr std::uint32_t kVfioDeviceFlagsPlatform = 1u << 2;
inline constexpr std::uint32_t kVfioDeviceFlagsAmba = 1u << 3;
inline constexpr std::uint32_t kVfioDeviceFlagsCcw = 1u << 4;
inline constexpr std::uint32_t kVfioDeviceFlagsAp = 1u << 5;
inline constexpr std::uint32_t kVfioDeviceFlagsFslMc = 1u << 6;
inline constexpr std::uint32_t kVfioDeviceFlagsCaps = 1u << 7;
inline constexpr std::uint32_t kVfioDeviceFlagsCdx = 1u << 8;
// vfio-pci's fixed regions (BARs, ROM, config, VGA) and interrupt types (INTx .. REQ).
inline constexpr std::uint32_t kVfioPciNumRegions = 9;
inline constexpr std::uint32_t kVfioPciNumIrqs = 5;

struct VfioDeviceInfo {
  std::uint32_t argsz;
  std::uint32_t flags;
  std::uint32_t num_regions;
  std::uint32_t num_irqs;
  std::uint32_t cap_offset;
  std::uint32_t pad;
};

inline constexpr std::uint32_t kVfioDeviceBindFlagToken = 1u << 0;  // 7.2

struct VfioDeviceBindIommufd {
  std::uint32_t argsz;
  std::uint32_t flags;
  std::int32_t iommufd;
  std::uint32_t out_devid;
  AlignedU64 token_uuid_ptr;  // 7.2: with kVfioDeviceBindFlagToken, points to 16 bytes
};

inline constexpr std::uint32_t kVfioDeviceAttachPasid = 1u << 0;  // 7.2

struct VfioDeviceAttachIommufdPt {
  std::uint32_t argsz;
  std::uint32_t flags;
  std::uint32_t pt_id;  // in: IOAS or HWPT; out: the HWPT actually attached
  std::uint32_t pasid;  // 7.2
};

inline constexpr std::uint32_t kVfioDeviceDetachPasid = 1u << 0;  // 7.2

struct VfioDeviceDetachIommufdPt {
  std::uint32_t argsz;
  std::uint32_t flags;
  std::uint32_t pasid;  // 7.2
};

// ---- Type1 container (served by iommufd's VFIO compatibility layer) ----

inline constexpr std::uint32_t kVfioIommuInfoPgsizes = 1u << 0;
inline constexpr std::uint32_t kVfioIommuInfoCaps = 1u << 1;

struct VfioIommuType1Info {
  std::uint32_t argsz;
  std::uint32_t flags;
  AlignedU64 iova_pgsizes;
  std::uint32_t cap_offset;
  std::uint32_t pad;
};

// Capability ids in the VFIO_IOMMU_GET_INFO chain.
inline constexpr std::uint16_t kVfioIommuType1InfoCapIovaRange = 1;
inline constexpr std::uint16_t kVfioIommuType1InfoCapMigration = 2;
inline constexpr std::uint16_t kVfioIommuType1InfoDmaAvail = 3;

struct VfioIovaRange {
  std::uint64_t start;
  std::uint64_t end;  // inclusive
};

// Followed by VfioIovaRange[nr_iovas]: the kernel's flexible array member makes the struct
// 8-byte aligned, which alignas keeps without the non-standard C++ flexible array.
struct alignas(8) VfioIommuType1InfoCapIovaRange {
  VfioInfoCapHeader header;
  std::uint32_t nr_iovas;
  std::uint32_t reserved;
};

struct VfioIommuType1InfoDmaAvail {
  VfioInfoCapHeader header;
  std::uint32_t avail;
};

inline constexpr std::uint32_t kVfioDmaMapFlagRead = 1u << 0;
inline constexpr std::uint32_t kVfioDmaMapFlagWrite = 1u << 1;
inline constexpr std::uint32_t kVfioDmaMapFlagVaddr = 1u << 2;

// The kernel uses plain __u64 here (not __aligned_u64): identical on 64-bit ABIs.
struct VfioIommuType1DmaMap {
  std::uint32_t argsz;
  std::uint32_t flags;
  std::uint64_t vaddr;
  std::uint64_t iova;
  std::uint64_t size;
};

inline constexpr std::uint32_t kVfioDmaUnmapFlagGetDirtyBitmap = 1u << 0;
inline constexpr std::uint32_t kVfioDmaUnmapFlagAll = 1u << 1;
inline constexpr std::uint32_t kVfioDmaUnmapFlagVaddr = 1u << 2;

// Followed by a flexible data[] (a struct vfio_bitmap with GET_DIRTY_BITMAP).
struct VfioIommuType1DmaUnmap {
  std::uint32_t argsz;
  std::uint32_t flags;
  std::uint64_t iova;
  std::uint64_t size;  // out: bytes actually unmapped
};

// ---- Layout facts ----

static_assert(sizeof(VfioInfoCapHeader) == 8);
static_assert(offsetof(VfioInfoCapHeader, id) == 0);
static_assert(offsetof(VfioInfoCapHeader, version) == 2);
static_assert(offsetof(VfioInfoCapHeader, next) == 4);

static_assert(sizeof(VfioDeviceInfo) == 24);
static_assert(offsetof(VfioDeviceInfo, argsz) == 0);
static_assert(offsetof(VfioDeviceInfo, flags) == 4);
static_assert(offsetof(VfioDeviceInfo, num_regions) == 8);
static_assert(offsetof(VfioDeviceInfo, num_irqs) == 12);
static_assert(offsetof(VfioDeviceInfo, cap_offset) == 16);
static_assert(offsetof(VfioDeviceInfo, pad) == 20);

static_assert(sizeof(VfioDeviceBindIommufd) == 24);
static_assert(offsetof(VfioDeviceBindIommufd, argsz) == 0);
static_assert(offsetof(VfioDeviceBindIommufd, flags) == 4);
static_assert(offsetof(VfioDeviceBindIommufd, iommufd) == 8);
static_assert(offsetof(VfioDeviceBindIommufd, out_devid) == 12);
static_assert(offsetof(VfioDeviceBindIommufd, token_uuid_ptr) == 16);

static_assert(sizeof(VfioDeviceAttachIommufdPt) == 16);
static_assert(offsetof(VfioDeviceAttachIommufdPt, argsz) == 0);
static_assert(offsetof(VfioDeviceAttachIommufdPt, flags) == 4);
static_assert(offsetof(VfioDeviceAttachIommufdPt, pt_id) == 8);
static_assert(offsetof(VfioDeviceAttachIommufdPt, pasid) == 12);

static_assert(sizeof(VfioDeviceDetachIommufdPt) == 12);
static_assert(offsetof(VfioDeviceDetachIommufdPt, argsz) == 0);
static_assert(offsetof(VfioDeviceDetachIommufdPt, flags) == 4);
static_assert(offsetof(VfioDeviceDetachIommufdPt, pasid) == 8);

static_assert(sizeof(VfioIommuType1Info) == 24);
static_assert(offsetof(VfioIommuType1Info, argsz) == 0);
static_assert(offsetof(VfioIommuType1Info, flags) == 4);
static_assert(offsetof(VfioIommuType1Info, iova_pgsizes) == 8);
static_assert(offsetof(VfioIommuType1Info, cap_offset) == 16);
static_assert(offsetof(VfioIommuType1Info, pad) == 20);

static_assert(sizeof(VfioIovaRange) == 16);
static_assert(offsetof(VfioIovaRange, start) == 0);
static_assert(offsetof(VfioIovaRange, end) == 8);

static_assert(sizeof(VfioIommuType1InfoCapIovaRange) == 16);
static_assert(alignof(VfioIommuType1InfoCapIovaRange) == 8);
static_assert(offsetof(VfioIommuType1InfoCapIovaRange, header) == 0);
static_assert(offsetof(VfioIommuType1InfoCapIovaRange, nr_iovas) == 8);
static_assert(offsetof(VfioIommuType1InfoCapIovaRange, reserved) == 12);

static_assert(sizeof(VfioIommuType1InfoDmaAvail) == 12);
static_assert(offsetof(VfioIommuType1InfoDmaAvail, header) == 0);
static_assert(offsetof(VfioIommuType1InfoDmaAvail, avail) == 8);

static_assert(sizeof(VfioIommuType1DmaMap) == 32);
static_assert(offsetof(VfioIommuType1DmaMap, argsz) == 0);
static_assert(offsetof(VfioIommuType1DmaMap, flags) == 4);
static_assert(offsetof(VfioIommuType1DmaMap, vaddr) == 8);
static_assert(offsetof(VfioIommuType1DmaMap, iova) == 16);
static_assert(offsetof(VfioIommuType1DmaMap, size) == 24);

static_assert(sizeof(VfioIommuType1DmaUnmap) == 24);
static_assert(offsetof(VfioIommuType1DmaUnmap, argsz) == 0);
static_assert(offsetof(VfioIommuType1DmaUnmap, flags) == 4);
static_assert(offsetof(VfioIommuType1DmaUnmap, iova) == 8);
static_assert(offsetof(VfioIommuType1DmaUnmap, size) == 16);

}  // namespace iommufd_conform::uapi

#endif  // IOMMUFD_CONFORM_REFERENCE_UAPI_VFIO_H_
