#include "reference/uapi/syzlang.h"

#include <cstdio>
#include <set>
#include <string_view>
#include <vector>

namespace iommufd_conform::uapi {
namespace {

// Object ids as syzkaller resources: a call's out id feeds later calls' in ids. An IOAS and
// a HWPT are both page tables (attach takes either), and every object is an object
// (DESTROY takes any).
constexpr std::string_view kResources =
    "resource fd_iommufd[fd]\n"
    "resource fd_iommufd_event_queue[fd]\n"
    "resource fd_iommufd_access[fd]\n"
    "resource iommufd_object_id[int32]\n"
    "resource iommufd_pt_id[iommufd_object_id]\n"
    "resource iommufd_ioas_id[iommufd_pt_id]\n"
    "resource iommufd_hwpt_id[iommufd_pt_id]\n"
    "resource iommufd_device_id[iommufd_object_id]\n"
    "resource iommufd_stdev_id[iommufd_object_id]\n"
    "resource iommufd_fault_id[iommufd_object_id]\n"
    "resource iommufd_viommu_id[iommufd_object_id]\n"
    "resource iommufd_vdevice_id[iommufd_object_id]\n"
    "resource iommufd_veventq_id[iommufd_object_id]\n"
    "resource iommufd_hw_queue_id[iommufd_object_id]\n"
    "resource iommufd_access_pages_id[iommufd_object_id]\n";

std::string_view ResourceOf(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::kAny:
    case ObjectKind::kHwptOrViommu: return "iommufd_object_id";
    case ObjectKind::kIoas: return "iommufd_ioas_id";
    case ObjectKind::kHwpt: return "iommufd_hwpt_id";
    case ObjectKind::kPt: return "iommufd_pt_id";
    case ObjectKind::kDevice: return "iommufd_device_id";
    case ObjectKind::kStdev: return "iommufd_stdev_id";
    case ObjectKind::kFault: return "iommufd_fault_id";
    case ObjectKind::kViommu: return "iommufd_viommu_id";
    case ObjectKind::kVdevice: return "iommufd_vdevice_id";
    case ObjectKind::kVeventq: return "iommufd_veventq_id";
    case ObjectKind::kHwQueue: return "iommufd_hw_queue_id";
    case ObjectKind::kAccessPages: return "iommufd_access_pages_id";
    case ObjectKind::kIommufd: return "fd_iommufd";
    case ObjectKind::kAccess: return "fd_iommufd_access";
    case ObjectKind::kEventQueue: return "fd_iommufd_event_queue";
    case ObjectKind::kCallersFile: return "fd";
    case ObjectKind::kNone: break;
  }
  return {};
}

std::string Hex(std::uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof(text), "%#llx", static_cast<unsigned long long>(value));
  return text;
}
std::string IntType(std::size_t size) { return "int" + std::to_string(size * 8); }
bool IsScalar(const FieldDescription& field) {
  return (field.size == 1 || field.size == 2 || field.size == 4 || field.size == 8) &&
         field.align == field.size;
}

// The syzlang name of a struct: the kernel's, with `$variant` for IOMMU_TEST_CMD's ops.
std::string ShortName(std::string_view name) {
  std::size_t dot = name.find('.');
  return std::string(dot == std::string_view::npos ? name : name.substr(dot + 1));
}

std::string_view DirectionName(Direction direction) {
  switch (direction) {
    case Direction::kIn: return "in";
    case Direction::kOut: return "out";
    case Direction::kInOut: return "inout";
  }
  return "in";
}

class Writer {
 public:
  explicit Writer(std::span<const StructEntry> catalog) : catalog_(catalog) {}

  // One struct: `fields` in order, padded where the C struct has a gap, sized `size`.
  void Struct(const std::string& name, std::span<const FieldDescription* const> fields,
              std::span<const FieldDescription* const> all_fields, std::size_t size,
              std::uint32_t selector_value) {
    std::string body;
    std::size_t end = 0;
    int pads = 0;
    for (const FieldDescription* field : fields) {
      if (field->offset > AlignUpTo(end, field->align)) {
        body += "\tpad" + std::to_string(pads++) + "\tarray[const[0, int8], " +
                std::to_string(field->offset - end) + "]\n";
      }
      body += "\t" + ShortName(field->name) + "\t" +
              Type(*field, all_fields, selector_value) + "\n";
      end = field->offset + field->size;
    }
    structs_ += name + " {\n" + body + "} [size[" + std::to_string(size) + "]]\n\n";
  }

  std::string Finish() {
    std::string elements;
    for (const std::string& element : elements_) {
      const StructEntry* entry = nullptr;
      for (const StructEntry& candidate : catalog_) {
        if (candidate.name == element) entry = &candidate;
      }
      if (!entry) continue;
      std::string body;
      for (const FieldEntry& field : entry->fields) {
        body += "\t" + std::string(field.name) + "\t" + IntType(field.size) + "\n";
      }
      elements += std::string(entry->kernel_name) + " {\n" + body + "}\n\n";
    }
    return structs_ + elements;
  }

  std::string ElementType(const PointerInfo& pointer) {
    for (const StructEntry& entry : catalog_) {
      if (!pointer.element.empty() && entry.name == pointer.element) {
        elements_.insert(std::string(entry.name));
        return std::string(entry.kernel_name);
      }
    }
    return "int8";
  }

 private:
  std::string Type(const FieldDescription& field,
                   std::span<const FieldDescription* const> all_fields,
                   std::uint32_t selector_value) {
    std::string attribute = field.direction == Direction::kIn
                                ? ""
                                : "\t(" + std::string(DirectionName(field.direction)) + ")";
    if (!IsScalar(field)) return "array[const[0, int8], " + std::to_string(field.size) + "]";
    std::string bits = IntType(field.size);
    // A pointer's count field is its length.
    for (const FieldDescription* other : all_fields) {
      if (other->role == FieldRole::kUserPointer && other->pointer.count_field == field.name) {
        return "len[" + ShortName(other->name) + ", " + bits + "]";
      }
    }
    switch (field.role) {
      case FieldRole::kSize: return "len[parent, " + bits + "]";
      case FieldRole::kReserved: return "const[0, " + bits + "]";
      case FieldRole::kUnionSelector: return "const[" + Hex(selector_value) + ", " + bits + "]";
      case FieldRole::kObjectId:
      case FieldRole::kFd:
        if (field.size == 4 && !ResourceOf(field.object).empty()) {
          return std::string(ResourceOf(field.object)) + attribute;
        }
        return bits + attribute;
      case FieldRole::kUserPointer:
        return "ptr64[" + std::string(DirectionName(field.direction)) + ", array[" +
               ElementType(field.pointer) + "]]";
      case FieldRole::kValue: break;
    }
    return bits + attribute;
  }

  std::span<const StructEntry> catalog_;
  std::string structs_;
  std::set<std::string> elements_;
};

std::string Call(std::string_view name, unsigned long request, const std::string& arg) {
  return "ioctl$" + std::string(name) + "(fd fd_iommufd, cmd const[" + Hex(request) +
         "], arg " + arg + ")\n";
}

std::vector<const FieldDescription*> Pointers(std::span<const FieldDescription> fields) {
  std::vector<const FieldDescription*> pointers;
  for (const FieldDescription& field : fields) pointers.push_back(&field);
  return pointers;
}

}  // namespace

std::string DevIommuSyzlang(std::span<const IoctlDescription> ioctls,
                            std::span<const TestOpDescription> test_ops,
                            std::span<const StructEntry> catalog) {
  std::string out =
      "# Generated by iommufd-conform-syzlang from reference/uapi/ioctl_descriptions.h: do not\n"
      "# edit. syzkaller's description of /dev/iommu (iommufd), every ioctl and\n"
      "# IOMMU_TEST_CMD op (the latter need CONFIG_IOMMUFD_TEST). Numbers are literal.\n\n"
      "include <uapi/linux/fcntl.h>\n\n";
  out += kResources;
  out += "\nopenat$iommufd(fd const[AT_FDCWD], file ptr[in, string[\"/dev/iommu\"]], "
         "flags flags[open_flags], mode const[0]) fd_iommufd\n\n";
  Writer writer(catalog);
  std::string calls;
  for (const IoctlDescription& ioctl : ioctls) {
    if (ioctl.family == IoctlFamily::kVfioDevice) continue;  // not on /dev/iommu
    if (!ioctl.union_selector.empty()) {
      for (const TestOpDescription& op : test_ops) {
        std::vector<const FieldDescription*> fields;
        for (const FieldDescription& field : ioctl.fields) {
          if (field.name == "last") continue;
          fields.push_back(field.name == "id" ? &op.id : &field);
        }
        for (const FieldDescription& field : op.fields) fields.push_back(&field);
        fields.push_back(FindField(ioctl.fields, "last"));
        std::string name = std::string(ioctl.kernel_struct) + "$" + std::string(op.member);
        writer.Struct(name, fields, fields, ioctl.struct_size, op.op);
        calls += Call(op.name, ioctl.request, "ptr[in, " + name + "]");
      }
      continue;
    }
    if (ioctl.struct_name.empty()) {
      calls += Call(ioctl.name, ioctl.request, "intptr");
      continue;
    }
    std::vector<const FieldDescription*> fields = Pointers(ioctl.fields);
    writer.Struct(std::string(ioctl.kernel_struct), fields, fields, ioctl.struct_size, 0);
    calls += Call(ioctl.name, ioctl.request, "ptr[in, " + std::string(ioctl.kernel_struct) + "]");
  }
  return out + calls + "\n" + writer.Finish();
}

}  // namespace iommufd_conform::uapi
