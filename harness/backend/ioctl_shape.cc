#include "harness/backend/ioctl_shape.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "reference/uapi/iommufd.h"
#include "reference/uapi/iommufd_test.h"
#include "reference/uapi/vfio.h"

namespace iommufd_conform {
namespace {

using uapi::IommuIovaRange;

// IOVA_RANGES fills the caller's array as far as it goes, also when it is too small.
constexpr int kIovaRangesWrittenOn[] = {EMSGSIZE};
constexpr OutputRegion kIovaRangesRegions[] = {{"allowed_iovas", "num_iovas",
                                                sizeof(IommuIovaRange), "IommuIovaRange",
                                                nullptr, kIovaRangesWrittenOn}};
// GET_HW_INFO writes data_len bytes of driver data, zero-filling what it has no data for;
// VIOMMU_ALLOC's driver data is in/out (the selftest vIOMMU echoes in_data to out_data).
constexpr OutputRegion kHwInfoRegions[] = {{"data_uptr", "data_len", 1, ""}};
constexpr OutputRegion kViommuAllocRegions[] = {{"data_uptr", "data_len", 1, ""}};
// IOMMU_TEST_OP_ACCESS_RW without the WRITE flag reads IOVA contents into the user buffer.
constexpr OutputRegion kTestCmdRegions[] = {{"access_rw.uptr", "access_rw.length", 1, ""}};

// HWPT_GET_DIRTY_BITMAP sets one bit per page_size page of [iova, iova + length) in u64
// words; the words are counted from iova's page, and one more word covers a bitmap that
// does not start at a page boundary of the range. Bits are only ever set, so bytes past the
// last bit compare equal unless a side wrote where it must not.
uint64_t DirtyBitmapBytes(std::span<const std::byte> input) {
  uapi::IommuHwptGetDirtyBitmap arg{};
  std::memcpy(&arg, input.data(), std::min(input.size(), sizeof(arg)));
  uint64_t page_size = arg.page_size;
  if (page_size == 0 || (page_size & (page_size - 1)) || arg.length == 0) return 0;
  uint64_t first = arg.iova / page_size;
  uint64_t last;
  if (__builtin_add_overflow(arg.iova, arg.length - 1, &last)) return 0;
  uint64_t pages = last / page_size - first + 1;
  return (pages / 64 + 2) * sizeof(uint64_t);
}
constexpr OutputRegion kDirtyBitmapRegions[] = {{"data", "", 1, "", DirtyBitmapBytes}};

constexpr FreeField kMapFree[] = {{"iova", FreeField::Kind::kAutoIova}};
constexpr FreeField kCopyFree[] = {{"dst_iova", FreeField::Kind::kAutoIova}};
constexpr FreeField kFaultFree[] = {{"out_fault_fd", FreeField::Kind::kFd}};
constexpr FreeField kVeventqFree[] = {{"out_veventq_fd", FreeField::Kind::kFd}};
// Binding to a file of the caller's that is no iommufd is EBADFD, a closed number EBADF: the
// model must see the caller's own number to tell the two apart.
constexpr DescriptorField kBindDescriptors[] = {{"iommufd", "", true}};
constexpr FreeField kTestCmdFree[] = {{"create_access.out_access_fd", FreeField::Kind::kFd}};

constexpr UnionMember kTestCmdMembers[] = {
    {uapi::kIommuTestOpAddReserved, "add_reserved"},
    {uapi::kIommuTestOpMockDomain, "mock_domain"},
    {uapi::kIommuTestOpMdCheckMap, "check_map"},
    {uapi::kIommuTestOpMdCheckRefs, "check_refs"},
    {uapi::kIommuTestOpCreateAccess, "create_access"},
    {uapi::kIommuTestOpDestroyAccessPages, "destroy_access_pages"},
    {uapi::kIommuTestOpAccessPages, "access_pages"},
    {uapi::kIommuTestOpAccessRw, "access_rw"},
    {uapi::kIommuTestOpSetTempMemoryLimit, "memory_limit"},
    {uapi::kIommuTestOpMockDomainReplace, "mock_domain_replace"},
    {uapi::kIommuTestOpAccessReplaceIoas, "access_replace_ioas"},
    {uapi::kIommuTestOpMockDomainFlags, "mock_domain_flags"},
    {uapi::kIommuTestOpDirty, "dirty"},
    {uapi::kIommuTestOpMdCheckIotlb, "check_iotlb"},
    {uapi::kIommuTestOpTriggerIopf, "trigger_iopf"},
    {uapi::kIommuTestOpDevCheckCache, "check_dev_cache"},
    {uapi::kIommuTestOpTriggerVevent, "trigger_vevent"},
    {uapi::kIommuTestOpPasidAttach, "pasid_attach"},
    {uapi::kIommuTestOpPasidReplace, "pasid_replace"},
    {uapi::kIommuTestOpPasidDetach, "pasid_detach"},
    {uapi::kIommuTestOpPasidCheckHwpt, "pasid_check"},
    {uapi::kIommuTestOpDmabufGet, "dmabuf_get"},
    {uapi::kIommuTestOpDmabufRevoke, "dmabuf_revoke"},
};

// The access ops name the access by its descriptor in `id`.
constexpr DescriptorField kTestCmdDescriptors[] = {
    {"id", "access_pages"},
    {"id", "access_rw"},
    {"id", "destroy_access_pages"},
    {"id", "access_replace_ioas"},
    {"dmabuf_revoke.dmabuf_fd", "dmabuf_revoke", true},
};
// DMABUF_GET returns the test dmabuf's descriptor (7.2; 7.3 returns 0).
constexpr std::string_view kTestCmdFdResults[] = {"dmabuf_get"};
// MAP_FILE takes a memfd of the caller's or a dmabuf the backend handed out.
constexpr DescriptorField kMapFileDescriptors[] = {{"fd", "", true}};

struct ShapeSpec {
  unsigned long request;
  std::string_view struct_name;  // "" when the argument is not a struct (an int, or none)
  std::span<const OutputRegion> regions = {};
  std::span<const FreeField> free_fields = {};
  std::string_view union_selector = {};
  std::span<const UnionMember> union_members = {};
  std::span<const DescriptorField> descriptor_fields = {};
  std::span<const std::string_view> fd_result_members = {};
};

constexpr ShapeSpec kSpecs[] = {
    {uapi::kIoctlDestroy, "IommuDestroy"},
    {uapi::kIoctlIoasAlloc, "IommuIoasAlloc"},
    {uapi::kIoctlIoasAllowIovas, "IommuIoasAllowIovas"},
    {uapi::kIoctlIoasCopy, "IommuIoasCopy", {}, kCopyFree},
    {uapi::kIoctlIoasIovaRanges, "IommuIoasIovaRanges", kIovaRangesRegions},
    {uapi::kIoctlIoasMap, "IommuIoasMap", {}, kMapFree},
    {uapi::kIoctlIoasUnmap, "IommuIoasUnmap"},
    {uapi::kIoctlOption, "IommuOption"},
    {uapi::kIoctlVfioIoas, "IommuVfioIoas"},
    {uapi::kIoctlHwptAlloc, "IommuHwptAlloc"},
    {uapi::kIoctlGetHwInfo, "IommuHwInfo", kHwInfoRegions},
    {uapi::kIoctlHwptSetDirtyTracking, "IommuHwptSetDirtyTracking"},
    {uapi::kIoctlHwptGetDirtyBitmap, "IommuHwptGetDirtyBitmap", kDirtyBitmapRegions},
    {uapi::kIoctlHwptInvalidate, "IommuHwptInvalidate"},
    {uapi::kIoctlFaultQueueAlloc, "IommuFaultAlloc", {}, kFaultFree},
    {uapi::kIoctlIoasMapFile, "IommuIoasMapFile", {}, kMapFree, {}, {}, kMapFileDescriptors},
    {uapi::kIoctlViommuAlloc, "IommuViommuAlloc", kViommuAllocRegions},
    {uapi::kIoctlVdeviceAlloc, "IommuVdeviceAlloc"},
    {uapi::kIoctlIoasChangeProcess, "IommuIoasChangeProcess"},
    {uapi::kIoctlVeventqAlloc, "IommuVeventqAlloc", {}, kVeventqFree},
    {uapi::kIoctlHwQueueAlloc, "IommuHwQueueAlloc"},
    {uapi::kIoctlIoasNoiommuGetPa, "IommuIoasNoiommuGetPa"},
    {uapi::kIoctlTestCmd, "IommuTestCmd", kTestCmdRegions, kTestCmdFree, "op", kTestCmdMembers,
     kTestCmdDescriptors, kTestCmdFdResults},
    {uapi::kIoctlVfioGetApiVersion, ""},
    {uapi::kIoctlVfioCheckExtension, ""},
    {uapi::kIoctlVfioSetIommu, ""},
    {uapi::kIoctlVfioDeviceGetInfo, "VfioDeviceInfo"},
    {uapi::kIoctlVfioIommuGetInfo, "VfioIommuType1Info"},
    {uapi::kIoctlVfioIommuMapDma, "VfioIommuType1DmaMap"},
    {uapi::kIoctlVfioIommuUnmapDma, "VfioIommuType1DmaUnmap"},
    {uapi::kIoctlVfioIommuDirtyPages, ""},
    {uapi::kIoctlVfioDeviceBindIommufd, "VfioDeviceBindIommufd", {}, {}, {}, {},
     kBindDescriptors},
    {uapi::kIoctlVfioDeviceAttachIommufdPt, "VfioDeviceAttachIommufdPt"},
    {uapi::kIoctlVfioDeviceDetachIommufdPt, "VfioDeviceDetachIommufdPt"},
};

// The kernel's name of an ioctl, from the catalog's constants (ours are spelled kIoctl*).
std::string_view KernelIoctlName(unsigned long request) {
  return uapi::KernelConstantName("kIoctl", request);
}

const std::vector<IoctlShape>& Shapes() {
  static const std::vector<IoctlShape> shapes = [] {
    std::vector<IoctlShape> built;
    for (const ShapeSpec& spec : kSpecs) {
      built.push_back({spec.request, KernelIoctlName(spec.request), spec.struct_name,
                       spec.regions, spec.free_fields, spec.union_selector,
                       spec.union_members, spec.descriptor_fields, spec.fd_result_members});
    }
    return built;
  }();
  return shapes;
}

}  // namespace

std::string_view IoctlShape::SelectedMember(std::span<const std::byte> bytes) const {
  if (union_selector.empty()) return {};
  const uapi::StructEntry* entry = FindCatalogStruct(struct_name);
  const uapi::FieldEntry* selector = entry ? FieldNamed(*entry, union_selector) : nullptr;
  std::optional<uint64_t> value = selector ? ReadField(bytes, *selector) : std::nullopt;
  for (const UnionMember& member : union_members) {
    if (value == member.selector_value) return member.member;
  }
  return {};
}

bool IoctlShape::ReturnsFd(std::span<const std::byte> bytes) const {
  if (fd_result_members.empty()) return false;
  std::string_view member = SelectedMember(bytes);
  for (std::string_view returning : fd_result_members) {
    if (!member.empty() && member == returning) return true;
  }
  return false;
}

const IoctlShape* FindIoctlShape(unsigned long request) {
  for (const IoctlShape& shape : Shapes()) {
    if (shape.request == request) return &shape;
  }
  return nullptr;
}

const uapi::StructEntry* FindCatalogStruct(std::string_view name) {
  for (const uapi::StructEntry& entry : uapi::CatalogStructs()) {
    if (entry.name == name) return &entry;
  }
  return nullptr;
}

bool InMember(const uapi::FieldEntry& field, std::string_view member) {
  size_t dot = field.name.find('.');
  return dot == std::string_view::npos || field.name.substr(0, dot) == member;
}

const uapi::FieldEntry* FieldAt(const uapi::StructEntry& entry, std::size_t offset,
                                std::string_view member) {
  for (const uapi::FieldEntry& field : entry.fields) {
    if (field.aliases_previous || field.flexible_array || !InMember(field, member)) continue;
    if (field.offset <= offset && offset < field.offset + field.size) return &field;
  }
  return nullptr;
}

const uapi::FieldEntry* FieldNamed(const uapi::StructEntry& entry, std::string_view name) {
  for (const uapi::FieldEntry& field : entry.fields) {
    if (field.name == name) return &field;
  }
  return nullptr;
}

std::optional<uint64_t> ReadField(std::span<const std::byte> bytes,
                                  const uapi::FieldEntry& field) {
  if (field.size > sizeof(uint64_t) || field.offset + field.size > bytes.size()) {
    return std::nullopt;
  }
  uint64_t value = 0;
  std::memcpy(&value, bytes.data() + field.offset, field.size);  // little-endian targets only
  return value;
}

}  // namespace iommufd_conform
