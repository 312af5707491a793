#ifndef IOMMUFD_CONFORM_REFERENCE_UAPI_IOCTL_DESCRIPTION_H_
#define IOMMUFD_CONFORM_REFERENCE_UAPI_IOCTL_DESCRIPTION_H_

// The shape of one ioctl (or one IOMMU_TEST_CMD op) as data: its number, argument struct,
// sizes and every field with its role. The table itself is ioctl_descriptions.h; the size
// table, the ABI catalog's ioctl constants and checks, the model's dispatch check, the
// differential backend's output shapes, the fuzzer's op check and the syzkaller description
// are all derived from it or checked against it.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "reference/uapi/abi_catalog.h"

namespace iommufd_conform::uapi {

// Who writes a field: the caller (in), the kernel (out), or both in turn (in/out).
enum class Direction : std::uint8_t { kIn, kOut, kInOut };

enum class FieldRole : std::uint8_t {
  kSize,           // the struct's size word (`size`, VFIO's `argsz`)
  kValue,          // a number, flags word or address with no further meaning to tools
  kReserved,       // must be zero
  kObjectId,       // an iommufd object id: in names one, out is a new one
  kFd,             // a file descriptor: in names one, out is a new one
  kUserPointer,    // a user address the kernel reads or writes through (see PointerInfo)
  kUnionSelector,  // picks the union member (IOMMU_TEST_CMD's `op`)
};

// What an object id or descriptor field names.
enum class ObjectKind : std::uint8_t {
  kNone,
  kAny,           // any object (DESTROY, OPTION)
  kIoas,
  kHwpt,
  kPt,            // an IOAS or a HWPT (attach, HWPT_ALLOC's parent)
  kHwptOrViommu,  // HWPT_INVALIDATE's target
  kDevice,        // an iommufd device id (idev)
  kStdev,         // the selftest device object
  kFault,
  kViommu,
  kVdevice,
  kVeventq,
  kHwQueue,
  kAccessPages,
  // Descriptors.
  kIommufd,
  kAccess,      // a selftest access (IOMMU_TEST_OP_CREATE_ACCESS)
  kEventQueue,  // a fault or vEVENT queue
  kCallersFile, // a memfd or dmabuf of the caller's, or one the harness handed out
};

// A value the implementation may choose, which tools reconcile instead of comparing.
enum class FreeChoice : std::uint8_t { kNone, kAutoIova, kNewFd };

// For a kUserPointer field: how much memory it reaches and what lies there.
struct PointerInfo {
  // The field giving the element count (read before the call: the caller's capacity);
  // empty when `bytes` computes the length or none is known.
  std::string_view count_field;
  std::size_t element_size = 1;
  std::string_view element;  // the catalog's struct name, "" for plain bytes
  // The length in bytes from the call's input, when no count field gives it.
  std::uint64_t (*bytes)(std::span<const std::byte> input) = nullptr;
  // Errnos with which the kernel still writes through the pointer.
  std::span<const int> written_on_error = {};
};

struct FieldDescription {
  std::string_view name;  // as in our struct: "allowed_iovas", "check_map.iova"
  std::size_t offset;
  std::size_t size;
  std::size_t align;
  Direction direction = Direction::kIn;
  FieldRole role = FieldRole::kValue;
  ObjectKind object = ObjectKind::kNone;
  FreeChoice free = FreeChoice::kNone;
  PointerInfo pointer = {};
};

// Where an ioctl is issued and which generic rules its dispatcher applies.
enum class IoctlFamily : std::uint8_t {
  kIommufd,     // iommufd's own table: the size and tail rules of ioctl_sizes.h
  kVfioCompat,  // the type1 container ioctls iommufd serves on its own descriptor
  kVfioDevice,  // on a VFIO device cdev
};

struct IoctlDescription {
  unsigned long request;
  std::string_view constant;     // ours: "kIoctlIoasMap"
  std::string_view name;         // the kernel's: "IOMMU_IOAS_MAP"
  IoctlFamily family;
  KernelHeader header;
  VersionRange versions;
  std::string_view struct_name;  // ours: "IommuIoasMap"; "" when the argument is no struct
  std::string_view kernel_struct;  // "iommu_ioas_map"
  std::size_t min_size;          // offsetofend of the last mandatory field
  std::size_t struct_size;
  std::span<const FieldDescription> fields;
  std::string_view union_selector = {};  // "op" for IOMMU_TEST_CMD
};

// One IOMMU_TEST_CMD op: its selector value and the fields of its union member, plus any
// header field (`id`) whose role the op gives.
struct TestOpDescription {
  std::uint32_t op;
  std::string_view constant;  // "kIommuTestOpAccessRw"
  std::string_view name;      // "IOMMU_TEST_OP_ACCESS_RW"
  std::string_view member;    // "access_rw"
  VersionRange versions;
  std::span<const FieldDescription> fields;  // the member's, "access_rw.iova"
  // What the header's `id` names for this op.
  FieldDescription id;
  // Whether a successful call returns a new descriptor as its result (when nonzero).
  bool returns_fd = false;
};

constexpr std::size_t AlignUpTo(std::size_t value, std::size_t align) {
  return (value + align - 1) / align * align;
}

// True when `fields`, in order, account for every byte from `begin` to `end`: each starts
// where the one before ended plus alignment padding, and the last ends where `end` is once
// rounded up to `align`. A field left out of a description breaks that chain (it cannot
// leave a hole unnoticed), so a description cannot silently miss a field. `gap_size` bytes
// at `gap_offset` are a union described elsewhere (IOMMU_TEST_CMD's ops).
constexpr bool CoversBytes(std::span<const FieldDescription> fields, std::size_t begin,
                           std::size_t end, std::size_t align, std::size_t gap_offset = 0,
                           std::size_t gap_size = 0) {
  std::size_t at = begin;
  for (const FieldDescription& field : fields) {
    if (gap_size != 0 && at <= gap_offset && field.offset >= gap_offset + gap_size) {
      at = gap_offset + gap_size;
    }
    if (field.offset != AlignUpTo(at, field.align)) return false;
    at = field.offset + field.size;
  }
  return at <= end && AlignUpTo(at, align) == AlignUpTo(end, align);
}

// The description of `request` in `table`, or nullptr.
constexpr const IoctlDescription* FindDescription(std::span<const IoctlDescription> table,
                                                  unsigned long request) {
  for (const IoctlDescription& description : table) {
    if (description.request == request) return &description;
  }
  return nullptr;
}

constexpr const FieldDescription* FindField(std::span<const FieldDescription> fields,
                                            std::string_view name) {
  for (const FieldDescription& field : fields) {
    if (field.name == name) return &field;
  }
  return nullptr;
}

}  // namespace iommufd_conform::uapi

#endif  // IOMMUFD_CONFORM_REFERENCE_UAPI_IOCTL_DESCRIPTION_H_
