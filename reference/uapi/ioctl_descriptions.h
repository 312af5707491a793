#ifndef IOMMUFD_CONFORM_REFERENCE_UAPI_IOCTL_DESCRIPTIONS_H_
#define IOMMUFD_CONFORM_REFERENCE_UAPI_IOCTL_DESCRIPTIONS_H_

// One description per ioctl and per IOMMU_TEST_CMD op (types in ioctl_description.h).
// Adding an ioctl: describe it here (the compiler checks each field's name, offset and size,
// and that the fields cover the whole struct), give the model a handler
// (reference/model/context_dispatch.cc) and the fuzzer an operation (fuzz/sequence/
// op_code.h), and write its suite cases; model_dispatch_test and fuzz_sequence_test's
// OpCoverageTest fail until the first two are there (README: "Adding an ioctl").

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <utility>

#include "reference/uapi/ioctl_description.h"
#include "reference/uapi/iommufd.h"
#include "reference/uapi/iommufd_test.h"
#include "reference/uapi/vfio.h"

namespace iommufd_conform::uapi {
namespace descriptions {

inline constexpr VersionRange kAll{};
inline constexpr VersionRange kSince7_2{KernelVersion::k7_2};
inline constexpr VersionRange kSince7_3{KernelVersion::k7_3};

// Field roles, applied to a field F(name) made by the macros below.
constexpr FieldDescription Size(FieldDescription f) {
  f.role = FieldRole::kSize;
  return f;
}
constexpr FieldDescription Out(FieldDescription f) {
  f.direction = Direction::kOut;
  return f;
}
constexpr FieldDescription InOut(FieldDescription f) {
  f.direction = Direction::kInOut;
  return f;
}
constexpr FieldDescription Reserved(FieldDescription f) {
  f.role = FieldRole::kReserved;
  return f;
}
constexpr FieldDescription Id(FieldDescription f, ObjectKind kind) {
  f.role = FieldRole::kObjectId;
  f.object = kind;
  return f;
}
constexpr FieldDescription OutId(FieldDescription f, ObjectKind kind) {
  return Out(Id(f, kind));
}
constexpr FieldDescription Fd(FieldDescription f, ObjectKind kind) {
  f.role = FieldRole::kFd;
  f.object = kind;
  return f;
}
// A descriptor the call creates: its number is the implementation's choice.
constexpr FieldDescription NewFd(FieldDescription f, ObjectKind kind) {
  f = Out(Fd(f, kind));
  f.free = FreeChoice::kNewFd;
  return f;
}
// An IOVA the caller gives with IOMMU_IOAS_MAP_FIXED_IOVA, else the kernel picks.
constexpr FieldDescription AutoIova(FieldDescription f) {
  f = InOut(f);
  f.free = FreeChoice::kAutoIova;
  return f;
}
constexpr FieldDescription Pointer(FieldDescription f, Direction direction, PointerInfo info) {
  f.role = FieldRole::kUserPointer;
  f.direction = direction;
  f.pointer = info;
  return f;
}
constexpr FieldDescription Selector(FieldDescription f) {
  f.role = FieldRole::kUnionSelector;
  return f;
}

constexpr bool AllInMember(std::span<const FieldDescription> fields, std::string_view member) {
  for (const FieldDescription& field : fields) {
    if (!field.name.starts_with(member) || field.name.size() <= member.size() ||
        field.name[member.size()] != '.') {
      return false;
    }
  }
  return true;
}

// HWPT_GET_DIRTY_BITMAP sets one bit per page_size page of [iova, iova + length) in u64
// words; the words are counted from iova's page, and one more word covers a bitmap that
// does not start at a page boundary of the range.
inline std::uint64_t DirtyBitmapBytes(std::span<const std::byte> input) {
  IommuHwptGetDirtyBitmap arg{};
  std::memcpy(&arg, input.data(), std::min(input.size(), sizeof(arg)));
  std::uint64_t page_size = arg.page_size;
  if (page_size == 0 || (page_size & (page_size - 1)) || arg.length == 0) return 0;
  std::uint64_t first = arg.iova / page_size;
  std::uint64_t last;
  if (__builtin_add_overflow(arg.iova, arg.length - 1, &last)) return 0;
  std::uint64_t pages = last / page_size - first + 1;
  return (pages / 64 + 2) * sizeof(std::uint64_t);
}

// IOVA_RANGES fills the caller's array as far as it goes, also when it is too small.
inline constexpr int kIovaRangesWrittenOn[] = {EMSGSIZE};

#include "reference/uapi/describe_begin.h"

using enum ObjectKind;
using enum Direction;

// ---- <linux/iommufd.h> ----

DESCRIBE_IOCTL(kIoctlDestroy, "IOMMU_DESTROY", kIommufd, kIommufd, kAll, IommuDestroy,
               "iommu_destroy", id, Size(F(size)), Id(F(id), kAny))
DESCRIBE_IOCTL(kIoctlIoasAlloc, "IOMMU_IOAS_ALLOC", kIommufd, kIommufd, kAll, IommuIoasAlloc,
               "iommu_ioas_alloc", out_ioas_id, Size(F(size)), F(flags),
               OutId(F(out_ioas_id), kIoas))
DESCRIBE_IOCTL(kIoctlIoasAllowIovas, "IOMMU_IOAS_ALLOW_IOVAS", kIommufd, kIommufd, kAll,
               IommuIoasAllowIovas, "iommu_ioas_allow_iovas", allowed_iovas, Size(F(size)),
               Id(F(ioas_id), kIoas), F(num_iovas), Reserved(F(reserved)),
               Pointer(F(allowed_iovas), kIn, ARRAY_OF(num_iovas, IommuIovaRange)))
DESCRIBE_IOCTL(kIoctlIoasCopy, "IOMMU_IOAS_COPY", kIommufd, kIommufd, kAll, IommuIoasCopy,
               "iommu_ioas_copy", src_iova, Size(F(size)), F(flags), Id(F(dst_ioas_id), kIoas),
               Id(F(src_ioas_id), kIoas), F(length), AutoIova(F(dst_iova)), F(src_iova))
DESCRIBE_IOCTL(
    kIoctlIoasIovaRanges, "IOMMU_IOAS_IOVA_RANGES", kIommufd, kIommufd, kAll,
    IommuIoasIovaRanges, "iommu_ioas_iova_ranges", out_iova_alignment, Size(F(size)),
    Id(F(ioas_id), kIoas), InOut(F(num_iovas)), Reserved(F(reserved)),
    Pointer(F(allowed_iovas), kOut,
            (PointerInfo{COUNT(num_iovas), sizeof(IommuIovaRange), "IommuIovaRange", nullptr,
                         kIovaRangesWrittenOn})),
    Out(F(out_iova_alignment)))
DESCRIBE_IOCTL(kIoctlIoasMap, "IOMMU_IOAS_MAP", kIommufd, kIommufd, kAll, IommuIoasMap,
               "iommu_ioas_map", iova, Size(F(size)), F(flags), Id(F(ioas_id), kIoas),
               Reserved(F(reserved)), Pointer(F(user_va), kIn, BYTES_OF(length)), F(length),
               AutoIova(F(iova)))
DESCRIBE_IOCTL(kIoctlIoasUnmap, "IOMMU_IOAS_UNMAP", kIommufd, kIommufd, kAll, IommuIoasUnmap,
               "iommu_ioas_unmap", length, Size(F(size)), Id(F(ioas_id), kIoas), F(iova),
               InOut(F(length)))
DESCRIBE_IOCTL(kIoctlOption, "IOMMU_OPTION", kIommufd, kIommufd, kAll, IommuOption,
               "iommu_option", val64, Size(F(size)), F(option_id), F(op), Reserved(F(reserved)),
               Id(F(object_id), kAny), InOut(F(val64)))
DESCRIBE_IOCTL(kIoctlVfioIoas, "IOMMU_VFIO_IOAS", kIommufd, kIommufd, kAll, IommuVfioIoas,
               "iommu_vfio_ioas", reserved, Size(F(size)), InOut(Id(F(ioas_id), kIoas)), F(op),
               Reserved(F(reserved)))
// HWPT_ALLOC's data_* and fault_id came later, so they are optional.
DESCRIBE_IOCTL(kIoctlHwptAlloc, "IOMMU_HWPT_ALLOC", kIommufd, kIommufd, kAll, IommuHwptAlloc,
               "iommu_hwpt_alloc", reserved, Size(F(size)), F(flags), Id(F(dev_id), kDevice),
               Id(F(pt_id), kPt), OutId(F(out_hwpt_id), kHwpt), Reserved(F(reserved)),
               F(data_type), F(data_len), Pointer(F(data_uptr), kIn, BYTES_OF(data_len)),
               Id(F(fault_id), kFault), Reserved(F(reserved2)))
// GET_HW_INFO writes data_len bytes of driver data, zero-filling what it has no data for.
DESCRIBE_IOCTL(kIoctlGetHwInfo, "IOMMU_GET_HW_INFO", kIommufd, kIommufd, kAll, IommuHwInfo,
               "iommu_hw_info", reserved, Size(F(size)), F(flags), Id(F(dev_id), kDevice),
               InOut(F(data_len)), Pointer(F(data_uptr), kOut, BYTES_OF(data_len)),
               InOut(F(out_data_type)), Out(F(out_max_pasid_log2)), Reserved(F(reserved)),
               Out(F(out_capabilities)))
DESCRIBE_IOCTL(kIoctlHwptSetDirtyTracking, "IOMMU_HWPT_SET_DIRTY_TRACKING", kIommufd, kIommufd,
               kAll, IommuHwptSetDirtyTracking, "iommu_hwpt_set_dirty_tracking", reserved,
               Size(F(size)), F(flags), Id(F(hwpt_id), kHwpt), Reserved(F(reserved)))
DESCRIBE_IOCTL(kIoctlHwptGetDirtyBitmap, "IOMMU_HWPT_GET_DIRTY_BITMAP", kIommufd, kIommufd,
               kAll, IommuHwptGetDirtyBitmap, "iommu_hwpt_get_dirty_bitmap", data,
               Size(F(size)), Id(F(hwpt_id), kHwpt), F(flags), Reserved(F(reserved)), F(iova),
               F(length), F(page_size),
               Pointer(F(data), kOut, (PointerInfo{{}, 1, "", DirtyBitmapBytes})))
DESCRIBE_IOCTL(kIoctlHwptInvalidate, "IOMMU_HWPT_INVALIDATE", kIommufd, kIommufd, kAll,
               IommuHwptInvalidate, "iommu_hwpt_invalidate", reserved, Size(F(size)),
               Id(F(hwpt_id), kHwptOrViommu), Pointer(F(data_uptr), kIn, PointerInfo{}),
               F(data_type), F(entry_len), InOut(F(entry_num)), Reserved(F(reserved)))
DESCRIBE_IOCTL(kIoctlFaultQueueAlloc, "IOMMU_FAULT_QUEUE_ALLOC", kIommufd, kIommufd, kAll,
               IommuFaultAlloc, "iommu_fault_alloc", out_fault_fd, Size(F(size)), F(flags),
               OutId(F(out_fault_id), kFault), NewFd(F(out_fault_fd), kEventQueue))
DESCRIBE_IOCTL(kIoctlIoasMapFile, "IOMMU_IOAS_MAP_FILE", kIommufd, kIommufd, kSince7_2,
               IommuIoasMapFile, "iommu_ioas_map_file", iova, Size(F(size)), F(flags),
               Id(F(ioas_id), kIoas), Fd(F(fd), kCallersFile), F(start), F(length),
               AutoIova(F(iova)))
// VIOMMU_ALLOC's data_len/data_uptr came later; the driver data is in/out (the selftest
// vIOMMU echoes in_data to out_data).
DESCRIBE_IOCTL(kIoctlViommuAlloc, "IOMMU_VIOMMU_ALLOC", kIommufd, kIommufd, kSince7_2,
               IommuViommuAlloc, "iommu_viommu_alloc", out_viommu_id, Size(F(size)), F(flags),
               F(type), Id(F(dev_id), kDevice), Id(F(hwpt_id), kHwpt),
               OutId(F(out_viommu_id), kViommu), F(data_len), Reserved(F(reserved)),
               Pointer(F(data_uptr), kInOut, BYTES_OF(data_len)))
DESCRIBE_IOCTL(kIoctlVdeviceAlloc, "IOMMU_VDEVICE_ALLOC", kIommufd, kIommufd, kSince7_2,
               IommuVdeviceAlloc, "iommu_vdevice_alloc", virt_id, Size(F(size)),
               Id(F(viommu_id), kViommu), Id(F(dev_id), kDevice),
               OutId(F(out_vdevice_id), kVdevice), F(virt_id))
DESCRIBE_IOCTL(kIoctlIoasChangeProcess, "IOMMU_IOAS_CHANGE_PROCESS", kIommufd, kIommufd,
               kSince7_2, IommuIoasChangeProcess, "iommu_ioas_change_process", reserved,
               Size(F(size)), Reserved(F(reserved)))
DESCRIBE_IOCTL(kIoctlVeventqAlloc, "IOMMU_VEVENTQ_ALLOC", kIommufd, kIommufd, kSince7_2,
               IommuVeventqAlloc, "iommu_veventq_alloc", out_veventq_fd, Size(F(size)),
               F(flags), Id(F(viommu_id), kViommu), F(type), F(veventq_depth),
               OutId(F(out_veventq_id), kVeventq), NewFd(F(out_veventq_fd), kEventQueue),
               Reserved(F(reserved)))
DESCRIBE_IOCTL(kIoctlHwQueueAlloc, "IOMMU_HW_QUEUE_ALLOC", kIommufd, kIommufd, kSince7_2,
               IommuHwQueueAlloc, "iommu_hw_queue_alloc", length, Size(F(size)), F(flags),
               Id(F(viommu_id), kViommu), F(type), F(index), OutId(F(out_hw_queue_id), kHwQueue),
               F(nesting_parent_iova), F(length))
DESCRIBE_IOCTL(kIoctlIoasNoiommuGetPa, "IOMMU_IOAS_NOIOMMU_GET_PA", kIommufd, kIommufd,
               kSince7_3, IommuIoasNoiommuGetPa, "iommu_ioas_noiommu_get_pa", out_phys,
               Size(F(size)), F(flags), Id(F(ioas_id), kIoas), Reserved(F(reserved)), F(iova),
               InOut(F(length)), Out(F(out_phys)))

// ---- <linux/vfio.h>: the type1 container ioctls iommufd serves, and the device cdev ----

DESCRIBE_SCALAR(kIoctlVfioGetApiVersion, "VFIO_GET_API_VERSION", kVfioCompat, kVfio, kAll)
DESCRIBE_SCALAR(kIoctlVfioCheckExtension, "VFIO_CHECK_EXTENSION", kVfioCompat, kVfio, kAll)
DESCRIBE_SCALAR(kIoctlVfioSetIommu, "VFIO_SET_IOMMU", kVfioCompat, kVfio, kAll)
// Its struct is not in our headers: iommufd's compat layer refuses it whatever it holds.
DESCRIBE_SCALAR(kIoctlVfioIommuDirtyPages, "VFIO_IOMMU_DIRTY_PAGES", kVfioCompat, kVfio, kAll)
DESCRIBE_IOCTL(kIoctlVfioIommuGetInfo, "VFIO_IOMMU_GET_INFO", kVfioCompat, kVfio, kAll,
               VfioIommuType1Info, "vfio_iommu_type1_info", iova_pgsizes, Size(F(argsz)),
               Out(F(flags)), Out(F(iova_pgsizes)), Out(F(cap_offset)), Reserved(F(pad)))
DESCRIBE_IOCTL(kIoctlVfioIommuMapDma, "VFIO_IOMMU_MAP_DMA", kVfioCompat, kVfio, kAll,
               VfioIommuType1DmaMap, "vfio_iommu_type1_dma_map", size, Size(F(argsz)),
               F(flags), Pointer(F(vaddr), kIn, BYTES_OF(size)), F(iova), F(size))
DESCRIBE_IOCTL(kIoctlVfioIommuUnmapDma, "VFIO_IOMMU_UNMAP_DMA", kVfioCompat, kVfio, kAll,
               VfioIommuType1DmaUnmap, "vfio_iommu_type1_dma_unmap", size, Size(F(argsz)),
               F(flags), F(iova), InOut(F(size)))
DESCRIBE_IOCTL(kIoctlVfioDeviceGetInfo, "VFIO_DEVICE_GET_INFO", kVfioDevice, kVfio, kAll,
               VfioDeviceInfo, "vfio_device_info", num_irqs, Size(F(argsz)), Out(F(flags)),
               Out(F(num_regions)), Out(F(num_irqs)), Out(F(cap_offset)), Reserved(F(pad)))
DESCRIBE_IOCTL(kIoctlVfioDeviceBindIommufd, "VFIO_DEVICE_BIND_IOMMUFD", kVfioDevice, kVfio,
               kAll, VfioDeviceBindIommufd, "vfio_device_bind_iommufd", out_devid,
               Size(F(argsz)), F(flags), Fd(F(iommufd), kIommufd),
               OutId(F(out_devid), kDevice), Pointer(F(token_uuid_ptr), kIn, PointerInfo{}))
DESCRIBE_IOCTL(kIoctlVfioDeviceAttachIommufdPt, "VFIO_DEVICE_ATTACH_IOMMUFD_PT", kVfioDevice,
               kVfio, kAll, VfioDeviceAttachIommufdPt, "vfio_device_attach_iommufd_pt", pt_id,
               Size(F(argsz)), F(flags), InOut(Id(F(pt_id), kPt)), F(pasid))
DESCRIBE_IOCTL(kIoctlVfioDeviceDetachIommufdPt, "VFIO_DEVICE_DETACH_IOMMUFD_PT", kVfioDevice,
               kVfio, kAll, VfioDeviceDetachIommufdPt, "vfio_device_detach_iommufd_pt", flags,
               Size(F(argsz)), F(flags), F(pasid))

// ---- drivers/iommu/iommufd/iommufd_test.h ----

namespace kIoctlTestCmdDescription {
using Self = IommuTestCmd;
inline constexpr FieldDescription kFields[] = {Size(F(size)), Selector(F(op)), F(id),
                                               Reserved(F(reserved)), F(last)};
// The union between `reserved` and `last` is described per op below.
static_assert(CoversBytes(kFields, 0, sizeof(Self), alignof(Self), offsetof(Self, add_reserved),
                          offsetof(Self, last) - offsetof(Self, add_reserved)),
              "IommuTestCmd: a field is missing from its description (or out of order)");
inline constexpr IoctlDescription kEntry{
    kIoctlTestCmd,     "kIoctlTestCmd",     "IOMMU_TEST_CMD", IoctlFamily::kIommufd,
    KernelHeader::kIommufdTest, kAll,       "IommuTestCmd",   "iommu_test_cmd",
    offsetof(Self, last) + sizeof(Self::last), sizeof(Self), kFields, "op"};
}  // namespace kIoctlTestCmdDescription

DESCRIBE_TEST_OP(kIommuTestOpAddReserved, "IOMMU_TEST_OP_ADD_RESERVED", add_reserved, kAll,
                 false, Id(F(id), kIoas), F(add_reserved.start), F(add_reserved.length))
DESCRIBE_TEST_OP(kIommuTestOpMockDomain, "IOMMU_TEST_OP_MOCK_DOMAIN", mock_domain, kAll, false,
                 Id(F(id), kPt), OutId(F(mock_domain.out_stdev_id), kStdev),
                 OutId(F(mock_domain.out_hwpt_id), kHwpt),
                 OutId(F(mock_domain.out_idev_id), kDevice))
DESCRIBE_TEST_OP(kIommuTestOpMdCheckMap, "IOMMU_TEST_OP_MD_CHECK_MAP", check_map, kAll, false,
                 Id(F(id), kPt), F(check_map.iova), F(check_map.length),
                 Pointer(F(check_map.uptr), kIn, BYTES_OF(check_map.length)))
DESCRIBE_TEST_OP(kIommuTestOpMdCheckRefs, "IOMMU_TEST_OP_MD_CHECK_REFS", check_refs, kAll,
                 false, F(id), F(check_refs.length),
                 Pointer(F(check_refs.uptr), kIn, BYTES_OF(check_refs.length)),
                 F(check_refs.refs))
DESCRIBE_TEST_OP(kIommuTestOpCreateAccess, "IOMMU_TEST_OP_CREATE_ACCESS", create_access, kAll,
                 false, Id(F(id), kIoas), NewFd(F(create_access.out_access_fd), kAccess),
                 F(create_access.flags))
DESCRIBE_TEST_OP(kIommuTestOpDestroyAccessPages, "IOMMU_TEST_OP_DESTROY_ACCESS_PAGES",
                 destroy_access_pages, kAll, false, Fd(F(id), kAccess),
                 Id(F(destroy_access_pages.access_pages_id), kAccessPages))
DESCRIBE_TEST_OP(kIommuTestOpAccessPages, "IOMMU_TEST_OP_ACCESS_PAGES", access_pages, kAll,
                 false, Fd(F(id), kAccess), F(access_pages.flags),
                 OutId(F(access_pages.out_access_pages_id), kAccessPages),
                 F(access_pages.iova), F(access_pages.length),
                 Pointer(F(access_pages.uptr), kIn, BYTES_OF(access_pages.length)))
// Without MOCK_ACCESS_RW_WRITE it reads IOVA contents into the user buffer.
DESCRIBE_TEST_OP(kIommuTestOpAccessRw, "IOMMU_TEST_OP_ACCESS_RW", access_rw, kAll, false,
                 Fd(F(id), kAccess), F(access_rw.iova), F(access_rw.length),
                 Pointer(F(access_rw.uptr), kInOut, BYTES_OF(access_rw.length)),
                 F(access_rw.flags))
DESCRIBE_TEST_OP(kIommuTestOpSetTempMemoryLimit, "IOMMU_TEST_OP_SET_TEMP_MEMORY_LIMIT",
                 memory_limit, kAll, false, F(id), F(memory_limit.limit))
DESCRIBE_TEST_OP(kIommuTestOpMockDomainReplace, "IOMMU_TEST_OP_MOCK_DOMAIN_REPLACE",
                 mock_domain_replace, kAll, false, Id(F(id), kStdev),
                 InOut(Id(F(mock_domain_replace.pt_id), kPt)))
DESCRIBE_TEST_OP(kIommuTestOpAccessReplaceIoas, "IOMMU_TEST_OP_ACCESS_REPLACE_IOAS",
                 access_replace_ioas, kAll, false, Fd(F(id), kAccess),
                 Id(F(access_replace_ioas.ioas_id), kIoas))
DESCRIBE_TEST_OP(kIommuTestOpMockDomainFlags, "IOMMU_TEST_OP_MOCK_DOMAIN_FLAGS",
                 mock_domain_flags, kAll, false, Id(F(id), kPt),
                 OutId(F(mock_domain_flags.out_stdev_id), kStdev),
                 OutId(F(mock_domain_flags.out_hwpt_id), kHwpt),
                 OutId(F(mock_domain_flags.out_idev_id), kDevice),
                 F(mock_domain_flags.dev_flags))
DESCRIBE_TEST_OP(kIommuTestOpDirty, "IOMMU_TEST_OP_DIRTY", dirty, kAll, false,
                 Id(F(id), kHwpt), F(dirty.flags), F(dirty.iova), F(dirty.length),
                 F(dirty.page_size), Pointer(F(dirty.uptr), kIn, PointerInfo{}),
                 Out(F(dirty.out_nr_dirty)))
DESCRIBE_TEST_OP(kIommuTestOpMdCheckIotlb, "IOMMU_TEST_OP_MD_CHECK_IOTLB", check_iotlb, kAll,
                 false, Id(F(id), kHwpt), F(check_iotlb.id), F(check_iotlb.iotlb))
DESCRIBE_TEST_OP(kIommuTestOpTriggerIopf, "IOMMU_TEST_OP_TRIGGER_IOPF", trigger_iopf, kAll,
                 false, F(id), Id(F(trigger_iopf.dev_id), kDevice), F(trigger_iopf.pasid),
                 F(trigger_iopf.grpid), F(trigger_iopf.perm), F(trigger_iopf.addr))
DESCRIBE_TEST_OP(kIommuTestOpDevCheckCache, "IOMMU_TEST_OP_DEV_CHECK_CACHE", check_dev_cache,
                 kSince7_2, false, Id(F(id), kDevice), F(check_dev_cache.id),
                 F(check_dev_cache.cache))
DESCRIBE_TEST_OP(kIommuTestOpTriggerVevent, "IOMMU_TEST_OP_TRIGGER_VEVENT", trigger_vevent,
                 kSince7_2, false, F(id), Id(F(trigger_vevent.dev_id), kDevice))
DESCRIBE_TEST_OP(kIommuTestOpPasidAttach, "IOMMU_TEST_OP_PASID_ATTACH", pasid_attach,
                 kSince7_2, false, Id(F(id), kStdev), F(pasid_attach.pasid),
                 Id(F(pasid_attach.pt_id), kPt))
DESCRIBE_TEST_OP(kIommuTestOpPasidReplace, "IOMMU_TEST_OP_PASID_REPLACE", pasid_replace,
                 kSince7_2, false, Id(F(id), kStdev), F(pasid_replace.pasid),
                 Id(F(pasid_replace.pt_id), kPt))
DESCRIBE_TEST_OP(kIommuTestOpPasidDetach, "IOMMU_TEST_OP_PASID_DETACH", pasid_detach,
                 kSince7_2, false, Id(F(id), kStdev), F(pasid_detach.pasid))
DESCRIBE_TEST_OP(kIommuTestOpPasidCheckHwpt, "IOMMU_TEST_OP_PASID_CHECK_HWPT", pasid_check,
                 kSince7_2, false, Id(F(id), kStdev), F(pasid_check.pasid),
                 Id(F(pasid_check.hwpt_id), kHwpt))
// DMABUF_GET returns the test dmabuf's descriptor (7.2; 7.3 returns 0).
DESCRIBE_TEST_OP(kIommuTestOpDmabufGet, "IOMMU_TEST_OP_DMABUF_GET", dmabuf_get, kSince7_2,
                 true, F(id), F(dmabuf_get.length), F(dmabuf_get.open_flags))
DESCRIBE_TEST_OP(kIommuTestOpDmabufRevoke, "IOMMU_TEST_OP_DMABUF_REVOKE", dmabuf_revoke,
                 kSince7_2, false, F(id), Fd(F(dmabuf_revoke.dmabuf_fd), kCallersFile),
                 F(dmabuf_revoke.revoked))

#include "reference/uapi/describe_end.h"

}  // namespace descriptions

inline constexpr IoctlDescription kIoctlDescriptions[] = {
    descriptions::kIoctlDestroyDescription::kEntry,
    descriptions::kIoctlIoasAllocDescription::kEntry,
    descriptions::kIoctlIoasAllowIovasDescription::kEntry,
    descriptions::kIoctlIoasCopyDescription::kEntry,
    descriptions::kIoctlIoasIovaRangesDescription::kEntry,
    descriptions::kIoctlIoasMapDescription::kEntry,
    descriptions::kIoctlIoasUnmapDescription::kEntry,
    descriptions::kIoctlOptionDescription::kEntry,
    descriptions::kIoctlVfioIoasDescription::kEntry,
    descriptions::kIoctlHwptAllocDescription::kEntry,
    descriptions::kIoctlGetHwInfoDescription::kEntry,
    descriptions::kIoctlHwptSetDirtyTrackingDescription::kEntry,
    descriptions::kIoctlHwptGetDirtyBitmapDescription::kEntry,
    descriptions::kIoctlHwptInvalidateDescription::kEntry,
    descriptions::kIoctlFaultQueueAllocDescription::kEntry,
    descriptions::kIoctlIoasMapFileDescription::kEntry,
    descriptions::kIoctlViommuAllocDescription::kEntry,
    descriptions::kIoctlVdeviceAllocDescription::kEntry,
    descriptions::kIoctlIoasChangeProcessDescription::kEntry,
    descriptions::kIoctlVeventqAllocDescription::kEntry,
    descriptions::kIoctlHwQueueAllocDescription::kEntry,
    descriptions::kIoctlIoasNoiommuGetPaDescription::kEntry,
    descriptions::kIoctlTestCmdDescription::kEntry,
    descriptions::kIoctlVfioGetApiVersionDescription::kEntry,
    descriptions::kIoctlVfioCheckExtensionDescription::kEntry,
    descriptions::kIoctlVfioSetIommuDescription::kEntry,
    descriptions::kIoctlVfioDeviceGetInfoDescription::kEntry,
    descriptions::kIoctlVfioIommuGetInfoDescription::kEntry,
    descriptions::kIoctlVfioIommuMapDmaDescription::kEntry,
    descriptions::kIoctlVfioIommuUnmapDmaDescription::kEntry,
    descriptions::kIoctlVfioIommuDirtyPagesDescription::kEntry,
    descriptions::kIoctlVfioDeviceBindIommufdDescription::kEntry,
    descriptions::kIoctlVfioDeviceAttachIommufdPtDescription::kEntry,
    descriptions::kIoctlVfioDeviceDetachIommufdPtDescription::kEntry,
};

inline constexpr TestOpDescription kTestOpDescriptions[] = {
    descriptions::kIommuTestOpAddReservedDescription::kEntry,
    descriptions::kIommuTestOpMockDomainDescription::kEntry,
    descriptions::kIommuTestOpMdCheckMapDescription::kEntry,
    descriptions::kIommuTestOpMdCheckRefsDescription::kEntry,
    descriptions::kIommuTestOpCreateAccessDescription::kEntry,
    descriptions::kIommuTestOpDestroyAccessPagesDescription::kEntry,
    descriptions::kIommuTestOpAccessPagesDescription::kEntry,
    descriptions::kIommuTestOpAccessRwDescription::kEntry,
    descriptions::kIommuTestOpSetTempMemoryLimitDescription::kEntry,
    descriptions::kIommuTestOpMockDomainReplaceDescription::kEntry,
    descriptions::kIommuTestOpAccessReplaceIoasDescription::kEntry,
    descriptions::kIommuTestOpMockDomainFlagsDescription::kEntry,
    descriptions::kIommuTestOpDirtyDescription::kEntry,
    descriptions::kIommuTestOpMdCheckIotlbDescription::kEntry,
    descriptions::kIommuTestOpTriggerIopfDescription::kEntry,
    descriptions::kIommuTestOpDevCheckCacheDescription::kEntry,
    descriptions::kIommuTestOpTriggerVeventDescription::kEntry,
    descriptions::kIommuTestOpPasidAttachDescription::kEntry,
    descriptions::kIommuTestOpPasidReplaceDescription::kEntry,
    descriptions::kIommuTestOpPasidDetachDescription::kEntry,
    descriptions::kIommuTestOpPasidCheckHwptDescription::kEntry,
    descriptions::kIommuTestOpDmabufGetDescription::kEntry,
    descriptions::kIommuTestOpDmabufRevokeDescription::kEntry,
};

// Every number is described once.
constexpr bool RequestsUnique(std::span<const IoctlDescription> table) {
  for (std::size_t i = 0; i < table.size(); ++i) {
    for (std::size_t j = i + 1; j < table.size(); ++j) {
      if (table[i].request == table[j].request) return false;
    }
  }
  return true;
}
static_assert(RequestsUnique(kIoctlDescriptions));

}  // namespace iommufd_conform::uapi

#endif  // IOMMUFD_CONFORM_REFERENCE_UAPI_IOCTL_DESCRIPTIONS_H_
