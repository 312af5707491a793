#ifndef IOMMUFD_CONFORM_REFERENCE_UAPI_ABI_CATALOG_H_
#define IOMMUFD_CONFORM_REFERENCE_UAPI_ABI_CATALOG_H_

// A data table of every struct, field, ioctl number and constant in our uAPI headers, with
// the kernel's spelling of each and the first supported kernel that has it. `abi check`
// turns it into a C probe compiled against real kernel headers; the static_asserts in
// abi_catalog.cc make sure no struct gains a field the catalog does not list.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace iommufd_conform::uapi {

// The kernels we support, oldest first. An entry's `since` is the first of these that has
// it; "7.2" therefore means "absent from 6.12", not "new in 7.2".
enum class KernelVersion : std::uint8_t { k6_12, k7_2, k7_3 };
inline constexpr KernelVersion kNewestKernel = KernelVersion::k7_3;

std::string_view VersionName(KernelVersion version);  // "7.2"
std::optional<KernelVersion> ParseKernelVersion(std::string_view text);

struct VersionRange {
  KernelVersion since = KernelVersion::k6_12;
  KernelVersion until = kNewestKernel;  // last version that has the entry
  constexpr bool Contains(KernelVersion version) const {
    return since <= version && version <= until;
  }
};

// Where the kernel defines an entry; the probe includes exactly these.
enum class KernelHeader : std::uint8_t {
  kIommufd,      // <linux/iommufd.h> (exported uapi)
  kVfio,         // <linux/vfio.h> (exported uapi)
  kIommufdTest,  // drivers/iommu/iommufd/iommufd_test.h (kernel source tree only)
};
std::string_view HeaderName(KernelHeader header);  // the #include spelling

struct FieldEntry {
  std::string_view name;         // ours; "check_map.iova" for a union member's field
  std::string_view kernel_name;  // the C designator: "__reserved", "check_map.iova"
  std::size_t offset;
  std::size_t size;
  std::size_t align;
  VersionRange versions = {};  // intersected with the struct's
  // A second name for the previous field's storage (an anonymous union: in/out_data_type).
  bool aliases_previous = false;
  // A trailing flexible array (`T name[]`) our struct leaves out: `offset` is where it
  // starts and `size` is one element's; it adds alignment to the struct but no size.
  bool flexible_array = false;
};

struct StructEntry {
  std::string_view name;         // ours: "IommuIoasMap"
  std::string_view kernel_name;  // "iommu_ioas_map"
  KernelHeader header;
  std::size_t size;
  std::size_t align;
  VersionRange versions = {};
  std::span<const FieldEntry> fields;
};

struct ConstantEntry {
  std::string_view name;         // ours: "kIoctlIoasMap"
  std::string_view kernel_name;  // "IOMMU_IOAS_MAP"
  KernelHeader header;
  std::uint64_t value;
  VersionRange versions = {};
};

std::span<const StructEntry> CatalogStructs();
std::span<const ConstantEntry> CatalogConstants();
// The kernel's name of the constant whose our-name starts with `prefix` ("kIoctl",
// "kIommuTestOp") and whose value is `value`; empty when there is none.
std::string_view KernelConstantName(std::string_view prefix, std::uint64_t value);

// The size and alignment the kernel's struct has in `version`: ours, minus fields that
// version does not have yet. Fields are only ever appended (or added to a union), so this
// is the end of the last present field rounded up to the present fields' alignment.
std::size_t SizeIn(const StructEntry& entry, KernelVersion version);
std::size_t AlignIn(const StructEntry& entry, KernelVersion version);

}  // namespace iommufd_conform::uapi

#endif  // IOMMUFD_CONFORM_REFERENCE_UAPI_ABI_CATALOG_H_
