#ifndef IOMMUFD_CONFORM_HARNESS_BACKEND_IOCTL_SHAPE_H_
#define IOMMUFD_CONFORM_HARNESS_BACKEND_IOCTL_SHAPE_H_

// What the differential backend needs to know about an ioctl beyond its bytes: its name, its
// argument struct in the ABI catalog, the user memory it writes through pointers in that
// struct, and the output fields whose value the uAPI leaves to the implementation. All of it
// is derived from the ioctl's description (DerivedShapes).
//
//   const IoctlShape* shape = FindIoctlShape(uapi::kIoctlIoasIovaRanges);
//   shape->name             // "IOMMU_IOAS_IOVA_RANGES"
//   shape->regions[0]       // allowed_iovas -> num_iovas * sizeof(IommuIovaRange)

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "reference/uapi/abi_catalog.h"
#include "reference/uapi/ioctl_description.h"

namespace iommufd_conform {

// User memory a call writes through a pointer field: `count_field` (read before the call,
// so it is the caller's capacity) times `element_size` bytes at the address in
// `pointer_field`, or, for a region whose size is computed from several fields, what
// `bytes` says. `element` names the element struct in the catalog, if it has one.
struct OutputRegion {
  std::string_view pointer_field;
  std::string_view count_field;
  std::size_t element_size;
  std::string_view element;  // "" for plain bytes
  // The region's size in bytes from the call's input, when no count field gives it.
  uint64_t (*bytes)(std::span<const std::byte> input) = nullptr;
  // The errnos with which the kernel still writes the region (IOVA_RANGES fills the array
  // and answers EMSGSIZE); after any other failure nothing of it is compared.
  std::span<const int> written_on_error = {};
};

// An output field the implementation may choose freely. Such a field is not compared byte for
// byte when both sides succeed; the differential backend reconciles it instead.
struct FreeField {
  enum class Kind {
    kAutoIova,  // an IOVA chosen when `flags` lacks IOMMU_IOAS_MAP_FIXED_IOVA
    kFd,        // a new file descriptor: numbers differ between processes and models
  };
  std::string_view field;
  Kind kind;
};

// For a struct with a union (IOMMU_TEST_CMD): which member a selector value picks.
struct UnionMember {
  uint64_t selector_value;
  std::string_view member;  // the catalog's prefix: "mock_domain"
};

// An input field naming a descriptor the backend handed out, such as the access descriptor
// IOMMU_TEST_CMD's access ops carry in `id`. The differential backend gives the model its
// own number for it. `member` limits it to calls selecting that union member.
struct DescriptorField {
  std::string_view field;
  std::string_view member;  // "" for every call
  // Whether the field may also name a descriptor of the caller's own (MAP_FILE's memfd):
  // then a number the backend never handed out reaches the model unchanged.
  bool callers_own = false;
};

struct IoctlShape {
  unsigned long request;
  std::string_view name;         // the kernel's: "IOMMU_IOAS_MAP"
  std::string_view struct_name;  // the catalog's: "IommuIoasMap"; "" for a non-struct arg
  std::span<const OutputRegion> regions;
  // A dotted name ("create_access.out_access_fd") is free only when its member is selected.
  std::span<const FreeField> free_fields;
  std::string_view union_selector;  // "op", or "" without a union
  std::span<const UnionMember> union_members;
  std::span<const DescriptorField> descriptor_fields;
  // Union members whose call returns a new descriptor as the ioctl's result (0: none).
  std::span<const std::string_view> fd_result_members;

  // The union member `bytes` select, or "" (none, or an unknown selector value).
  std::string_view SelectedMember(std::span<const std::byte> bytes) const;
  // Whether a successful call with these bytes returns a new descriptor (when nonzero).
  bool ReturnsFd(std::span<const std::byte> bytes) const;
};

// The shapes of a table of ioctl descriptions (reference/uapi/ioctl_descriptions.h): regions
// are its pointers the kernel writes through, free fields its auto IOVAs and new
// descriptors, descriptor fields the descriptors it takes, union members its test ops.
class DerivedShapes {
 public:
  DerivedShapes(std::span<const uapi::IoctlDescription> ioctls,
                std::span<const uapi::TestOpDescription> test_ops);
  DerivedShapes(const DerivedShapes&) = delete;
  DerivedShapes& operator=(const DerivedShapes&) = delete;

  // nullptr for a request the table does not describe.
  const IoctlShape* Find(unsigned long request) const;
  std::span<const IoctlShape> shapes() const { return shapes_; }

  // What one shape's spans point into.
  struct Storage {
    std::vector<OutputRegion> regions;
    std::vector<FreeField> free_fields;
    std::vector<UnionMember> union_members;
    std::vector<DescriptorField> descriptor_fields;
    std::vector<std::string_view> fd_result_members;
  };

 private:
  std::deque<Storage> storage_;  // a deque: growing it moves no element
  std::vector<IoctlShape> shapes_;
};

// The shape of `request` as uapi::kIoctlDescriptions describes it; nullptr for a request
// no description has.
const IoctlShape* FindIoctlShape(unsigned long request);

// The catalog entry of a struct by our name, or nullptr.
const uapi::StructEntry* FindCatalogStruct(std::string_view name);
// Whether `field` belongs to the struct proper or to union member `member` ("" selects none).
bool InMember(const uapi::FieldEntry& field, std::string_view member);
// The field of `entry` holding byte `offset`, among those InMember(member), or nullptr.
const uapi::FieldEntry* FieldAt(const uapi::StructEntry& entry, std::size_t offset,
                                std::string_view member = {});
const uapi::FieldEntry* FieldNamed(const uapi::StructEntry& entry, std::string_view name);

// A field's value read from struct bytes (little-endian, at most 8 bytes); nullopt when the
// bytes do not reach the field.
std::optional<uint64_t> ReadField(std::span<const std::byte> bytes, const uapi::FieldEntry& field);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_BACKEND_IOCTL_SHAPE_H_
