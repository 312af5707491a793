// Selftest accesses: IOMMU_TEST_OP_CREATE_ACCESS, ACCESS_PAGES, DESTROY_ACCESS_PAGES,
// ACCESS_RW and ACCESS_REPLACE_IOAS, and what unmapping does to the pages they hold.
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <vector>

#include "reference/model/access.h"
#include "reference/model/context.h"
#include "reference/model/pages_io.h"
#include "reference/model/user_memory.h"

namespace iommufd_conform::model {
namespace {

using namespace uapi;

// The mock refuses larger requests up front, before it looks at anything else.
constexpr uint64_t kMaxAccessLength = 16 << 20;

uint64_t PageSize() {
  static const uint64_t page = static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
  return page;
}

}  // namespace

void Access::DropItems(uint64_t start, uint64_t last) {
  std::erase_if(items, [&](const Item& item) { return item.iova <= last && start <= item.last; });
}

AccessFile::~AccessFile() { context_->CloseAccess(access_id_); }

int Context::AttachAccess(Access& access, Ioas& ioas) {
  uint64_t alignment = access.needs_pin_pages ? PageSize() : 1;
  if (int error = ioas.iopt.AddAccess(access.id, alignment)) return error;
  access.ioas = &ioas;
  ++ioas.users;
  return 0;
}

void Context::DetachAccess(Access& access) {
  if (!access.ioas) return;
  // Leaving an IOAS unmaps everything the access sees.
  access.items.clear();
  access.ioas->iopt.RemoveAccess(access.id);
  --access.ioas->users;
  access.ioas = nullptr;
}

void Context::CloseAccess(uint32_t access_id) {
  auto* access = objects_.Find<Access>(access_id, ObjectType::kAccess);
  if (!access) return;
  DetachAccess(*access);
  (void)objects_.Remove(access_id);
}

IoPagetable::RemovedFn Context::NotifyAccesses(Ioas& ioas) {
  return [this, &ioas](uint64_t start, uint64_t last) {
    if (config_.fault == ModelFault::kAccessUnmapKeepsPinnedPages) return;
    for (const auto& [id, object] : objects_.objects()) {
      if (object->type != ObjectType::kAccess) continue;
      auto& access = static_cast<Access&>(*object);
      if (access.ioas == &ioas) access.DropItems(start, last);
    }
  };
}

int Context::FindAccess(uint32_t fd, Context** owner, Access** access) {
  auto* file = dynamic_cast<AccessFile*>(files_.Lookup(static_cast<int>(fd)).get());
  if (!file) return EBADFD;
  *owner = &file->context();
  *access = (*owner)->objects_.Find<Access>(file->access_id(), ObjectType::kAccess);
  return *access ? 0 : EBADFD;
}

int Context::TestCreateAccess(IommuTestCmd& cmd) {
  if (cmd.create_access.flags & ~kMockFlagsAccessCreateNeedsPinPages) return EOPNOTSUPP;
  bool pins = cmd.create_access.flags & kMockFlagsAccessCreateNeedsPinPages;
  auto owned = std::make_unique<Access>(pins);
  Access* access = owned.get();
  uint32_t id = objects_.Add(std::move(owned));
  auto* ioas = objects_.Find<Ioas>(cmd.id, ObjectType::kIoas);
  int error = ioas ? AttachAccess(*access, *ioas) : ENOENT;
  if (error) {
    (void)objects_.Remove(id);
    return error;
  }
  cmd.create_access.out_access_fd =
      static_cast<uint32_t>(files_.Install(std::make_shared<AccessFile>(shared_from_this(), id)));
  return 0;
}

int Context::TestAccessPages(IommuTestCmd& cmd) {
  auto& arg = cmd.access_pages;
  bool any_length = config_.fault == ModelFault::kAccessPagesLengthUnlimited;
  if (arg.length > kMaxAccessLength && !any_length) return ENOMEM;
  if (arg.flags & ~(kMockFlagsAccessWrite | kMockFlagsAccessSyz)) return EOPNOTSUPP;
  Context* owner;
  Access* access;
  if (int error = FindAccess(cmd.id, &owner, &access)) return error;
  if (!access->needs_pin_pages) return EOPNOTSUPP;
  // The converted IOVA is the mock's own; the caller's struct keeps what it sent.
  uint64_t iova = arg.iova;
  if ((arg.flags & kMockFlagsAccessSyz) && access->ioas) iova = SyzIova(access->ioas->iopt, iova);
  if (arg.length == 0) return EINVAL;
  uint64_t last;
  if (__builtin_add_overflow(iova, arg.length - 1, &last)) return EOVERFLOW;
  if (!access->ioas) return ENOENT;
  IoPagetable& iopt = access->ioas->iopt;
  std::vector<IoPagetable::Slice> slices;
  int found = iopt.GetSlices(iova, last, &slices);
  bool write = arg.flags & kMockFlagsAccessWrite;
  uint64_t page = PageSize();
  for (size_t i = 0; i < slices.size(); ++i) {
    const IoPagetable::Slice& slice = slices[i];
    uint64_t start_byte = slice.pages->user_va + slice.pages_offset;
    // Pages are handed out whole: the request and every area it continues into must start
    // on a page boundary of the pages behind them.
    if (start_byte % page) return EINVAL;
    bool continues = i + 1 < slices.size() || found != 0;
    // A slice that continues ends where its area does.
    if (continues && (start_byte + slice.length) % page) return EINVAL;
    if (write ? !slice.writable : !slice.readable) return EPERM;
    if (slice.pages->dmabuf) return EINVAL;  // an access cannot pin a dmabuf's pages
    if (!iopt.pinned()) {
      if (int error = CheckPinnable(*slice.pages, slice.pages_offset, slice.length,
                                    slice.pages->writable)) {
        return error;
      }
    }
  }
  if (found) return found;
  if (arg.uptr) {
    // The mock compares each pinned page with the page at uptr, as get_user_pages sees it.
    uint64_t uptr_page = arg.uptr;
    for (const IoPagetable::Slice& slice : slices) {
      uint64_t offset = slice.pages_offset - (slice.pages->user_va + slice.pages_offset) % page;
      uint64_t end = slice.pages_offset + slice.length;
      for (; offset < end; offset += page, uptr_page += page) {
        int error;
        if (!IsSamePage(*slice.pages, offset, uptr_page, &error)) return error ? error : EBADE;
      }
    }
  }
  Access::Item item{access->next_item_id++, iova, last, {}};
  for (const IoPagetable::Slice& slice : slices) {
    item.pins.push_back(std::make_shared<PagePin>(slice.pages, slice.pages_offset, slice.length));
  }
  access->items.push_back(std::move(item));
  arg.out_access_pages_id = access->items.back().id;
  return 0;
}

int Context::TestDestroyAccessPages(IommuTestCmd& cmd) {
  Context* owner;
  Access* access;
  if (int error = FindAccess(cmd.id, &owner, &access)) return error;
  uint32_t id = cmd.destroy_access_pages.access_pages_id;
  auto it = std::find_if(access->items.begin(), access->items.end(),
                         [&](const Access::Item& item) { return item.id == id; });
  if (it == access->items.end()) return ENOENT;
  access->items.erase(it);
  return 0;
}

int Context::TestAccessRw(IommuTestCmd& cmd) {
  const auto& arg = cmd.access_rw;
  if (arg.length > kMaxAccessLength) return ENOMEM;
  if (arg.flags & ~(kMockAccessRwWrite | kMockAccessRwSlowPath | kMockFlagsAccessSyz)) {
    return EOPNOTSUPP;
  }
  Context* owner;
  Access* access;
  if (int error = FindAccess(cmd.id, &owner, &access)) return error;
  bool write = arg.flags & kMockAccessRwWrite;
  std::vector<std::byte> data(arg.length);
  if (write && UserMemory::CopyFrom(data.data(), arg.uptr, data.size())) return EFAULT;
  uint64_t iova = arg.iova;
  if ((arg.flags & kMockFlagsAccessSyz) && access->ioas) iova = SyzIova(access->ioas->iopt, iova);
  if (arg.length == 0) return EINVAL;
  uint64_t last;
  if (__builtin_add_overflow(iova, arg.length - 1, &last)) return EOVERFLOW;
  if (!access->ioas) return ENOENT;
  std::vector<IoPagetable::Slice> slices;
  int found = access->ioas->iopt.GetSlices(iova, last, &slices);
  size_t at = 0;
  bool any_area = config_.fault == ModelFault::kAccessRwWritesReadOnlyAreas;
  for (const IoPagetable::Slice& slice : slices) {
    if (write ? !slice.writable && !any_area : !slice.readable) return EPERM;
    if (int error = PagesRw(*slice.pages, slice.pages_offset, data.data() + at, slice.length,
                            write)) {
      return error;
    }
    at += slice.length;
  }
  if (found) return found;
  if (config_.fault == ModelFault::kAccessRwReadsWrongByte) data.back() ^= std::byte{1};
  if (!write && UserMemory::CopyTo(arg.uptr, data.data(), data.size())) return EFAULT;
  return 0;
}

std::vector<WrittenMemory> Context::AccessRwTargets(const IommuTestCmd& cmd) {
  const auto& arg = cmd.access_rw;
  std::vector<WrittenMemory> targets;
  Context* owner;
  Access* access;
  uint64_t last;
  if (!(arg.flags & kMockAccessRwWrite) || arg.length == 0 ||
      FindAccess(cmd.id, &owner, &access) || !access->ioas) {
    return targets;
  }
  uint64_t iova = arg.iova;
  if (arg.flags & kMockFlagsAccessSyz) iova = SyzIova(access->ioas->iopt, iova);
  if (__builtin_add_overflow(iova, arg.length - 1, &last)) return targets;
  std::vector<IoPagetable::Slice> slices;
  (void)access->ioas->iopt.GetSlices(iova, last, &slices);
  for (const IoPagetable::Slice& slice : slices) {
    if (slice.pages->dmabuf) continue;  // no process sees the exporter's memory
    targets.push_back({slice.pages->user_va + slice.pages_offset, slice.length,
                       slice.pages->file ? slice.pages->file->fd() : -1});
  }
  return targets;
}

int Context::TestAccessReplaceIoas(IommuTestCmd& cmd) {
  Context* owner;
  Access* access;
  if (int error = FindAccess(cmd.id, &owner, &access)) return error;
  // The IOAS is looked up in the access's own context.
  auto* ioas = owner->objects_.Find<Ioas>(cmd.access_replace_ioas.ioas_id, ObjectType::kIoas);
  if (!ioas) return ENOENT;
  if (ioas == access->ioas) return 0;
  Ioas* old = access->ioas;
  if (int error = ioas->iopt.AddAccess(access->id, access->needs_pin_pages ? PageSize() : 1)) {
    return error;
  }
  ++ioas->users;
  if (old) {
    access->items.clear();
    old->iopt.RemoveAccess(access->id);
    --old->users;
  }
  access->ioas = ioas;
  return 0;
}

}  // namespace iommufd_conform::model
