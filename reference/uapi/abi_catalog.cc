#include "reference/uapi/abi_catalog.h"

#include <algorithm>
#include <iterator>
#include <utility>
#include <vector>

#include "reference/uapi/description_checks.h"
#include "reference/uapi/ioctl_descriptions.h"
#include "reference/uapi/iommufd.h"
#include "reference/uapi/iommufd_test.h"
#include "reference/uapi/vfio.h"

namespace iommufd_conform::uapi {
namespace {

constexpr VersionRange kAll{};
constexpr VersionRange kSince7_2{KernelVersion::k7_2};
constexpr VersionRange kSince7_3{KernelVersion::k7_3};
constexpr VersionRange kOnly6_12{KernelVersion::k6_12, KernelVersion::k6_12};

constexpr std::size_t AlignUp(std::size_t value, std::size_t align) {
  return (value + align - 1) / align * align;
}

// True if `fields`, in declaration order, account for every byte of a struct of `size` and
// `align`: each field starts where the previous one ended plus alignment padding, the fields
// of union members ("member.field") restart at the union's offset, and the struct ends after
// the last field plus tail padding. A field missing from the list breaks that chain, so it
// cannot go unnoticed (short of a whole union member that does not grow the union). A
// flexible array must come last.
constexpr bool CoversLayout(std::span<const FieldEntry> fields, std::size_t size,
                            std::size_t align) {
  std::size_t end = 0;
  const FieldEntry* previous = nullptr;
  bool flexible_seen = false;
  bool in_union = false;
  std::string_view member;
  std::size_t union_offset = 0, union_end = 0, union_align = 1, member_end = 0;
  for (const FieldEntry& field : fields) {
    if (field.aliases_previous) {
      if (!previous || field.offset != previous->offset || field.size != previous->size) {
        return false;
      }
      continue;
    }
    if (flexible_seen) return false;
    flexible_seen = field.flexible_array;
    std::size_t dot = field.name.find('.');
    if (dot == std::string_view::npos) {
      if (in_union) end = AlignUp(union_end, union_align);
      in_union = false;
      if (field.offset != AlignUp(end, field.align)) return false;
      end = field.offset + (field.flexible_array ? 0 : field.size);
    } else {
      if (!in_union) {
        in_union = true;
        union_offset = union_end = AlignUp(end, field.align);
        union_align = 1;
        member = {};
      }
      if (field.name.substr(0, dot) != member) {
        member = field.name.substr(0, dot);
        member_end = union_offset;
      }
      if (field.offset != AlignUp(member_end, field.align)) return false;
      member_end = field.offset + field.size;
      union_end = std::max(union_end, member_end);
      union_align = std::max(union_align, field.align);
    }
    previous = &field;
  }
  if (in_union) end = AlignUp(union_end, union_align);
  return AlignUp(end, align) == size;
}

// CATALOG_STRUCT(Type, "kernel_name", header, versions, fields...) defines Type##Catalog::kEntry
// and proves at compile time that the listed fields cover Type. Inside, F(field[, versions])
// lists a field whose kernel name is the same, R(field, "kernel_name"[, versions]) one the
// kernel spells differently (`__reserved`), A(field, versions) an anonymous-union alias,
// FLEX(name, Element) a trailing flexible array `Element name[]` that our struct omits.
//
// decltype of a member access is the member's declared type, keeping AlignedU64's attribute
// (a template such as std::remove_cvref_t would drop it).
#define IOMMUFD_CONFORM_FIELD_TYPE(field) decltype(std::declval<Self&>().field)
#define R(field, kernel_name, ...)                                                          \
  FieldEntry {                                                                              \
    #field, kernel_name, offsetof(Self, field), sizeof(IOMMUFD_CONFORM_FIELD_TYPE(field)), \
        alignof(IOMMUFD_CONFORM_FIELD_TYPE(field)) __VA_OPT__(, ) __VA_ARGS__               \
  }
#define F(field, ...) R(field, #field __VA_OPT__(, ) __VA_ARGS__)
#define A(field, versions)                                                             \
  FieldEntry {                                                                         \
    #field, #field, offsetof(Self, field), sizeof(IOMMUFD_CONFORM_FIELD_TYPE(field)), \
        alignof(IOMMUFD_CONFORM_FIELD_TYPE(field)), versions, true                     \
  }
#define FLEX(name, Element) \
  FieldEntry { #name, #name, sizeof(Self), sizeof(Element), alignof(Element), kAll, false, true }
#define CATALOG_STRUCT(Type, kernel_name, header, versions, ...)                      \
  namespace Type##Catalog {                                                           \
  using Self = Type;                                                                  \
  constexpr FieldEntry kFields[] = {__VA_ARGS__};                                     \
  static_assert(CoversLayout(kFields, sizeof(Type), alignof(Type)),                   \
                #Type ": a field is missing from the ABI catalog (or out of order)"); \
  constexpr StructEntry kEntry{#Type,         kernel_name, KernelHeader::header,      \
                               sizeof(Type),  alignof(Type), versions,                \
                               kFields};                                              \
  }

// ---- <linux/iommufd.h> ----

CATALOG_STRUCT(IommuDestroy, "iommu_destroy", kIommufd, kAll, F(size), F(id))
CATALOG_STRUCT(IommuIoasAlloc, "iommu_ioas_alloc", kIommufd, kAll, F(size), F(flags),
               F(out_ioas_id))
CATALOG_STRUCT(IommuIovaRange, "iommu_iova_range", kIommufd, kAll, F(start), F(last))
CATALOG_STRUCT(IommuIoasIovaRanges, "iommu_ioas_iova_ranges", kIommufd, kAll, F(size),
               F(ioas_id), F(num_iovas), R(reserved, "__reserved"), F(allowed_iovas),
               F(out_iova_alignment))
CATALOG_STRUCT(IommuIoasAllowIovas, "iommu_ioas_allow_iovas", kIommufd, kAll, F(size),
               F(ioas_id), F(num_iovas), R(reserved, "__reserved"), F(allowed_iovas))
CATALOG_STRUCT(IommuIoasMap, "iommu_ioas_map", kIommufd, kAll, F(size), F(flags), F(ioas_id),
               R(reserved, "__reserved"), F(user_va), F(length), F(iova))
CATALOG_STRUCT(IommuIoasNoiommuGetPa, "iommu_ioas_noiommu_get_pa", kIommufd, kSince7_3,
               F(size), F(flags), F(ioas_id), R(reserved, "__reserved"), F(iova), F(length),
               F(out_phys))
CATALOG_STRUCT(IommuIoasMapFile, "iommu_ioas_map_file", kIommufd, kSince7_2, F(size),
               F(flags), F(ioas_id), F(fd), F(start), F(length), F(iova))
CATALOG_STRUCT(IommuIoasCopy, "iommu_ioas_copy", kIommufd, kAll, F(size), F(flags),
               F(dst_ioas_id), F(src_ioas_id), F(length), F(dst_iova), F(src_iova))
CATALOG_STRUCT(IommuIoasUnmap, "iommu_ioas_unmap", kIommufd, kAll, F(size), F(ioas_id),
               F(iova), F(length))
CATALOG_STRUCT(IommuOption, "iommu_option", kIommufd, kAll, F(size), F(option_id), F(op),
               R(reserved, "__reserved"), F(object_id), F(val64))
CATALOG_STRUCT(IommuVfioIoas, "iommu_vfio_ioas", kIommufd, kAll, F(size), F(ioas_id), F(op),
               R(reserved, "__reserved"))
CATALOG_STRUCT(IommuHwptVtdS1, "iommu_hwpt_vtd_s1", kIommufd, kAll, F(flags), F(pgtbl_addr),
               F(addr_width), R(reserved, "__reserved"))
CATALOG_STRUCT(IommuHwptArmSmmuv3, "iommu_hwpt_arm_smmuv3", kIommufd, kSince7_2, F(ste))
CATALOG_STRUCT(IommuHwptAmdGuest, "iommu_hwpt_amd_guest", kIommufd, kSince7_2, F(dte))
CATALOG_STRUCT(IommuHwptAlloc, "iommu_hwpt_alloc", kIommufd, kAll, F(size), F(flags),
               F(dev_id), F(pt_id), F(out_hwpt_id), R(reserved, "__reserved"), F(data_type),
               F(data_len), F(data_uptr), F(fault_id), R(reserved2, "__reserved2"))
CATALOG_STRUCT(IommuHwInfoVtd, "iommu_hw_info_vtd", kIommufd, kAll, F(flags),
               R(reserved, "__reserved"), F(cap_reg), F(ecap_reg))
CATALOG_STRUCT(IommuHwInfoArmSmmuv3, "iommu_hw_info_arm_smmuv3", kIommufd, kSince7_2,
               F(flags), R(reserved, "__reserved"), F(idr), F(iidr), F(aidr))
CATALOG_STRUCT(IommuHwInfoTegra241Cmdqv, "iommu_hw_info_tegra241_cmdqv", kIommufd, kSince7_2,
               F(flags), F(version), F(log2vcmdqs), F(log2vsids), R(reserved, "__reserved"))
CATALOG_STRUCT(IommuHwInfoAmd, "iommu_hw_info_amd", kIommufd, kSince7_2, F(efr), F(efr2))
CATALOG_STRUCT(IommuHwInfo, "iommu_hw_info", kIommufd, kAll, F(size), F(flags), F(dev_id),
               F(data_len), F(data_uptr), F(out_data_type), A(in_data_type, kSince7_2),
               F(out_max_pasid_log2), R(reserved, "__reserved"), F(out_capabilities))
CATALOG_STRUCT(IommuHwptSetDirtyTracking, "iommu_hwpt_set_dirty_tracking", kIommufd, kAll,
               F(size), F(flags), F(hwpt_id), R(reserved, "__reserved"))
CATALOG_STRUCT(IommuHwptGetDirtyBitmap, "iommu_hwpt_get_dirty_bitmap", kIommufd, kAll,
               F(size), F(hwpt_id), F(flags), R(reserved, "__reserved"), F(iova), F(length),
               F(page_size), F(data))
CATALOG_STRUCT(IommuHwptVtdS1Invalidate, "iommu_hwpt_vtd_s1_invalidate", kIommufd, kAll,
               F(addr), F(npages), F(flags), R(reserved, "__reserved"))
CATALOG_STRUCT(IommuViommuArmSmmuv3Invalidate, "iommu_viommu_arm_smmuv3_invalidate",
               kIommufd, kSince7_2, F(cmd))
CATALOG_STRUCT(IommuHwptInvalidate, "iommu_hwpt_invalidate", kIommufd, kAll, F(size),
               F(hwpt_id), F(data_uptr), F(data_type), F(entry_len), F(entry_num),
               R(reserved, "__reserved"))
CATALOG_STRUCT(IommuHwptPgfault, "iommu_hwpt_pgfault", kIommufd, kAll, F(flags), F(dev_id),
               F(pasid), F(grpid), F(perm), R(reserved, "__reserved"), F(addr), F(length),
               F(cookie))
CATALOG_STRUCT(IommuHwptPageResponse, "iommu_hwpt_page_response", kIommufd, kAll, F(cookie),
               F(code))
CATALOG_STRUCT(IommuFaultAlloc, "iommu_fault_alloc", kIommufd, kAll, F(size), F(flags),
               F(out_fault_id), F(out_fault_fd))
CATALOG_STRUCT(IommuViommuTegra241Cmdqv, "iommu_viommu_tegra241_cmdqv", kIommufd, kSince7_2,
               F(out_vintf_mmap_offset), F(out_vintf_mmap_length))
CATALOG_STRUCT(IommuViommuAlloc, "iommu_viommu_alloc", kIommufd, kSince7_2, F(size), F(flags),
               F(type), F(dev_id), F(hwpt_id), F(out_viommu_id), F(data_len),
               R(reserved, "__reserved"), F(data_uptr))
CATALOG_STRUCT(IommuVdeviceAlloc, "iommu_vdevice_alloc", kIommufd, kSince7_2, F(size),
               F(viommu_id), F(dev_id), F(out_vdevice_id), F(virt_id))
CATALOG_STRUCT(IommuIoasChangeProcess, "iommu_ioas_change_process", kIommufd, kSince7_2,
               F(size), R(reserved, "__reserved"))
CATALOG_STRUCT(IommufdVeventHeader, "iommufd_vevent_header", kIommufd, kSince7_2, F(flags),
               F(sequence))
CATALOG_STRUCT(IommuVeventArmSmmuv3, "iommu_vevent_arm_smmuv3", kIommufd, kSince7_2, F(evt))
CATALOG_STRUCT(IommuVeventTegra241Cmdqv, "iommu_vevent_tegra241_cmdqv", kIommufd, kSince7_2,
               F(lvcmdq_err_map))
CATALOG_STRUCT(IommuVeventqAlloc, "iommu_veventq_alloc", kIommufd, kSince7_2, F(size),
               F(flags), F(viommu_id), F(type), F(veventq_depth), F(out_veventq_id),
               F(out_veventq_fd), R(reserved, "__reserved"))
CATALOG_STRUCT(IommuHwQueueAlloc, "iommu_hw_queue_alloc", kIommufd, kSince7_2, F(size),
               F(flags), F(viommu_id), F(type), F(index), F(out_hw_queue_id),
               F(nesting_parent_iova), F(length))

// ---- <linux/vfio.h> ----

CATALOG_STRUCT(VfioInfoCapHeader, "vfio_info_cap_header", kVfio, kAll, F(id), F(version),
               F(next))
CATALOG_STRUCT(VfioDeviceInfo, "vfio_device_info", kVfio, kAll, F(argsz), F(flags),
               F(num_regions), F(num_irqs), F(cap_offset), F(pad))
CATALOG_STRUCT(VfioDeviceBindIommufd, "vfio_device_bind_iommufd", kVfio, kAll, F(argsz),
               F(flags), F(iommufd), F(out_devid), F(token_uuid_ptr, kSince7_2))
CATALOG_STRUCT(VfioDeviceAttachIommufdPt, "vfio_device_attach_iommufd_pt", kVfio, kAll,
               F(argsz), F(flags), F(pt_id), F(pasid, kSince7_2))
CATALOG_STRUCT(VfioDeviceDetachIommufdPt, "vfio_device_detach_iommufd_pt", kVfio, kAll,
               F(argsz), F(flags), F(pasid, kSince7_2))
CATALOG_STRUCT(VfioIommuType1Info, "vfio_iommu_type1_info", kVfio, kAll, F(argsz), F(flags),
               F(iova_pgsizes), F(cap_offset), F(pad))
CATALOG_STRUCT(VfioIovaRange, "vfio_iova_range", kVfio, kAll, F(start), F(end))
CATALOG_STRUCT(VfioIommuType1InfoCapIovaRange, "vfio_iommu_type1_info_cap_iova_range", kVfio,
               kAll, F(header), F(nr_iovas), F(reserved), FLEX(iova_ranges, VfioIovaRange))
CATALOG_STRUCT(VfioIommuType1InfoDmaAvail, "vfio_iommu_type1_info_dma_avail", kVfio, kAll,
               F(header), F(avail))
CATALOG_STRUCT(VfioIommuType1DmaMap, "vfio_iommu_type1_dma_map", kVfio, kAll, F(argsz),
               F(flags), F(vaddr), F(iova), F(size))
CATALOG_STRUCT(VfioIommuType1DmaUnmap, "vfio_iommu_type1_dma_unmap", kVfio, kAll, F(argsz),
               F(flags), F(iova), F(size), FLEX(data, std::uint8_t))

// ---- drivers/iommu/iommufd/iommufd_test.h ----

CATALOG_STRUCT(
    IommuTestCmd, "iommu_test_cmd", kIommufdTest, kAll, F(size), F(op), F(id),
    R(reserved, "__reserved"), F(add_reserved.start), F(add_reserved.length),
    F(mock_domain.out_stdev_id), F(mock_domain.out_hwpt_id), F(mock_domain.out_idev_id),
    F(mock_domain_flags.out_stdev_id), F(mock_domain_flags.out_hwpt_id),
    F(mock_domain_flags.out_idev_id), F(mock_domain_flags.dev_flags),
    F(mock_domain_replace.pt_id), F(check_map.iova), F(check_map.length), F(check_map.uptr),
    F(check_refs.length), F(check_refs.uptr), F(check_refs.refs),
    F(create_access.out_access_fd), F(create_access.flags),
    F(destroy_access_pages.access_pages_id), F(access_pages.flags),
    F(access_pages.out_access_pages_id), F(access_pages.iova), F(access_pages.length),
    F(access_pages.uptr), F(access_rw.iova), F(access_rw.length), F(access_rw.uptr),
    F(access_rw.flags), F(memory_limit.limit), F(access_replace_ioas.ioas_id), F(dirty.flags),
    F(dirty.iova), F(dirty.length), F(dirty.page_size), F(dirty.uptr), F(dirty.out_nr_dirty),
    F(check_iotlb.id), F(check_iotlb.iotlb), F(trigger_iopf.dev_id), F(trigger_iopf.pasid),
    F(trigger_iopf.grpid), F(trigger_iopf.perm), F(trigger_iopf.addr),
    F(check_dev_cache.id, kSince7_2), F(check_dev_cache.cache, kSince7_2),
    F(trigger_vevent.dev_id, kSince7_2), F(pasid_attach.pasid, kSince7_2),
    F(pasid_attach.pt_id, kSince7_2), F(pasid_replace.pasid, kSince7_2),
    F(pasid_replace.pt_id, kSince7_2), F(pasid_detach.pasid, kSince7_2),
    F(pasid_check.pasid, kSince7_2), F(pasid_check.hwpt_id, kSince7_2),
    F(dmabuf_get.length, kSince7_2), F(dmabuf_get.open_flags, kSince7_2),
    F(dmabuf_revoke.dmabuf_fd, kSince7_2), F(dmabuf_revoke.revoked, kSince7_2), F(last))
CATALOG_STRUCT(IommuTestHwInfo, "iommu_test_hw_info", kIommufdTest, kAll, F(flags),
               F(test_reg))
CATALOG_STRUCT(IommuHwptSelftest, "iommu_hwpt_selftest", kIommufdTest, kAll, F(iotlb),
               F(pagetable_type, kSince7_2))
CATALOG_STRUCT(IommuHwptInvalidateSelftest, "iommu_hwpt_invalidate_selftest", kIommufdTest,
               kAll, F(flags), F(iotlb_id))
CATALOG_STRUCT(IommuViommuSelftest, "iommu_viommu_selftest", kIommufdTest, kSince7_2,
               F(in_data), F(out_data), F(out_mmap_offset), F(out_mmap_length))
CATALOG_STRUCT(IommuViommuInvalidateSelftest, "iommu_viommu_invalidate_selftest", kIommufdTest,
               kSince7_2, F(flags), F(vdev_id), F(cache_id))
CATALOG_STRUCT(IommuViommuEventSelftest, "iommu_viommu_event_selftest", kIommufdTest,
               kSince7_2, F(virt_id))

#undef CATALOG_STRUCT
#undef FLEX
#undef A
#undef F
#undef R
#undef IOMMUFD_CONFORM_FIELD_TYPE

constexpr StructEntry kStructs[] = {
    IommuDestroyCatalog::kEntry,
    IommuIoasAllocCatalog::kEntry,
    IommuIovaRangeCatalog::kEntry,
    IommuIoasIovaRangesCatalog::kEntry,
    IommuIoasAllowIovasCatalog::kEntry,
    IommuIoasMapCatalog::kEntry,
    IommuIoasNoiommuGetPaCatalog::kEntry,
    IommuIoasMapFileCatalog::kEntry,
    IommuIoasCopyCatalog::kEntry,
    IommuIoasUnmapCatalog::kEntry,
    IommuOptionCatalog::kEntry,
    IommuVfioIoasCatalog::kEntry,
    IommuHwptVtdS1Catalog::kEntry,
    IommuHwptArmSmmuv3Catalog::kEntry,
    IommuHwptAmdGuestCatalog::kEntry,
    IommuHwptAllocCatalog::kEntry,
    IommuHwInfoVtdCatalog::kEntry,
    IommuHwInfoArmSmmuv3Catalog::kEntry,
    IommuHwInfoTegra241CmdqvCatalog::kEntry,
    IommuHwInfoAmdCatalog::kEntry,
    IommuHwInfoCatalog::kEntry,
    IommuHwptSetDirtyTrackingCatalog::kEntry,
    IommuHwptGetDirtyBitmapCatalog::kEntry,
    IommuHwptVtdS1InvalidateCatalog::kEntry,
    IommuViommuArmSmmuv3InvalidateCatalog::kEntry,
    IommuHwptInvalidateCatalog::kEntry,
    IommuHwptPgfaultCatalog::kEntry,
    IommuHwptPageResponseCatalog::kEntry,
    IommuFaultAllocCatalog::kEntry,
    IommuViommuTegra241CmdqvCatalog::kEntry,
    IommuViommuAllocCatalog::kEntry,
    IommuVdeviceAllocCatalog::kEntry,
    IommuIoasChangeProcessCatalog::kEntry,
    IommufdVeventHeaderCatalog::kEntry,
    IommuVeventArmSmmuv3Catalog::kEntry,
    IommuVeventTegra241CmdqvCatalog::kEntry,
    IommuVeventqAllocCatalog::kEntry,
    IommuHwQueueAllocCatalog::kEntry,
    VfioInfoCapHeaderCatalog::kEntry,
    VfioDeviceInfoCatalog::kEntry,
    VfioDeviceBindIommufdCatalog::kEntry,
    VfioDeviceAttachIommufdPtCatalog::kEntry,
    VfioDeviceDetachIommufdPtCatalog::kEntry,
    VfioIommuType1InfoCatalog::kEntry,
    VfioIovaRangeCatalog::kEntry,
    VfioIommuType1InfoCapIovaRangeCatalog::kEntry,
    VfioIommuType1InfoDmaAvailCatalog::kEntry,
    VfioIommuType1DmaMapCatalog::kEntry,
    VfioIommuType1DmaUnmapCatalog::kEntry,
    IommuTestCmdCatalog::kEntry,
    IommuTestHwInfoCatalog::kEntry,
    IommuHwptSelftestCatalog::kEntry,
    IommuHwptInvalidateSelftestCatalog::kEntry,
    IommuViommuSelftestCatalog::kEntry,
    IommuViommuInvalidateSelftestCatalog::kEntry,
    IommuViommuEventSelftestCatalog::kEntry,
};

// Every described ioctl's struct is the catalog's, field for field, and every catalogued
// field of it is described.
static_assert(CatalogMismatch(kIoctlDescriptions, kTestOpDescriptions, kStructs).empty(),
              "an ioctl description and the ABI catalog disagree: see abi.unit's "
              "DescriptionsMatchTheCatalog for which");

// C(ourConstant, "KERNEL_NAME", header[, versions]).
#define C(ours, kernel_name, header, ...)                                       \
  ConstantEntry {                                                               \
    #ours, kernel_name, KernelHeader::header, static_cast<std::uint64_t>(ours) \
        __VA_OPT__(, ) __VA_ARGS__                                              \
  }

// The constants no description gives, in four runs: the ioctl and test op numbers between
// them are derived from the descriptions (CatalogConstants below).
constexpr ConstantEntry kLeadingConstants[] = {
    // <linux/iommufd.h>: ioctl numbers.
    C(kIommufdType, "IOMMUFD_TYPE", kIommufd),
    C(kIommufdCmdBase, "IOMMUFD_CMD_BASE", kIommufd),
};

constexpr ConstantEntry kConstantsBeforeVfioIoctls[] = {
    // <linux/iommufd.h>: flags and enums.
    C(kIommuIoasMapFixedIova, "IOMMU_IOAS_MAP_FIXED_IOVA", kIommufd),
    C(kIommuIoasMapWriteable, "IOMMU_IOAS_MAP_WRITEABLE", kIommufd),
    C(kIommuIoasMapReadable, "IOMMU_IOAS_MAP_READABLE", kIommufd),
    C(kIommuOptionRlimitMode, "IOMMU_OPTION_RLIMIT_MODE", kIommufd),
    C(kIommuOptionHugePages, "IOMMU_OPTION_HUGE_PAGES", kIommufd),
    C(kIommuOptionOpSet, "IOMMU_OPTION_OP_SET", kIommufd),
    C(kIommuOptionOpGet, "IOMMU_OPTION_OP_GET", kIommufd),
    C(kIommuVfioIoasGet, "IOMMU_VFIO_IOAS_GET", kIommufd),
    C(kIommuVfioIoasSet, "IOMMU_VFIO_IOAS_SET", kIommufd),
    C(kIommuVfioIoasClear, "IOMMU_VFIO_IOAS_CLEAR", kIommufd),
    C(kIommuHwptAllocNestParent, "IOMMU_HWPT_ALLOC_NEST_PARENT", kIommufd),
    C(kIommuHwptAllocDirtyTracking, "IOMMU_HWPT_ALLOC_DIRTY_TRACKING", kIommufd),
    C(kIommuHwptFaultIdValid, "IOMMU_HWPT_FAULT_ID_VALID", kIommufd),
    C(kIommuHwptAllocPasid, "IOMMU_HWPT_ALLOC_PASID", kIommufd, kSince7_2),
    C(kIommuVtdS1Sre, "IOMMU_VTD_S1_SRE", kIommufd),
    C(kIommuVtdS1Eafe, "IOMMU_VTD_S1_EAFE", kIommufd),
    C(kIommuVtdS1Wpe, "IOMMU_VTD_S1_WPE", kIommufd),
    C(kIommuHwptDataNone, "IOMMU_HWPT_DATA_NONE", kIommufd),
    C(kIommuHwptDataVtdS1, "IOMMU_HWPT_DATA_VTD_S1", kIommufd),
    C(kIommuHwptDataArmSmmuv3, "IOMMU_HWPT_DATA_ARM_SMMUV3", kIommufd, kSince7_2),
    C(kIommuHwptDataAmdGuest, "IOMMU_HWPT_DATA_AMD_GUEST", kIommufd, kSince7_2),
    C(kIommuHwInfoVtdErrata772415Spr17, "IOMMU_HW_INFO_VTD_ERRATA_772415_SPR17", kIommufd),
    C(kIommuHwInfoArmSmmuv3ErrataRepeatTlbiCfgi,
      "IOMMU_HW_INFO_ARM_SMMUV3_ERRATA_REPEAT_TLBI_CFGI", kIommufd, kSince7_3),
    C(kIommuHwInfoTypeNone, "IOMMU_HW_INFO_TYPE_NONE", kIommufd),
    C(kIommuHwInfoTypeDefault, "IOMMU_HW_INFO_TYPE_DEFAULT", kIommufd, kSince7_2),
    C(kIommuHwInfoTypeIntelVtd, "IOMMU_HW_INFO_TYPE_INTEL_VTD", kIommufd),
    C(kIommuHwInfoTypeArmSmmuv3, "IOMMU_HW_INFO_TYPE_ARM_SMMUV3", kIommufd, kSince7_2),
    C(kIommuHwInfoTypeTegra241Cmdqv, "IOMMU_HW_INFO_TYPE_TEGRA241_CMDQV", kIommufd, kSince7_2),
    C(kIommuHwInfoTypeAmd, "IOMMU_HW_INFO_TYPE_AMD", kIommufd, kSince7_2),
    C(kIommuHwCapDirtyTracking, "IOMMU_HW_CAP_DIRTY_TRACKING", kIommufd),
    C(kIommuHwCapPciPasidExec, "IOMMU_HW_CAP_PCI_PASID_EXEC", kIommufd),
    C(kIommuHwCapPciPasidPriv, "IOMMU_HW_CAP_PCI_PASID_PRIV", kIommufd),
    C(kIommuHwCapPciAtsNotSupported, "IOMMU_HW_CAP_PCI_ATS_NOT_SUPPORTED", kIommufd, kSince7_2),
    C(kIommuHwInfoFlagInputType, "IOMMU_HW_INFO_FLAG_INPUT_TYPE", kIommufd, kSince7_2),
    C(kIommuHwptDirtyTrackingEnable, "IOMMU_HWPT_DIRTY_TRACKING_ENABLE", kIommufd),
    C(kIommuHwptGetDirtyBitmapNoClear, "IOMMU_HWPT_GET_DIRTY_BITMAP_NO_CLEAR", kIommufd),
    C(kIommuHwptInvalidateDataVtdS1, "IOMMU_HWPT_INVALIDATE_DATA_VTD_S1", kIommufd),
    C(kIommuViommuInvalidateDataArmSmmuv3, "IOMMU_VIOMMU_INVALIDATE_DATA_ARM_SMMUV3", kIommufd,
      kSince7_2),
    C(kIommuVtdInvFlagsLeaf, "IOMMU_VTD_INV_FLAGS_LEAF", kIommufd),
    C(kIommuPgfaultFlagsPasidValid, "IOMMU_PGFAULT_FLAGS_PASID_VALID", kIommufd),
    C(kIommuPgfaultFlagsLastPage, "IOMMU_PGFAULT_FLAGS_LAST_PAGE", kIommufd),
    C(kIommuPgfaultPermRead, "IOMMU_PGFAULT_PERM_READ", kIommufd),
    C(kIommuPgfaultPermWrite, "IOMMU_PGFAULT_PERM_WRITE", kIommufd),
    C(kIommuPgfaultPermExec, "IOMMU_PGFAULT_PERM_EXEC", kIommufd),
    C(kIommuPgfaultPermPriv, "IOMMU_PGFAULT_PERM_PRIV", kIommufd),
    C(kIommufdPageRespSuccess, "IOMMUFD_PAGE_RESP_SUCCESS", kIommufd),
    C(kIommufdPageRespInvalid, "IOMMUFD_PAGE_RESP_INVALID", kIommufd),
    C(kIommuViommuTypeDefault, "IOMMU_VIOMMU_TYPE_DEFAULT", kIommufd, kSince7_2),
    C(kIommuViommuTypeArmSmmuv3, "IOMMU_VIOMMU_TYPE_ARM_SMMUV3", kIommufd, kSince7_2),
    C(kIommuViommuTypeTegra241Cmdqv, "IOMMU_VIOMMU_TYPE_TEGRA241_CMDQV", kIommufd, kSince7_2),
    C(kIommuVeventqFlagLostEvents, "IOMMU_VEVENTQ_FLAG_LOST_EVENTS", kIommufd, kSince7_2),
    C(kIommuVeventqTypeDefault, "IOMMU_VEVENTQ_TYPE_DEFAULT", kIommufd, kSince7_2),
    C(kIommuVeventqTypeArmSmmuv3, "IOMMU_VEVENTQ_TYPE_ARM_SMMUV3", kIommufd, kSince7_2),
    C(kIommuVeventqTypeTegra241Cmdqv, "IOMMU_VEVENTQ_TYPE_TEGRA241_CMDQV", kIommufd, kSince7_2),
    C(kIommuHwQueueTypeDefault, "IOMMU_HW_QUEUE_TYPE_DEFAULT", kIommufd, kSince7_2),
    C(kIommuHwQueueTypeTegra241Cmdqv, "IOMMU_HW_QUEUE_TYPE_TEGRA241_CMDQV", kIommufd,
      kSince7_2),

    // <linux/vfio.h>
    C(kVfioType, "VFIO_TYPE", kVfio),
    C(kVfioBase, "VFIO_BASE", kVfio),
    C(kVfioApiVersion, "VFIO_API_VERSION", kVfio),
    C(kVfioType1Iommu, "VFIO_TYPE1_IOMMU", kVfio),
    C(kVfioSpaprTceIommu, "VFIO_SPAPR_TCE_IOMMU", kVfio),
    C(kVfioType1v2Iommu, "VFIO_TYPE1v2_IOMMU", kVfio),
    C(kVfioDmaCcIommu, "VFIO_DMA_CC_IOMMU", kVfio),
    C(kVfioEeh, "VFIO_EEH", kVfio),
    C(kVfioReservedType1NestingIommu, "VFIO_TYPE1_NESTING_IOMMU", kVfio, kOnly6_12),
    C(kVfioReservedType1NestingIommu, "__VFIO_RESERVED_TYPE1_NESTING_IOMMU", kVfio, kSince7_2),
    C(kVfioSpaprTceV2Iommu, "VFIO_SPAPR_TCE_v2_IOMMU", kVfio),
    C(kVfioNoiommuIommu, "VFIO_NOIOMMU_IOMMU", kVfio),
    C(kVfioUnmapAll, "VFIO_UNMAP_ALL", kVfio),
    C(kVfioUpdateVaddr, "VFIO_UPDATE_VADDR", kVfio),
};

constexpr ConstantEntry kConstantsBeforeTestCmd[] = {
    C(kVfioDeviceFlagsReset, "VFIO_DEVICE_FLAGS_RESET", kVfio),
    C(kVfioDeviceFlagsPci, "VFIO_DEVICE_FLAGS_PCI", kVfio),
    C(kVfioDeviceFlagsPlatform, "VFIO_DEVICE_FLAGS_PLATFORM", kVfio),
    C(kVfioDeviceFlagsAmba, "VFIO_DEVICE_FLAGS_AMBA", kVfio),
    C(kVfioDeviceFlagsCcw, "VFIO_DEVICE_FLAGS_CCW", kVfio),
    C(kVfioDeviceFlagsAp, "VFIO_DEVICE_FLAGS_AP", kVfio),
    C(kVfioDeviceFlagsFslMc, "VFIO_DEVICE_FLAGS_FSL_MC", kVfio),
    C(kVfioDeviceFlagsCaps, "VFIO_DEVICE_FLAGS_CAPS", kVfio),
    C(kVfioDeviceFlagsCdx, "VFIO_DEVICE_FLAGS_CDX", kVfio),
    C(kVfioDeviceBindFlagToken, "VFIO_DEVICE_BIND_FLAG_TOKEN", kVfio, kSince7_2),
    C(kVfioDeviceAttachPasid, "VFIO_DEVICE_ATTACH_PASID", kVfio, kSince7_2),
    C(kVfioDeviceDetachPasid, "VFIO_DEVICE_DETACH_PASID", kVfio, kSince7_2),
    C(kVfioIommuInfoPgsizes, "VFIO_IOMMU_INFO_PGSIZES", kVfio),
    C(kVfioIommuInfoCaps, "VFIO_IOMMU_INFO_CAPS", kVfio),
    C(kVfioIommuType1InfoCapIovaRange, "VFIO_IOMMU_TYPE1_INFO_CAP_IOVA_RANGE", kVfio),
    C(kVfioIommuType1InfoCapMigration, "VFIO_IOMMU_TYPE1_INFO_CAP_MIGRATION", kVfio),
    C(kVfioIommuType1InfoDmaAvail, "VFIO_IOMMU_TYPE1_INFO_DMA_AVAIL", kVfio),
    C(kVfioDmaMapFlagRead, "VFIO_DMA_MAP_FLAG_READ", kVfio),
    C(kVfioDmaMapFlagWrite, "VFIO_DMA_MAP_FLAG_WRITE", kVfio),
    C(kVfioDmaMapFlagVaddr, "VFIO_DMA_MAP_FLAG_VADDR", kVfio),
    C(kVfioDmaUnmapFlagGetDirtyBitmap, "VFIO_DMA_UNMAP_FLAG_GET_DIRTY_BITMAP", kVfio),
    C(kVfioDmaUnmapFlagAll, "VFIO_DMA_UNMAP_FLAG_ALL", kVfio),
    C(kVfioDmaUnmapFlagVaddr, "VFIO_DMA_UNMAP_FLAG_VADDR", kVfio),

    // drivers/iommu/iommufd/iommufd_test.h
};

constexpr ConstantEntry kTrailingConstants[] = {
    C(kMockIommuptDefault, "MOCK_IOMMUPT_DEFAULT", kIommufdTest, kSince7_2),
    C(kMockIommuptHuge, "MOCK_IOMMUPT_HUGE", kIommufdTest, kSince7_2),
    C(kMockApertureStart, "MOCK_APERTURE_START", kIommufdTest),
    C(kMockApertureLast, "MOCK_APERTURE_LAST", kIommufdTest),
    C(kMockPageSize, "MOCK_PAGE_SIZE", kIommufdTest, kSince7_2),
    C(kMockHugePageSize, "MOCK_HUGE_PAGE_SIZE", kIommufdTest, kSince7_2),
    C(kMockFlagsAccessWrite, "MOCK_FLAGS_ACCESS_WRITE", kIommufdTest),
    C(kMockFlagsAccessSyz, "MOCK_FLAGS_ACCESS_SYZ", kIommufdTest),
    C(kMockAccessRwWrite, "MOCK_ACCESS_RW_WRITE", kIommufdTest),
    C(kMockAccessRwSlowPath, "MOCK_ACCESS_RW_SLOW_PATH", kIommufdTest),
    C(kMockFlagsAccessCreateNeedsPinPages, "MOCK_FLAGS_ACCESS_CREATE_NEEDS_PIN_PAGES",
      kIommufdTest),
    C(kMockFlagsDeviceNoDirty, "MOCK_FLAGS_DEVICE_NO_DIRTY", kIommufdTest),
    C(kMockFlagsDeviceHugeIova, "MOCK_FLAGS_DEVICE_HUGE_IOVA", kIommufdTest, kOnly6_12),
    C(kMockFlagsDevicePasid, "MOCK_FLAGS_DEVICE_PASID", kIommufdTest, kSince7_2),
    C(kMockNestedDomainIotlbIdMax, "MOCK_NESTED_DOMAIN_IOTLB_ID_MAX", kIommufdTest),
    C(kMockNestedDomainIotlbNum, "MOCK_NESTED_DOMAIN_IOTLB_NUM", kIommufdTest),
    C(kMockDevCacheIdMax, "MOCK_DEV_CACHE_ID_MAX", kIommufdTest, kSince7_2),
    C(kMockDevCacheNum, "MOCK_DEV_CACHE_NUM", kIommufdTest, kSince7_2),
    C(kIommuTestPasidReserved, "IOMMU_TEST_PASID_RESERVED", kIommufdTest, kSince7_2),
    C(kMockPasidWidth, "MOCK_PASID_WIDTH", kIommufdTest, kSince7_2),
    C(kIommuHwInfoTypeSelftest, "IOMMU_HW_INFO_TYPE_SELFTEST", kIommufdTest),
    C(kIommuHwInfoSelftestRegval, "IOMMU_HW_INFO_SELFTEST_REGVAL", kIommufdTest),
    C(kIommuHwptDataSelftest, "IOMMU_HWPT_DATA_SELFTEST", kIommufdTest),
    C(kIommuTestIotlbDefault, "IOMMU_TEST_IOTLB_DEFAULT", kIommufdTest),
    C(kIommuTestDevCacheDefault, "IOMMU_TEST_DEV_CACHE_DEFAULT", kIommufdTest, kSince7_2),
    C(kIommuHwptInvalidateDataSelftest, "IOMMU_HWPT_INVALIDATE_DATA_SELFTEST", kIommufdTest),
    C(kIommuHwptInvalidateDataSelftestInvalid, "IOMMU_HWPT_INVALIDATE_DATA_SELFTEST_INVALID",
      kIommufdTest),
    C(kIommuTestInvalidateFlagAll, "IOMMU_TEST_INVALIDATE_FLAG_ALL", kIommufdTest),
    C(kIommuViommuTypeSelftest, "IOMMU_VIOMMU_TYPE_SELFTEST", kIommufdTest, kSince7_2),
    C(kIommuViommuInvalidateDataSelftest, "IOMMU_VIOMMU_INVALIDATE_DATA_SELFTEST", kIommufdTest,
      kSince7_2),
    C(kIommuViommuInvalidateDataSelftestInvalid,
      "IOMMU_VIOMMU_INVALIDATE_DATA_SELFTEST_INVALID", kIommufdTest, kSince7_2),
    C(kIommuVeventqTypeSelftest, "IOMMU_VEVENTQ_TYPE_SELFTEST", kIommufdTest, kSince7_2),
    C(kIommuHwQueueTypeSelftest, "IOMMU_HW_QUEUE_TYPE_SELFTEST", kIommufdTest, kSince7_2),
    C(kIommuTestHwQueueMax, "IOMMU_TEST_HW_QUEUE_MAX", kIommufdTest, kSince7_2),
};

#undef C

}  // namespace

std::string_view VersionName(KernelVersion version) {
  switch (version) {
    case KernelVersion::k6_12: return "6.12";
    case KernelVersion::k7_2: return "7.2";
    case KernelVersion::k7_3: return "7.3";
  }
  return "?";
}

std::optional<KernelVersion> ParseKernelVersion(std::string_view text) {
  for (KernelVersion version : {KernelVersion::k6_12, KernelVersion::k7_2, KernelVersion::k7_3}) {
    if (text == VersionName(version)) return version;
  }
  return std::nullopt;
}

std::string_view HeaderName(KernelHeader header) {
  switch (header) {
    case KernelHeader::kIommufd: return "linux/iommufd.h";
    case KernelHeader::kVfio: return "linux/vfio.h";
    case KernelHeader::kIommufdTest: return "iommufd_test.h";
  }
  return "?";
}

std::span<const StructEntry> CatalogStructs() { return kStructs; }
std::span<const ConstantEntry> CatalogConstants() {
  static const std::vector<ConstantEntry> constants = [] {
    std::vector<ConstantEntry> all(std::begin(kLeadingConstants), std::end(kLeadingConstants));
    auto append = [&all](const auto& more) { all.insert(all.end(), more.begin(), more.end()); };
    append(IoctlConstants(kIoctlDescriptions, KernelHeader::kIommufd));
    append(std::span(kConstantsBeforeVfioIoctls));
    append(IoctlConstants(kIoctlDescriptions, KernelHeader::kVfio));
    append(std::span(kConstantsBeforeTestCmd));
    append(IoctlConstants(kIoctlDescriptions, KernelHeader::kIommufdTest));
    append(TestOpConstants(kTestOpDescriptions));
    append(std::span(kTrailingConstants));
    return all;
  }();
  return constants;
}

std::string_view KernelConstantName(std::string_view prefix, std::uint64_t value) {
  for (const ConstantEntry& constant : CatalogConstants()) {
    if (constant.name.starts_with(prefix) && constant.value == value) return constant.kernel_name;
  }
  return {};
}

std::size_t AlignIn(const StructEntry& entry, KernelVersion version) {
  std::size_t align = 1;
  for (const FieldEntry& field : entry.fields) {
    if (field.versions.Contains(version)) align = std::max(align, field.align);
  }
  return align;
}

std::size_t SizeIn(const StructEntry& entry, KernelVersion version) {
  std::size_t end = 0;
  for (const FieldEntry& field : entry.fields) {
    if (!field.versions.Contains(version)) continue;
    end = std::max(end, field.offset + (field.flexible_array ? 0 : field.size));
  }
  return AlignUp(end, AlignIn(entry, version));
}

}  // namespace iommufd_conform::uapi
