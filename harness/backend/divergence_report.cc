#include "harness/backend/divergence_report.h"

#include <algorithm>
#include <cstdio>

namespace iommufd_conform {
namespace {

std::string HexBytes(std::span<const std::byte> bytes) {
  std::string text = "[";
  char hex[4];
  for (std::byte b : bytes) {
    std::snprintf(hex, sizeof(hex), "%02x", static_cast<unsigned>(b));
    text += hex;
  }
  return text + "]";
}

bool AllZero(std::span<const std::byte> bytes) {
  return std::all_of(bytes.begin(), bytes.end(), [](std::byte b) { return b == std::byte{0}; });
}

// "name=value" for every field of `bytes` that passes `show`, in declaration order.
template <typename Show>
std::string Fields(const CallRecord& call, std::span<const std::byte> bytes, Show show) {
  const IoctlShape* shape = call.shape();
  const uapi::StructEntry* entry = shape ? FindCatalogStruct(shape->struct_name) : nullptr;
  if (!entry) return "";
  std::string_view member = shape->SelectedMember(call.input);
  std::string text;
  for (const uapi::FieldEntry& field : entry->fields) {
    if (field.aliases_previous || field.flexible_array || !InMember(field, member)) continue;
    if (field.offset + field.size > bytes.size()) break;
    auto value = bytes.subspan(field.offset, field.size);
    if (!show(field, value)) continue;
    if (!text.empty()) text += ", ";
    auto number = ReadField(bytes, field);
    text += std::string(field.name) + "=" + (number ? FormatValue(*number) : HexBytes(value));
  }
  return text;
}

}  // namespace

std::string DescribeCall(const CallRecord& call) {
  std::string fd = std::to_string(call.fd);
  switch (call.kind) {
    case CallRecord::Kind::kOpenIommufd: return "open(/dev/iommu)";
    case CallRecord::Kind::kOpenDevice: return "open(" + call.path + ")";
    case CallRecord::Kind::kRead:
      return "read(" + fd + ", " + std::to_string(call.input.size()) + " bytes)";
    case CallRecord::Kind::kWrite:
      return "write(" + fd + ", " + std::to_string(call.input.size()) + " bytes)";
    case CallRecord::Kind::kPoll: return "poll(" + fd + ", events " + std::to_string(call.arg) + ")";
    case CallRecord::Kind::kClose: return "close(" + fd + ")";
    case CallRecord::Kind::kMmap: return "mmap(" + fd + ", offset " + FormatValue(call.arg) + ")";
    case CallRecord::Kind::kMunmap: return "munmap(" + FormatValue(call.arg) + ")";
    case CallRecord::Kind::kDmaRead:
    case CallRecord::Kind::kDmaWrite:
      return call.CallName() + "(device " + fd + ", iova " + FormatValue(call.arg) + ", " +
             std::to_string(call.kind == CallRecord::Kind::kDmaRead
                                ? call.kernel.outcome.out.size()
                                : call.input.size()) +
             " bytes)";
    case CallRecord::Kind::kIoctl: break;
  }
  const IoctlShape* shape = call.shape();
  const uapi::StructEntry* entry = shape ? FindCatalogStruct(shape->struct_name) : nullptr;
  if (!shape) {
    std::string name = call.CallName();  // "ioctl(0x3b9f)"
    return name.substr(0, name.size() - 1) + ", " + FormatValue(call.arg) + ")";
  }
  if (!entry) return call.CallName() + "(" + FormatValue(call.arg) + ")";
  std::string fields = Fields(call, call.input, [&](const uapi::FieldEntry& field, auto value) {
    bool is_size = field.offset == 0 && (field.name == "size" || field.name == "argsz");
    if (is_size) return ReadField(call.input, field) != entry->size;
    return !AllZero(value);
  });
  if (call.input.size() < entry->size) {
    fields += std::string(fields.empty() ? "" : ", ") + std::to_string(call.input.size()) +
              " of " + std::to_string(entry->size) + " bytes";
  }
  return call.CallName() + "(" + fields + ")";
}

std::string DescribeSide(const CallRecord& call, const SideResult& side) {
  const Outcome& outcome = side.outcome;
  std::string text = outcome.ok() ? "ok(ret=" + std::to_string(outcome.ret) + ")"
                                  : "fails(" + ErrnoName(outcome.error) + ")";
  if (call.kind != CallRecord::Kind::kIoctl) return text;
  std::string changed =
      Fields(call, outcome.out, [&](const uapi::FieldEntry& field, auto value) {
        if (field.offset + field.size > call.input.size()) return false;
        return !std::equal(value.begin(), value.end(), call.input.begin() + field.offset);
      });
  return changed.empty() ? text : text + " " + changed;
}

std::string LogLine(const CallRecord& call) {
  return DescribeCall(call) + " -> " + DescribeSide(call, call.kernel);
}

std::string FormatDivergence(const CallRecord& call, const Difference& difference,
                             std::span<const std::string> earlier) {
  std::string fd = call.kind == CallRecord::Kind::kOpenIommufd ||
                           call.kind == CallRecord::Kind::kOpenDevice
                       ? ""
                       : " on fd " + std::to_string(call.fd);
  std::string text = call.CallName() + " diverged" + fd + "\n";
  text += "  call:   " + DescribeCall(call) + "\n";
  text += "  kernel: " + DescribeSide(call, call.kernel) + "\n";
  text += "  model:  " + DescribeSide(call, call.model) + "\n";
  text += "  first difference: " + difference.where + ": kernel " + difference.kernel_value +
          ", model " + difference.model_value + "\n";
  if (!difference.note.empty()) text += "  why: " + difference.note + "\n";
  if (earlier.empty()) {
    text += "  no earlier calls on this fd\n";
  } else {
    text += "  earlier calls on this fd, oldest first:\n";
    for (const std::string& line : earlier) text += "    " + line + "\n";
  }
  return text;
}

}  // namespace iommufd_conform
