#ifndef IOMMUFD_CONFORM_REFERENCE_UAPI_IOMMUFD_TEST_H_
#define IOMMUFD_CONFORM_REFERENCE_UAPI_IOMMUFD_TEST_H_

// Our own definitions of the IOMMU_TEST_CMD ABI of the selftest mock driver
// (CONFIG_IOMMUFD_TEST; kernel source drivers/iommu/iommufd/iommufd_test.h), as of 7.2/7.3,
// which are identical. This is not a stable uAPI: it changes whenever the selftests need it.
//
// What differs on 6.12 (checked by `abi check --version 6.12` via abi_catalog.cc):
//  - struct iommu_test_cmd is the same 72 bytes, and every union member 6.12 has sits at the
//    same offsets; 6.12 lacks the union members of ops 16..23 (check_dev_cache ..
//    dmabuf_revoke). Unknown ops fail with EOPNOTSUPP there.
//  - Device flags: 6.12 accepts NO_DIRTY | HUGE_IOVA (bit 1); 7.2 replaced HUGE_IOVA with
//    PASID (bit 2). Each kernel rejects the other's bit with EINVAL in MOCK_DOMAIN_FLAGS.
//  - struct iommu_hwpt_selftest is 4 bytes on 6.12 (no pagetable_type).
//  - 6.12 lacks MOCK_PAGE_SIZE/MOCK_HUGE_PAGE_SIZE, MOCK_IOMMUPT_*, the dev-cache, PASID,
//    vIOMMU, vEVENTQ and HW-queue selftest constants and structs (marked 7.2 in the catalog).

#include <cstddef>
#include <cstdint>

#include "reference/uapi/iommufd.h"

namespace iommufd_conform::uapi {

// _IO(';', IOMMUFD_CMD_BASE + 32); only dispatched with CONFIG_IOMMUFD_TEST.
inline constexpr unsigned long kIoctlTestCmd = 0x3ba0;

enum IommuTestOp : std::uint32_t {
  kIommuTestOpAddReserved = 1,
  kIommuTestOpMockDomain = 2,
  kIommuTestOpMdCheckMap = 3,
  kIommuTestOpMdCheckRefs = 4,
  kIommuTestOpCreateAccess = 5,
  kIommuTestOpDestroyAccessPages = 6,
  kIommuTestOpAccessPages = 7,
  kIommuTestOpAccessRw = 8,
  kIommuTestOpSetTempMemoryLimit = 9,
  kIommuTestOpMockDomainReplace = 10,
  kIommuTestOpAccessReplaceIoas = 11,
  kIommuTestOpMockDomainFlags = 12,
  kIommuTestOpDirty = 13,
  kIommuTestOpMdCheckIotlb = 14,
  kIommuTestOpTriggerIopf = 15,
  kIommuTestOpDevCheckCache = 16,  // 16..23: 7.2
  kIommuTestOpTriggerVevent = 17,
  kIommuTestOpPasidAttach = 18,
  kIommuTestOpPasidReplace = 19,
  kIommuTestOpPasidDetach = 20,
  kIommuTestOpPasidCheckHwpt = 21,
  kIommuTestOpDmabufGet = 22,
  kIommuTestOpDmabufRevoke = 23,
};

// iommu_hwpt_selftest.pagetable_type (7.2).
enum MockIommupt : std::uint32_t {
  kMockIommuptDefault = 0,
  kMockIommuptHuge = 1,  // only MOCK_HUGE_PAGE_SIZE pages
};

// The mock domain's aperture and page sizes (MOCK_IOMMUPT_DEFAULT).
inline constexpr std::uint64_t kMockApertureStart = 1ull << 24;
inline constexpr std::uint64_t kMockApertureLast = (1ull << 31) - 1;
inline constexpr std::uint64_t kMockPageSize = 2048;                     // 7.2
inline constexpr std::uint64_t kMockHugePageSize = 512 * kMockPageSize;  // 7.2

// access_pages.flags
inline constexpr std::uint32_t kMockFlagsAccessWrite = 1u << 0;
// Treat iova as (nth area, offset) so a fuzzer can reach mapped IOVAs (also access_rw).
inline constexpr std::uint32_t kMockFlagsAccessSyz = 1u << 16;
// access_rw.flags
inline constexpr std::uint32_t kMockAccessRwWrite = 1u << 0;
inline constexpr std::uint32_t kMockAccessRwSlowPath = 1u << 2;
// create_access.flags
inline constexpr std::uint32_t kMockFlagsAccessCreateNeedsPinPages = 1u << 0;
// mock_domain_flags.dev_flags
inline constexpr std::uint32_t kMockFlagsDeviceNoDirty = 1u << 0;
inline constexpr std::uint32_t kMockFlagsDeviceHugeIova = 1u << 1;  // 6.12 only
inline constexpr std::uint32_t kMockFlagsDevicePasid = 1u << 2;     // 7.2

inline constexpr std::uint32_t kMockNestedDomainIotlbIdMax = 3;
inline constexpr std::uint32_t kMockNestedDomainIotlbNum = 4;
inline constexpr std::uint32_t kMockDevCacheIdMax = 3;  // 7.2
inline constexpr std::uint32_t kMockDevCacheNum = 4;    // 7.2

// A PASID whose replace fails with ENOMEM, to test the error unwind (7.2).
inline constexpr std::uint32_t kIommuTestPasidReserved = 1024;
inline constexpr std::uint32_t kMockPasidWidth = 20;  // 7.2

struct IommuTestCmd {
  // One struct per op family; the op selects which union member is meaningful.
  struct AddReserved {
    AlignedU64 start;
    AlignedU64 length;
  };
  struct MockDomain {
    std::uint32_t out_stdev_id;
    std::uint32_t out_hwpt_id;
    std::uint32_t out_idev_id;  // the standard iommufd device id
  };
  struct MockDomainFlags {
    std::uint32_t out_stdev_id;
    std::uint32_t out_hwpt_id;
    std::uint32_t out_idev_id;
    std::uint32_t dev_flags;
  };
  struct MockDomainReplace {
    std::uint32_t pt_id;
  };
  struct CheckMap {
    AlignedU64 iova;
    AlignedU64 length;
    AlignedU64 uptr;
  };
  struct CheckRefs {
    AlignedU64 length;
    AlignedU64 uptr;
    std::uint32_t refs;
  };
  struct CreateAccess {
    std::uint32_t out_access_fd;
    std::uint32_t flags;
  };
  struct DestroyAccessPages {
    std::uint32_t access_pages_id;
  };
  struct AccessPages {
    std::uint32_t flags;
    std::uint32_t out_access_pages_id;
    AlignedU64 iova;
    AlignedU64 length;
    AlignedU64 uptr;
  };
  struct AccessRw {
    AlignedU64 iova;
    AlignedU64 length;
    AlignedU64 uptr;
    std::uint32_t flags;
  };
  struct MemoryLimit {
    std::uint32_t limit;
  };
  struct AccessReplaceIoas {
    std::uint32_t ioas_id;
  };
  struct Dirty {
    std::uint32_t flags;
    AlignedU64 iova;
    AlignedU64 length;
    AlignedU64 page_size;
    AlignedU64 uptr;
    AlignedU64 out_nr_dirty;
  };
  struct CheckIotlb {
    std::uint32_t id;
    std::uint32_t iotlb;
  };
  struct TriggerIopf {
    std::uint32_t dev_id;
    std::uint32_t pasid;
    std::uint32_t grpid;
    std::uint32_t perm;
    std::uint64_t addr;  // plain __u64 in the kernel; already 8-aligned here
  };
  struct CheckDevCache {
    std::uint32_t id;
    std::uint32_t cache;
  };
  struct TriggerVevent {
    std::uint32_t dev_id;
  };
  // The PASID ops take the selftest device (stdev) id in `id`.
  struct PasidAttach {
    std::uint32_t pasid;
    std::uint32_t pt_id;
  };
  struct PasidReplace {
    std::uint32_t pasid;
    std::uint32_t pt_id;
  };
  struct PasidDetach {
    std::uint32_t pasid;
  };
  struct PasidCheck {
    std::uint32_t pasid;
    std::uint32_t hwpt_id;  // 0: expect detached
  };
  struct DmabufGet {
    std::uint32_t length;
    std::uint32_t open_flags;
  };
  struct DmabufRevoke {
    std::int32_t dmabuf_fd;
    std::uint32_t revoked;
  };

  std::uint32_t size;
  std::uint32_t op;
  std::uint32_t id;
  std::uint32_t reserved;
  union {
    AddReserved add_reserved;
    MockDomain mock_domain;
    MockDomainFlags mock_domain_flags;
    MockDomainReplace mock_domain_replace;
    CheckMap check_map;
    CheckRefs check_refs;
    CreateAccess create_access;
    DestroyAccessPages destroy_access_pages;
    AccessPages access_pages;
    AccessRw access_rw;
    MemoryLimit memory_limit;
    AccessReplaceIoas access_replace_ioas;
    Dirty dirty;
    CheckIotlb check_iotlb;
    TriggerIopf trigger_iopf;
    CheckDevCache check_dev_cache;  // this and below: 7.2
    TriggerVevent trigger_vevent;
    PasidAttach pasid_attach;
    PasidReplace pasid_replace;
    PasidDetach pasid_detach;
    PasidCheck pasid_check;
    DmabufGet dmabuf_get;
    DmabufRevoke dmabuf_revoke;
  };
  std::uint32_t last;
};

// ---- Mock driver data for the real ioctls ----

// IOMMU_GET_HW_INFO on a mock device reports this type and register value.
inline constexpr std::uint32_t kIommuHwInfoTypeSelftest = 0xfeedbeef;
inline constexpr std::uint32_t kIommuHwInfoSelftestRegval = 0xdeadbeef;

struct IommuTestHwInfo {
  std::uint32_t flags;
  std::uint32_t test_reg;
};

// IOMMU_HWPT_ALLOC data_type for a mock nested domain.
inline constexpr std::uint32_t kIommuHwptDataSelftest = 0xdead;
inline constexpr std::uint32_t kIommuTestIotlbDefault = 0xbadbeef;
inline constexpr std::uint32_t kIommuTestDevCacheDefault = 0xbaddad;  // 7.2

struct IommuHwptSelftest {
  std::uint32_t iotlb;           // kIommuTestIotlbDefault
  std::uint32_t pagetable_type;  // 7.2: MockIommupt
};

// IOMMU_HWPT_INVALIDATE data_type for the mock nested domain; _INVALID is a deliberately
// unsupported type.
inline constexpr std::uint32_t kIommuHwptInvalidateDataSelftest = 0xdeadbeef;
inline constexpr std::uint32_t kIommuHwptInvalidateDataSelftestInvalid = 0xdadbeef;
// Invalidate every entry; the id is ignored.
inline constexpr std::uint32_t kIommuTestInvalidateFlagAll = 1u << 0;

struct IommuHwptInvalidateSelftest {
  std::uint32_t flags;
  std::uint32_t iotlb_id;
};

// ---- Mock vIOMMU, vEVENTQ and HW queue (7.2) ----

inline constexpr std::uint32_t kIommuViommuTypeSelftest = 0xdeadbeef;

// IOMMU_VIOMMU_ALLOC data: out_data echoes in_data; out_mmap_* describe a region the
// iommufd fd can mmap.
struct IommuViommuSelftest {
  std::uint32_t in_data;
  std::uint32_t out_data;
  AlignedU64 out_mmap_offset;
  AlignedU64 out_mmap_length;
};

inline constexpr std::uint32_t kIommuViommuInvalidateDataSelftest = 0xdeadbeef;
inline constexpr std::uint32_t kIommuViommuInvalidateDataSelftestInvalid = 0xdadbeef;

struct IommuViommuInvalidateSelftest {
  std::uint32_t flags;  // kIommuTestInvalidateFlagAll
  std::uint32_t vdev_id;
  std::uint32_t cache_id;
};

inline constexpr std::uint32_t kIommuVeventqTypeSelftest = 0xbeefbeef;

// The vEVENT record TRIGGER_VEVENT queues (after an IommufdVeventHeader).
struct IommuViommuEventSelftest {
  std::uint32_t virt_id;
};

inline constexpr std::uint32_t kIommuHwQueueTypeSelftest = 0xdeadbeef;
inline constexpr std::uint32_t kIommuTestHwQueueMax = 2;

// ---- Layout facts ----

static_assert(sizeof(IommuTestCmd) == 72);
static_assert(offsetof(IommuTestCmd, size) == 0);
static_assert(offsetof(IommuTestCmd, op) == 4);
static_assert(offsetof(IommuTestCmd, id) == 8);
static_assert(offsetof(IommuTestCmd, reserved) == 12);
static_assert(offsetof(IommuTestCmd, add_reserved.start) == 16);
static_assert(offsetof(IommuTestCmd, add_reserved.length) == 24);
static_assert(offsetof(IommuTestCmd, mock_domain.out_stdev_id) == 16);
static_assert(offsetof(IommuTestCmd, mock_domain.out_hwpt_id) == 20);
static_assert(offsetof(IommuTestCmd, mock_domain.out_idev_id) == 24);
static_assert(offsetof(IommuTestCmd, mock_domain_flags.out_stdev_id) == 16);
static_assert(offsetof(IommuTestCmd, mock_domain_flags.out_hwpt_id) == 20);
static_assert(offsetof(IommuTestCmd, mock_domain_flags.out_idev_id) == 24);
static_assert(offsetof(IommuTestCmd, mock_domain_flags.dev_flags) == 28);
static_assert(offsetof(IommuTestCmd, mock_domain_replace.pt_id) == 16);
static_assert(offsetof(IommuTestCmd, check_map.iova) == 16);
static_assert(offsetof(IommuTestCmd, check_map.length) == 24);
static_assert(offsetof(IommuTestCmd, check_map.uptr) == 32);
static_assert(offsetof(IommuTestCmd, check_refs.length) == 16);
static_assert(offsetof(IommuTestCmd, check_refs.uptr) == 24);
static_assert(offsetof(IommuTestCmd, check_refs.refs) == 32);
static_assert(offsetof(IommuTestCmd, create_access.out_access_fd) == 16);
static_assert(offsetof(IommuTestCmd, create_access.flags) == 20);
static_assert(offsetof(IommuTestCmd, destroy_access_pages.access_pages_id) == 16);
static_assert(offsetof(IommuTestCmd, access_pages.flags) == 16);
static_assert(offsetof(IommuTestCmd, access_pages.out_access_pages_id) == 20);
static_assert(offsetof(IommuTestCmd, access_pages.iova) == 24);
static_assert(offsetof(IommuTestCmd, access_pages.length) == 32);
static_assert(offsetof(IommuTestCmd, access_pages.uptr) == 40);
static_assert(offsetof(IommuTestCmd, access_rw.iova) == 16);
static_assert(offsetof(IommuTestCmd, access_rw.length) == 24);
static_assert(offsetof(IommuTestCmd, access_rw.uptr) == 32);
static_assert(offsetof(IommuTestCmd, access_rw.flags) == 40);
static_assert(offsetof(IommuTestCmd, memory_limit.limit) == 16);
static_assert(offsetof(IommuTestCmd, access_replace_ioas.ioas_id) == 16);
static_assert(offsetof(IommuTestCmd, dirty.flags) == 16);
static_assert(offsetof(IommuTestCmd, dirty.iova) == 24);
static_assert(offsetof(IommuTestCmd, dirty.length) == 32);
static_assert(offsetof(IommuTestCmd, dirty.page_size) == 40);
static_assert(offsetof(IommuTestCmd, dirty.uptr) == 48);
static_assert(offsetof(IommuTestCmd, dirty.out_nr_dirty) == 56);
static_assert(offsetof(IommuTestCmd, check_iotlb.id) == 16);
static_assert(offsetof(IommuTestCmd, check_iotlb.iotlb) == 20);
static_assert(offsetof(IommuTestCmd, trigger_iopf.dev_id) == 16);
static_assert(offsetof(IommuTestCmd, trigger_iopf.pasid) == 20);
static_assert(offsetof(IommuTestCmd, trigger_iopf.grpid) == 24);
static_assert(offsetof(IommuTestCmd, trigger_iopf.perm) == 28);
static_assert(offsetof(IommuTestCmd, trigger_iopf.addr) == 32);
static_assert(offsetof(IommuTestCmd, check_dev_cache.id) == 16);
static_assert(offsetof(IommuTestCmd, check_dev_cache.cache) == 20);
static_assert(offsetof(IommuTestCmd, trigger_vevent.dev_id) == 16);
static_assert(offsetof(IommuTestCmd, pasid_attach.pasid) == 16);
static_assert(offsetof(IommuTestCmd, pasid_attach.pt_id) == 20);
static_assert(offsetof(IommuTestCmd, pasid_replace.pasid) == 16);
static_assert(offsetof(IommuTestCmd, pasid_replace.pt_id) == 20);
static_assert(offsetof(IommuTestCmd, pasid_detach.pasid) == 16);
static_assert(offsetof(IommuTestCmd, pasid_check.pasid) == 16);
static_assert(offsetof(IommuTestCmd, pasid_check.hwpt_id) == 20);
static_assert(offsetof(IommuTestCmd, dmabuf_get.length) == 16);
static_assert(offsetof(IommuTestCmd, dmabuf_get.open_flags) == 20);
static_assert(offsetof(IommuTestCmd, dmabuf_revoke.dmabuf_fd) == 16);
static_assert(offsetof(IommuTestCmd, dmabuf_revoke.revoked) == 20);
static_assert(offsetof(IommuTestCmd, last) == 64);

static_assert(sizeof(IommuTestHwInfo) == 8);
static_assert(offsetof(IommuTestHwInfo, flags) == 0);
static_assert(offsetof(IommuTestHwInfo, test_reg) == 4);

static_assert(sizeof(IommuHwptSelftest) == 8);
static_assert(offsetof(IommuHwptSelftest, iotlb) == 0);
static_assert(offsetof(IommuHwptSelftest, pagetable_type) == 4);

static_assert(sizeof(IommuHwptInvalidateSelftest) == 8);
static_assert(offsetof(IommuHwptInvalidateSelftest, flags) == 0);
static_assert(offsetof(IommuHwptInvalidateSelftest, iotlb_id) == 4);

static_assert(sizeof(IommuViommuSelftest) == 24);
static_assert(offsetof(IommuViommuSelftest, in_data) == 0);
static_assert(offsetof(IommuViommuSelftest, out_data) == 4);
static_assert(offsetof(IommuViommuSelftest, out_mmap_offset) == 8);
static_assert(offsetof(IommuViommuSelftest, out_mmap_length) == 16);

static_assert(sizeof(IommuViommuInvalidateSelftest) == 12);
static_assert(offsetof(IommuViommuInvalidateSelftest, flags) == 0);
static_assert(offsetof(IommuViommuInvalidateSelftest, vdev_id) == 4);
static_assert(offsetof(IommuViommuInvalidateSelftest, cache_id) == 8);

static_assert(sizeof(IommuViommuEventSelftest) == 4);
static_assert(offsetof(IommuViommuEventSelftest, virt_id) == 0);

}  // namespace iommufd_conform::uapi

#endif  // IOMMUFD_CONFORM_REFERENCE_UAPI_IOMMUFD_TEST_H_
