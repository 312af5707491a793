#include "harness/backend/iova_adoption.h"

#include "reference/uapi/iommufd.h"

namespace iommufd_conform {

std::string AdoptAutoIova(Backend& model, int model_fd, const CallRecord& call,
                          uint64_t model_iova, uint64_t kernel_iova) {
  auto* adopter = dynamic_cast<IovaAdopter*>(&model);
  if (!adopter) return "this model side cannot check an IOVA";
  const IoctlShape* shape = call.shape();
  const uapi::StructEntry* entry = shape ? FindCatalogStruct(shape->struct_name) : nullptr;
  bool copy = call.request == uapi::kIoctlIoasCopy;
  const uapi::FieldEntry* ioas = entry ? FieldNamed(*entry, copy ? "dst_ioas_id" : "ioas_id")
                                       : nullptr;
  auto ioas_id = ioas ? ReadField(call.input, *ioas) : std::nullopt;
  if (!ioas_id) return "the call does not carry an automatic IOVA";
  return adopter->AdoptAutoIova(model_fd, static_cast<uint32_t>(*ioas_id), model_iova,
                                kernel_iova);
}

}  // namespace iommufd_conform
