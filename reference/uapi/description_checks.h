#ifndef IOMMUFD_CONFORM_REFERENCE_UAPI_DESCRIPTION_CHECKS_H_
#define IOMMUFD_CONFORM_REFERENCE_UAPI_DESCRIPTION_CHECKS_H_

// The ioctl descriptions checked against the ABI catalog's structs (constexpr:
// abi_catalog.cc static_asserts it, and a test runs it on a table with a made-up ioctl), and
// the catalog's ioctl and test op constants derived from them.

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "reference/uapi/abi_catalog.h"
#include "reference/uapi/ioctl_description.h"

namespace iommufd_conform::uapi {

constexpr const StructEntry* FindStructEntry(std::span<const StructEntry> structs,
                                             std::string_view name) {
  for (const StructEntry& entry : structs) {
    if (entry.name == name) return &entry;
  }
  return nullptr;
}

constexpr bool SameField(const FieldDescription& field, const FieldEntry& entry) {
  return field.name == entry.name && field.offset == entry.offset && field.size == entry.size;
}

// Empty when every described struct is the catalog's: same name, kernel name, size and
// versions, every described field a catalogued one at the same offset and size, every
// catalogued field (but an alias or a flexible array) described, by the ioctl or, for a
// union's fields, by one of the test ops; else what differs first.
constexpr std::string_view CatalogMismatch(std::span<const IoctlDescription> ioctls,
                                           std::span<const TestOpDescription> test_ops,
                                           std::span<const StructEntry> structs) {
  for (const IoctlDescription& ioctl : ioctls) {
    if (ioctl.struct_name.empty()) continue;
    const StructEntry* entry = FindStructEntry(structs, ioctl.struct_name);
    if (!entry) return ioctl.name;
    if (entry->kernel_name != ioctl.kernel_struct || entry->size != ioctl.struct_size ||
        entry->versions.since != ioctl.versions.since ||
        entry->versions.until != ioctl.versions.until) {
      return ioctl.name;
    }
    for (const FieldDescription& field : ioctl.fields) {
      bool found = false;
      for (const FieldEntry& catalogued : entry->fields) {
        found = found || SameField(field, catalogued);
      }
      if (!found) return field.name;
      if (field.role == FieldRole::kUserPointer && !field.pointer.element.empty()) {
        const StructEntry* element = FindStructEntry(structs, field.pointer.element);
        if (!element || element->size != field.pointer.element_size) return field.name;
      }
    }
    for (const FieldEntry& catalogued : entry->fields) {
      if (catalogued.aliases_previous || catalogued.flexible_array) continue;
      bool described = false;
      for (const FieldDescription& field : ioctl.fields) {
        described = described || SameField(field, catalogued);
      }
      if (!ioctl.union_selector.empty()) {
        for (const TestOpDescription& op : test_ops) {
          for (const FieldDescription& field : op.fields) {
            described = described || SameField(field, catalogued);
          }
        }
      }
      if (!described) return catalogued.name;
    }
  }
  return {};
}

// The catalog constants of the descriptions of `header` (kIoctl*), in the table's order.
inline std::vector<ConstantEntry> IoctlConstants(std::span<const IoctlDescription> ioctls,
                                                 KernelHeader header) {
  std::vector<ConstantEntry> constants;
  for (const IoctlDescription& ioctl : ioctls) {
    if (ioctl.header != header) continue;
    constants.push_back({ioctl.constant, ioctl.name, header, ioctl.request, ioctl.versions});
  }
  return constants;
}

// The catalog constants of the test ops (kIommuTestOp*).
inline std::vector<ConstantEntry> TestOpConstants(std::span<const TestOpDescription> test_ops) {
  std::vector<ConstantEntry> constants;
  for (const TestOpDescription& op : test_ops) {
    constants.push_back({op.constant, op.name, KernelHeader::kIommufdTest, op.op, op.versions});
  }
  return constants;
}

}  // namespace iommufd_conform::uapi

#endif  // IOMMUFD_CONFORM_REFERENCE_UAPI_DESCRIPTION_CHECKS_H_
