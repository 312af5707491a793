#include "harness/backend/call_record.h"

#include <algorithm>
#include <cstdio>

#include "reference/uapi/iommufd.h"

namespace iommufd_conform {
namespace {

std::string ResultText(const Outcome& outcome) {
  return outcome.ok() ? "ok(ret=" + std::to_string(outcome.ret) + ")" : ErrnoName(outcome.error);
}

std::string ByteText(std::byte value) {
  char text[8];
  std::snprintf(text, sizeof(text), "0x%02x", static_cast<unsigned>(value));
  return text;
}

size_t FirstMismatch(std::span<const std::byte> a, std::span<const std::byte> b, size_t from,
                     const std::vector<std::pair<size_t, size_t>>& skipped) {
  size_t common = std::min(a.size(), b.size());
  for (size_t i = from; i < common; ++i) {
    bool skip = std::any_of(skipped.begin(), skipped.end(), [&](const auto& range) {
      return range.first <= i && i < range.second;
    });
    if (!skip && a[i] != b[i]) return i;
  }
  return a.size() == b.size() ? SIZE_MAX : common;
}

// Names byte `offset` of a struct's bytes and renders both sides' values there.
Difference StructDifference(const uapi::StructEntry* entry, std::string_view member,
                            std::span<const std::byte> kernel, std::span<const std::byte> model,
                            size_t offset) {
  const uapi::FieldEntry* field = entry ? FieldAt(*entry, offset, member) : nullptr;
  std::string at = "byte " + std::to_string(offset);
  if (field) {
    auto k = ReadField(kernel, *field);
    auto m = ReadField(model, *field);
    if (k && m) {
      return {std::string(field->name), std::string(field->name) + " (" + at + ")",
              FormatValue(*k), FormatValue(*m), ""};
    }
  }
  std::string name = field ? std::string(field->name) : "+" + std::to_string(offset);
  std::string where = field ? name + " (" + at + ")" : at;
  auto side = [&](std::span<const std::byte> bytes) {
    return offset < bytes.size() ? ByteText(bytes[offset]) : std::string("(absent)");
  };
  return {name, where, side(kernel), side(model), ""};
}

std::optional<Difference> RegionDifference(const RegionSnapshot& kernel,
                                           const RegionSnapshot& model) {
  const OutputRegion& region = *kernel.region;
  std::string name(region.pointer_field);
  if (kernel.readable != model.readable) {
    auto state = [](bool readable) { return std::string(readable ? "readable" : "unreadable"); };
    return Difference{name + "[]", name, state(kernel.readable), state(model.readable), ""};
  }
  size_t offset = FirstMismatch(kernel.bytes, model.bytes, 0, {});
  if (offset == SIZE_MAX) return std::nullopt;
  size_t index = offset / region.element_size;
  size_t within = offset % region.element_size;
  std::string at = "region byte " + std::to_string(offset);
  std::string indexed = name + "[" + std::to_string(index) + "]";
  if (const uapi::StructEntry* element = FindCatalogStruct(region.element)) {
    if (const uapi::FieldEntry* field = FieldAt(*element, within)) {
      auto slice = [&](const std::vector<std::byte>& bytes) {
        return std::span<const std::byte>(bytes).subspan(index * region.element_size);
      };
      auto k = ReadField(slice(kernel.bytes), *field);
      auto m = ReadField(slice(model.bytes), *field);
      if (k && m) {
        return Difference{name + "[]." + std::string(field->name),
                          indexed + "." + std::string(field->name) + " (" + at + ")",
                          FormatValue(*k), FormatValue(*m), ""};
      }
    }
  }
  return Difference{name + "[]", indexed + " (" + at + ")", ByteText(kernel.bytes[offset]),
                    ByteText(model.bytes[offset]), ""};
}

}  // namespace

std::string CallRecord::CallName() const {
  switch (kind) {
    case Kind::kOpenIommufd: return "open(/dev/iommu)";
    case Kind::kOpenDevice: return "open(device)";
    case Kind::kRead: return "read";
    case Kind::kWrite: return "write";
    case Kind::kPoll: return "poll";
    case Kind::kMmap: return "mmap";
    case Kind::kMunmap: return "munmap";
    case Kind::kDmaRead: return "device DMA read";
    case Kind::kDmaWrite: return "device DMA write";
    case Kind::kClose: return "close";
    case Kind::kIoctl: break;
  }
  if (const IoctlShape* s = shape(); s && !s->name.empty()) return std::string(s->name);
  char text[32];
  std::snprintf(text, sizeof(text), "ioctl(0x%lx)", request);
  return text;
}

std::string FormatValue(uint64_t value) {
  if (value < 0x10000) return std::to_string(value);
  char text[24];
  std::snprintf(text, sizeof(text), "0x%llx", static_cast<unsigned long long>(value));
  return text;
}

std::vector<FreeValue> FreeValues(const CallRecord& call) {
  std::vector<FreeValue> values;
  const IoctlShape* shape = call.shape();
  const uapi::StructEntry* entry = shape ? FindCatalogStruct(shape->struct_name) : nullptr;
  if (!entry || !call.kernel.outcome.ok() || !call.model.outcome.ok()) return values;
  std::string_view member = shape->SelectedMember(call.input);
  for (const FreeField& free : shape->free_fields) {
    const uapi::FieldEntry* field = FieldNamed(*entry, free.field);
    if (!field || !InMember(*field, member)) continue;
    if (free.kind == FreeField::Kind::kAutoIova) {
      const uapi::FieldEntry* flags = FieldNamed(*entry, "flags");
      auto requested = flags ? ReadField(call.input, *flags) : std::nullopt;
      if (!requested || (*requested & uapi::kIommuIoasMapFixedIova)) continue;
    }
    auto k = ReadField(call.kernel.outcome.out, *field);
    auto m = ReadField(call.model.outcome.out, *field);
    if (k && m) values.push_back({&free, *k, *m});
  }
  return values;
}

std::optional<Difference> FirstDifference(const CallRecord& call) {
  const Outcome& kernel = call.kernel.outcome;
  const Outcome& model = call.model.outcome;
  // Opens and mappings return the implementation's own numbers.
  bool opens = call.kind == CallRecord::Kind::kOpenIommufd ||
               call.kind == CallRecord::Kind::kOpenDevice ||
               call.kind == CallRecord::Kind::kMmap || call.kind == CallRecord::Kind::kMunmap;
  if (kernel.error != model.error || kernel.ok() != model.ok()) {
    return Difference{"errno", "result", ResultText(kernel), ResultText(model), ""};
  }
  // A returned descriptor's number is the implementation's; only whether one came back
  // (nonzero) must agree.
  const IoctlShape* returns = call.kind == CallRecord::Kind::kIoctl ? call.shape() : nullptr;
  bool fd_result = returns && returns->ReturnsFd(call.input);
  if (fd_result && (kernel.ret > 0) != (model.ret > 0)) {
    return Difference{"ret", "result", ResultText(kernel), ResultText(model), ""};
  }
  if (!opens && !fd_result && kernel.ret != model.ret) {
    return Difference{"ret", "result", ResultText(kernel), ResultText(model), ""};
  }
  if (opens || call.kind == CallRecord::Kind::kWrite || call.kind == CallRecord::Kind::kPoll ||
      call.kind == CallRecord::Kind::kClose || call.kind == CallRecord::Kind::kDmaWrite) {
    return std::nullopt;
  }

  const IoctlShape* shape = call.shape();
  const uapi::StructEntry* entry = shape ? FindCatalogStruct(shape->struct_name) : nullptr;
  std::vector<std::pair<size_t, size_t>> skipped;
  for (const FreeValue& free : FreeValues(call)) {
    const uapi::FieldEntry* field = FieldNamed(*entry, free.field->field);
    skipped.emplace_back(field->offset, field->offset + field->size);
  }
  size_t offset = FirstMismatch(kernel.out, model.out, 0, skipped);
  if (offset != SIZE_MAX) {
    if (call.kind == CallRecord::Kind::kRead || call.kind == CallRecord::Kind::kDmaRead) {
      std::string what = call.kind == CallRecord::Kind::kRead ? "read byte " : "DMA byte ";
      return Difference{"data", what + std::to_string(offset),
                        offset < kernel.out.size() ? ByteText(kernel.out[offset]) : "(absent)",
                        offset < model.out.size() ? ByteText(model.out[offset]) : "(absent)", ""};
    }
    return StructDifference(entry, shape ? shape->SelectedMember(call.input) : "", kernel.out,
                            model.out, offset);
  }
  size_t regions = std::min(call.kernel.regions.size(), call.model.regions.size());
  for (size_t i = 0; i < regions; ++i) {
    if (auto difference = RegionDifference(call.kernel.regions[i], call.model.regions[i])) {
      return difference;
    }
  }
  return std::nullopt;
}

}  // namespace iommufd_conform
