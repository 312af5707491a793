#include "harness/backend/iova_adoption.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <vector>

#include "reference/model/io_pagetable.h"
#include "reference/uapi/iommufd.h"

namespace iommufd_conform {
namespace {

struct AutoCall {
  uint32_t ioas_id;
  uint64_t length;
  std::optional<uint64_t> address;  // MAP's user_va, MAP_FILE's start; COPY names none
  const uapi::FieldEntry* iova_field;
  const uapi::FieldEntry* flags_field;
  size_t struct_size;
};

std::optional<AutoCall> Decode(const CallRecord& call) {
  const IoctlShape* shape = call.shape();
  const uapi::StructEntry* entry = shape ? FindCatalogStruct(shape->struct_name) : nullptr;
  if (!entry) return std::nullopt;
  bool copy = call.request == uapi::kIoctlIoasCopy;
  const uapi::FieldEntry* ioas = FieldNamed(*entry, copy ? "dst_ioas_id" : "ioas_id");
  const uapi::FieldEntry* length = FieldNamed(*entry, "length");
  const uapi::FieldEntry* iova = FieldNamed(*entry, copy ? "dst_iova" : "iova");
  const uapi::FieldEntry* flags = FieldNamed(*entry, "flags");
  if (!ioas || !length || !iova || !flags) return std::nullopt;
  auto ioas_id = ReadField(call.input, *ioas);
  auto bytes = ReadField(call.input, *length);
  if (!ioas_id || !bytes) return std::nullopt;
  std::optional<uint64_t> address;
  if (const uapi::FieldEntry* field = FieldNamed(*entry, "user_va")) {
    address = ReadField(call.input, *field);
  } else if (const uapi::FieldEntry* field = FieldNamed(*entry, "start")) {
    address = ReadField(call.input, *field);
  }
  return AutoCall{static_cast<uint32_t>(*ioas_id), *bytes, address, iova, flags, entry->size};
}

// Repeats `call` on the model as a fixed mapping at `iova`.
Outcome MapFixed(Backend& model, int model_fd, const CallRecord& call, const AutoCall& decoded,
                 uint64_t iova) {
  std::vector<std::byte> bytes(call.input);
  bytes.resize(std::max(bytes.size(), decoded.struct_size));
  uint32_t flags;
  std::memcpy(&flags, bytes.data() + decoded.flags_field->offset, sizeof(flags));
  flags |= uapi::kIommuIoasMapFixedIova;
  std::memcpy(bytes.data() + decoded.flags_field->offset, &flags, sizeof(flags));
  std::memcpy(bytes.data() + decoded.iova_field->offset, &iova, sizeof(iova));
  return model.Ioctl(model_fd, call.request, bytes.data(), bytes.size());
}

}  // namespace

std::string AdoptAutoIova(Backend& model, int model_fd, const CallRecord& call,
                          uint64_t model_iova, uint64_t kernel_iova, uint64_t page_size) {
  auto decoded = Decode(call);
  if (!decoded) return "the call does not carry an automatic IOVA";
  // The model's allowed set: multiples of the alignment the address and length call for.
  // (A copy's source address is not in the call; its IOVA is held to the fixed map's rules.)
  if (decoded->address &&
      kernel_iova % model::AutoIovaAlignment(*decoded->address, decoded->length) != 0) {
    return "the kernel's IOVA does not keep the alignment of the address and length";
  }
  uint64_t last;
  if (kernel_iova < page_size || __builtin_add_overflow(kernel_iova, decoded->length - 1, &last) ||
      last > UINT64_MAX - page_size) {
    return "automatic IOVAs stay clear of the first and the last page";
  }
  uapi::IommuIoasUnmap unmap{sizeof(unmap), decoded->ioas_id, model_iova, decoded->length};
  Outcome removed = model.Ioctl(model_fd, uapi::kIoctlIoasUnmap, &unmap, sizeof(unmap));
  if (!removed.ok() || unmap.length != decoded->length) {
    return "the model could not take back its own area: UNMAP " + Describe(removed);
  }
  Outcome moved = MapFixed(model, model_fd, call, *decoded, kernel_iova);
  if (moved.ok()) return "";
  (void)MapFixed(model, model_fd, call, *decoded, model_iova);
  std::string why = moved.error == EEXIST   ? " (it overlaps an area)"
                    : moved.error == EINVAL ? " (reserved, or not aligned to the IOAS)"
                                            : "";
  return "the model refuses a fixed mapping at the kernel's IOVA: " + ErrnoName(moved.error) + why;
}

}  // namespace iommufd_conform
