#ifndef IOMMUFD_CONFORM_REFERENCE_MODEL_PROFILE_H_
#define IOMMUFD_CONFORM_REFERENCE_MODEL_PROFILE_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "reference/model/model_fault.h"

namespace iommufd_conform::model {

// The kernel lines the model speaks for. Behaviour that changed between them is looked up
// here, by property, never by comparing versions at the call site.
enum class KernelVersion { k6_12, k7_2, k7_3 };

// Which IOMMU the devices sit behind. `none` means: no real device, mock devices only.
enum class Platform { kNone, kVtd, kSmmuV3, kAmdVi, kVirtio };

constexpr uint32_t PlatformBit(Platform platform) { return 1u << static_cast<unsigned>(platform); }

// What the selftest mock driver (CONFIG_IOMMUFD_TEST) does differently between kernels.
struct MockDriverProfile {
  // The highest IOMMU_TEST_CMD op it knows.
  unsigned last_test_op;
  // The dev_flags MOCK_DOMAIN_FLAGS accepts (kMockFlagsDevice*).
  uint32_t device_flags;
  // sizeof(struct iommu_hwpt_selftest), and whether a paging HWPT takes it to choose its
  // pagetable_type.
  uint32_t hwpt_data_size;
  bool paging_hwpt_data;
  // The platforms (PlatformBit) beside whose IOMMU driver MOCK_DOMAIN refuses every device
  // with EINVAL: 6.12 in vtd and amd guests, not beside virtio-iommu or SMMUv3.
  uint32_t refused_on_platforms;
  // The page sizes of its default paging domain (VFIO_IOMMU_GET_INFO's iova_pgsizes).
  uint64_t page_sizes;
  // Capabilities every mock device reports, besides dirty tracking.
  uint64_t hw_capabilities;
  // TEST_OP_DIRTY: whether bit i dirties the PTE at iova + i * page_size and counts every
  // set bit (7.2), or the PTE at index iova / page_size + i in mock pages, counting only
  // mapped ones (6.12: right only for page_size == the mock page size).
  bool dirty_op_by_iova;
  // MD_CHECK_MAP: whether the iova/length/uptr alignment is checked before the HWPT is looked
  // up (6.12: EINVAL for any id) or after (7.2: ENOENT first).
  bool check_map_args_first;
  // The most bits TEST_OP_DIRTY takes (more is EOVERFLOW, before the HWPT lookup); 0: no
  // such check (6.12).
  uint64_t dirty_op_max_bits = 0;
  // Whether DMABUF_GET returns the new dmabuf's descriptor (7.2), or 0 while still
  // installing it (7.3: the caller cannot learn its number).
  bool dmabuf_get_returns_fd = false;
};

struct KernelProfile {
  KernelVersion version;
  // The highest iommufd command number (0x80-based) this kernel serves.
  unsigned last_ioctl_nr;
  // IOMMU_HWPT_ALLOC flags for a paging HWPT and for a nested one.
  uint32_t paging_hwpt_flags;
  uint32_t nested_hwpt_flags;
  // IOMMU_GET_HW_INFO flags it knows.
  uint32_t hw_info_flags;
  // Whether IOMMU_HWPT_GET_DIRTY_BITMAP still reports bits while tracking is off, and
  // whether it refuses length 0 with EINVAL (7.3) rather than let length - 1 wrap.
  bool dirty_bits_while_disabled;
  bool dirty_bitmap_rejects_empty;
  // Whether IOMMU_HWPT_INVALIDATE looks its id up as any object (a nested HWPT or a vIOMMU;
  // others are EINVAL), or as a nested HWPT only (others are ENOENT, 6.12).
  bool invalidate_any_object;
  // The deepest vEVENTQ IOMMU_VEVENTQ_ALLOC accepts.
  uint32_t veventq_max_depth;
  // The out_capabilities bits GET_HW_INFO can report for a platform device.
  uint64_t hw_capabilities;
  // The platform IOMMU drivers (bits 1 << IOMMU_HW_INFO_TYPE_*) with iommufd support: they
  // fill GET_HW_INFO and allocate nest parents. Behind any other driver a device reports type
  // NONE and no data, and only plain paging flags are taken (AMD-Vi and SMMUv3 on 6.12).
  uint32_t iommufd_drivers;
  // VFIO cdev: whether BIND takes VFIO_DEVICE_BIND_FLAG_TOKEN, and ATTACH/DETACH a PASID.
  bool vfio_bind_token;
  bool vfio_attach_pasid;
  MockDriverProfile mock;
  // Whether /dev/iommu has an mmap handler (for HW-queue regions, 7.2): then a mapping
  // must be shared (EINVAL) and not executable (EPERM), and an offset nothing was handed
  // out at is ENXIO. Without one, every mmap is ENODEV.
  bool file_mmap = true;
};


struct ModelConfig {
  KernelProfile kernel;
  Platform platform = Platform::kNone;
  uint64_t page_size = 4096;
  // A deliberate bug to imitate (suites/faults); kNone but in the model-fault test.
  ModelFault fault = ModelFault::kNone;
};

std::optional<KernelProfile> KernelProfileFor(std::string_view version);  // "6.12", "7.2", ...
std::optional<Platform> ParsePlatform(std::string_view name);             // "none", "vtd", ...
std::string_view PlatformName(Platform platform);

}  // namespace iommufd_conform::model

#endif  // IOMMUFD_CONFORM_REFERENCE_MODEL_PROFILE_H_
