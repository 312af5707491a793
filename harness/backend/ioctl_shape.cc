#include "harness/backend/ioctl_shape.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "reference/uapi/ioctl_descriptions.h"

namespace iommufd_conform {
namespace {

using uapi::Direction;
using uapi::FieldDescription;
using uapi::FieldRole;

// What the backend needs of one field: user memory it writes, a free choice, a descriptor.
void AddField(const FieldDescription& field, std::string_view member,
              DerivedShapes::Storage& storage) {
  if (field.role == FieldRole::kUserPointer && field.direction != Direction::kIn) {
    storage.regions.push_back({field.name, field.pointer.count_field, field.pointer.element_size,
                               field.pointer.element, field.pointer.bytes,
                               field.pointer.written_on_error});
  }
  if (field.free == uapi::FreeChoice::kAutoIova) {
    storage.free_fields.push_back({field.name, FreeField::Kind::kAutoIova});
  } else if (field.free == uapi::FreeChoice::kNewFd) {
    storage.free_fields.push_back({field.name, FreeField::Kind::kFd});
  }
  if (field.role == FieldRole::kFd && field.direction == Direction::kIn) {
    // A number the backend never handed out reaches the model unchanged where the kernel
    // judges the caller's own file: MAP_FILE's memfd, a dmabuf, and VFIO bind's iommufd
    // (another open file is EBADFD there, a closed number EBADF).
    bool callers_own = field.object == uapi::ObjectKind::kCallersFile ||
                       field.object == uapi::ObjectKind::kIommufd;
    storage.descriptor_fields.push_back({field.name, member, callers_own});
  }
}

}  // namespace

DerivedShapes::DerivedShapes(std::span<const uapi::IoctlDescription> ioctls,
                             std::span<const uapi::TestOpDescription> test_ops) {
  for (const uapi::IoctlDescription& ioctl : ioctls) {
    Storage& storage = storage_.emplace_back();
    for (const FieldDescription& field : ioctl.fields) AddField(field, {}, storage);
    if (!ioctl.union_selector.empty()) {
      for (const uapi::TestOpDescription& op : test_ops) {
        storage.union_members.push_back({op.op, op.member});
        AddField(op.id, op.member, storage);
        for (const FieldDescription& field : op.fields) AddField(field, op.member, storage);
        if (op.returns_fd) storage.fd_result_members.push_back(op.member);
      }
    }
    shapes_.push_back({ioctl.request, ioctl.name, ioctl.struct_name, storage.regions,
                       storage.free_fields, ioctl.union_selector, storage.union_members,
                       storage.descriptor_fields, storage.fd_result_members});
  }
}

const IoctlShape* DerivedShapes::Find(unsigned long request) const {
  for (const IoctlShape& shape : shapes_) {
    if (shape.request == request) return &shape;
  }
  return nullptr;
}

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
  static const DerivedShapes shapes(uapi::kIoctlDescriptions, uapi::kTestOpDescriptions);
  return shapes.Find(request);
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
