// IOMMU_IOAS_MAP_FILE and IOMMU_IOAS_CHANGE_PROCESS: areas backed by a memfd's pages.
#include <cerrno>

#include "reference/model/context.h"
#include "reference/model/mapped_file.h"
#include "reference/uapi/iommufd.h"

namespace iommufd_conform::model {
namespace {

using namespace uapi;

constexpr uint32_t kMapFlags =
    kIommuIoasMapFixedIova | kIommuIoasMapWriteable | kIommuIoasMapReadable;

}  // namespace

int Context::IoasMapFile(Command& cmd) {
  auto& arg = cmd.As<IommuIoasMapFile>();
  if (arg.flags & ~kMapFlags) return EOPNOTSUPP;
  if (arg.iova >= kULongMax || arg.length >= kULongMax) return EOVERFLOW;
  if (!(arg.flags & (kIommuIoasMapReadable | kIommuIoasMapWriteable))) return EINVAL;
  auto* ioas = objects_.Find<Ioas>(arg.ioas_id, ObjectType::kIoas);
  if (!ioas) return ENOENT;
  // An empty or wrapping range is refused before the descriptor is looked at (7.2 vtd,
  // differential fuzzer: EINVAL and EOVERFLOW for fd -1).
  if (!arg.length) return EINVAL;
  uint64_t last;
  if (__builtin_add_overflow(arg.start, arg.length - 1, &last)) return EOVERFLOW;
  // A test dmabuf is the model's own descriptor; anything else is the caller's own.
  std::shared_ptr<Pages> dmabuf_pages;
  if (int error = ImportDmabuf(arg, &dmabuf_pages); error >= 0) {
    if (error) return error;
    return MapPages(*ioas, std::move(dmabuf_pages), arg.flags, &arg.iova, cmd);
  }
  // Any other descriptor of the model's is a file like another until its pages get pinned;
  // else the descriptor is the caller's own.
  std::shared_ptr<const MappedFile> file =
      files_.Lookup(arg.fd) ? MappedFile::ModelDescriptor() : MappedFile::Open(arg.fd);
  if (!file) return EBADF;
  // A device must not write what the caller may not: the uAPI's rule for writable copies of
  // read-only pages. 7.2/7.3 do not check (manifest: map-file-writable-without-write-permission).
  // Other files are refused when pinned anyway.
  if ((arg.flags & kIommuIoasMapWriteable) && file->IsMemfd() && !file->Writable()) return EPERM;
  // What the file holds is looked at only when its pages get pinned.
  bool writable = arg.flags & kIommuIoasMapWriteable;
  // The file offset stands where a user address would: it sets the alignment and the
  // automatic IOVA's offset within its page.
  auto pages = std::make_shared<Pages>(Pages{arg.start, arg.length, writable, std::move(file)});
  return MapPages(*ioas, std::move(pages), arg.flags, &arg.iova, cmd);
}

int Context::IoasChangeProcess(Command& cmd) {
  const auto& arg = cmd.As<IommuIoasChangeProcess>();
  if (arg.reserved) return EOPNOTSUPP;
  // Only file pages can be charged to another process, and their contents do not depend on
  // it, so a move that is allowed changes nothing the model tracks (no pin accounting).
  for (const auto& [id, object] : objects_.objects()) {
    if (object->type != ObjectType::kIoas) continue;
    for (const auto& [start, area] : static_cast<Ioas&>(*object).iopt.areas()) {
      if (!area.pages->file) return EINVAL;
    }
  }
  return 0;
}

}  // namespace iommufd_conform::model
