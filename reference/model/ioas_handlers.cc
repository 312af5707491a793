// IOMMU_IOAS_* and IOMMU_DESTROY / IOMMU_OPTION on the model.
#include <algorithm>
#include <cerrno>
#include <initializer_list>
#include <vector>

#include <linux/capability.h>

#include "reference/model/capabilities.h"
#include "reference/model/context.h"
#include "reference/model/user_memory.h"
#include "reference/uapi/iommufd.h"

namespace iommufd_conform::model {
namespace {

using namespace uapi;

constexpr uint32_t kMapFlags =
    kIommuIoasMapFixedIova | kIommuIoasMapWriteable | kIommuIoasMapReadable;

// MAP, MAP_FILE and COPY check their flags, then their numbers, then that some access is
// asked for, in that order.
int CheckMapRequest(uint32_t flags, std::initializer_list<uint64_t> values) {
  if (flags & ~kMapFlags) return EOPNOTSUPP;
  for (uint64_t value : values) {
    if (value >= kULongMax) return EOVERFLOW;
  }
  if (!(flags & (kIommuIoasMapReadable | kIommuIoasMapWriteable))) return EINVAL;
  return 0;
}

}  // namespace

int Context::Destroy(Command& cmd) {
  const auto& arg = cmd.As<IommuDestroy>();
  Object* object = objects_.Find(arg.id);
  if (!object) return ENOENT;
  // The faulty model answers as if it had destroyed the object, and keeps it.
  if (object->users) return config_.fault == ModelFault::kDestroyIgnoresUsers ? 0 : EBUSY;
  RemoveObject(*object);
  return 0;
}

int Context::IoasAlloc(Command& cmd) {
  auto& arg = cmd.As<IommuIoasAlloc>();
  if (arg.flags) return EOPNOTSUPP;
  arg.out_ioas_id = objects_.Add(std::make_unique<Ioas>(config_));
  if (config_.fault == ModelFault::kIoasAllocIdOffByOne) ++arg.out_ioas_id;
  cmd.respond = true;
  return 0;
}

int Context::IoasIovaRanges(Command& cmd) {
  auto& arg = cmd.As<IommuIoasIovaRanges>();
  if (arg.reserved) return EOPNOTSUPP;
  auto* ioas = objects_.Find<Ioas>(arg.ioas_id, ObjectType::kIoas);
  if (!ioas) return ENOENT;
  std::vector<IovaRange> usable = ioas->iopt.UsableRanges();
  uint32_t room = arg.num_iovas;
  for (uint32_t i = 0; i < usable.size() && i < room; ++i) {
    IommuIovaRange range{usable[i].start, usable[i].last};
    if (config_.fault == ModelFault::kIovaRangesLastOffByOne && i + 1 == usable.size()) {
      --range.last;
    }
    if (UserMemory::CopyTo(arg.allowed_iovas + i * sizeof(range), &range, sizeof(range))) {
      return EFAULT;
    }
  }
  arg.num_iovas = static_cast<uint32_t>(usable.size());
  if (config_.fault == ModelFault::kIovaRangesKeepsCallersCount) arg.num_iovas = room;
  arg.out_iova_alignment = ioas->iopt.iova_alignment();
  cmd.respond = true;
  return usable.size() > room ? EMSGSIZE : 0;
}

int Context::IoasAllowIovas(Command& cmd) {
  const auto& arg = cmd.As<IommuIoasAllowIovas>();
  if (arg.reserved) return EOPNOTSUPP;
  auto* ioas = objects_.Find<Ioas>(arg.ioas_id, ObjectType::kIoas);
  if (!ioas) return ENOENT;
  // Grown as read, not sized up front: num_iovas may be up to 2^32 and the caller's
  // memory ends (EFAULT) long before that (found by the model fuzzer).
  std::vector<IovaRange> ranges;
  for (uint32_t i = 0; i < arg.num_iovas; ++i) {
    IommuIovaRange range;
    if (UserMemory::CopyFrom(&range, arg.allowed_iovas + i * sizeof(range), sizeof(range))) {
      return EFAULT;
    }
    // Each range is checked as it is read (seen on 7.2: a bad range before unreadable
    // memory is EINVAL). It must span more than one byte: start == last is refused too.
    bool single_byte_ok = config_.fault == ModelFault::kAllowIovasSingleByteAccepted;
    if (single_byte_ok ? range.start > range.last : range.start >= range.last) return EINVAL;
    ranges.push_back({range.start, range.last});
  }
  return ioas->iopt.SetAllowed(std::move(ranges));
}

int Context::IoasMap(Command& cmd) {
  auto& arg = cmd.As<IommuIoasMap>();
  if (arg.reserved) return EOPNOTSUPP;
  if (int error = CheckMapRequest(arg.flags, {arg.iova, arg.length})) return error;
  auto* ioas = objects_.Find<Ioas>(arg.ioas_id, ObjectType::kIoas);
  if (!ioas) return ENOENT;
  uint64_t end;
  if (arg.length == 0) return EINVAL;
  if (__builtin_add_overflow(arg.user_va, arg.length, &end)) return EOVERFLOW;
  auto pages = std::make_shared<Pages>(
      Pages{arg.user_va, arg.length, (arg.flags & kIommuIoasMapWriteable) != 0});
  return MapPages(*ioas, std::move(pages), arg.flags, &arg.iova, cmd);
}

int Context::MapPages(Ioas& ioas, std::shared_ptr<const Pages> pages, uint32_t flags,
                      AlignedU64* iova, Command& cmd) {
  uint64_t at = *iova;
  uint64_t length = pages->length;
  bool writable = pages->writable;
  if (int error = ioas.iopt.Map(std::move(pages), 0, length, writable,
                                flags & kIommuIoasMapFixedIova, &at,
                                flags & kIommuIoasMapReadable)) {
    return error;
  }
  *iova = at;
  cmd.respond = true;
  return 0;
}

int Context::IoasUnmap(Command& cmd) {
  auto& arg = cmd.As<IommuIoasUnmap>();
  auto* ioas = objects_.Find<Ioas>(arg.ioas_id, ObjectType::kIoas);
  if (!ioas) return ENOENT;
  uint64_t unmapped = 0;
  if (arg.iova == 0 && arg.length == UINT64_MAX) {
    if (int error = ioas->iopt.UnmapAll(&unmapped, NotifyAccesses(*ioas))) return error;
  } else {
    if (arg.iova >= kULongMax || arg.length >= kULongMax) return EOVERFLOW;
    if (int error = ioas->iopt.Unmap(arg.iova, arg.length, &unmapped, NotifyAccesses(*ioas))) {
      return error;
    }
  }
  arg.length = unmapped;
  if (config_.fault == ModelFault::kUnmapReportsOneByteLess && unmapped) --arg.length;
  cmd.respond = true;
  return 0;
}

std::string Context::AdoptAutoIova(uint32_t ioas_id, uint64_t from, uint64_t to) {
  auto* ioas = objects_.Find<Ioas>(ioas_id, ObjectType::kIoas);
  return ioas ? ioas->iopt.AdoptAutoIova(from, to) : "the model has no such IOAS";
}

int Context::IoasCopy(Command& cmd) {
  auto& arg = cmd.As<IommuIoasCopy>();
  // The syzkaller hook comes first: the flag is dropped, and src_iova converted when the
  // source IOAS exists; a successful copy writes both back (6.12, 7.2, 7.3; vtd campaign).
  if (arg.flags & kMockFlagsAccessSyz) {
    arg.flags &= ~kMockFlagsAccessSyz;
    if (auto* src = objects_.Find<Ioas>(arg.src_ioas_id, ObjectType::kIoas)) {
      arg.src_iova = SyzIova(src->iopt, arg.src_iova);
    }
  }
  if (int error = CheckMapRequest(arg.flags, {arg.length, arg.src_iova, arg.dst_iova})) {
    return error;
  }
  auto* src = objects_.Find<Ioas>(arg.src_ioas_id, ObjectType::kIoas);
  if (!src) return ENOENT;
  if (arg.length == 0) return EINVAL;
  uint64_t src_last;
  if (__builtin_add_overflow(arg.src_iova, arg.length - 1, &src_last)) return EOVERFLOW;
  std::vector<IoPagetable::Slice> slices;
  int found = src->iopt.GetSlices(arg.src_iova, src_last, &slices);
  if (found && !(config_.fault == ModelFault::kCopyAcrossAHole && !slices.empty())) return found;
  auto* dst = objects_.Find<Ioas>(arg.dst_ioas_id, ObjectType::kIoas);
  if (!dst) return ENOENT;
  // The copy is one new area over the same pages: from one source area it shares them
  // (and what is pinned in them); across several, the model takes the pages as contiguous,
  // writable only if all of theirs are. Whether the source areas were mapped writable does
  // not matter, only their pages (Map checks that after placing the IOVA).
  std::shared_ptr<const Pages> pages = slices.front().pages;
  uint64_t pages_offset = slices.front().pages_offset;
  if (slices.size() > 1) {
    bool pages_writable = std::ranges::all_of(
        slices, [](const IoPagetable::Slice& slice) { return slice.pages->writable; });
    pages = std::make_shared<Pages>(
        Pages{pages->user_va + pages_offset, arg.length, pages_writable, pages->file, {},
              pages->dmabuf});
    pages_offset = 0;
  }
  bool writable = arg.flags & kIommuIoasMapWriteable;
  uint64_t iova = arg.dst_iova;
  if (int error = dst->iopt.Map(pages, pages_offset, arg.length, writable,
                                arg.flags & kIommuIoasMapFixedIova, &iova,
                                arg.flags & kIommuIoasMapReadable)) {
    return error;
  }
  arg.dst_iova = iova;
  if (config_.fault == ModelFault::kCopyFixedDstIovaOffByOne) ++arg.dst_iova;
  cmd.respond = true;
  return 0;
}

int Context::Option(Command& cmd) {
  auto& arg = cmd.As<IommuOption>();
  if (arg.reserved) return EOPNOTSUPP;
  // The op is checked by each option, after its object is looked up (found by the
  // differential fuzzer: a bad op on a missing IOAS is ENOENT).
  bool known_op = arg.op == kIommuOptionOpSet || arg.op == kIommuOptionOpGet;
  switch (arg.option_id) {
    case kIommuOptionRlimitMode:
      if (arg.object_id || !known_op) return EOPNOTSUPP;
      if (arg.op == kIommuOptionOpGet) {
        arg.val64 = static_cast<uint64_t>(account_mode_);
        cmd.respond = true;
        return 0;
      }
      if (!HasCapability(CAP_SYS_RESOURCE)) return EPERM;
      // A context with objects is busy whatever the value (7.2 vtd, differential fuzzer).
      if (!objects_.empty()) return EBUSY;
      if (arg.val64 > 1) return EINVAL;
      account_mode_ = static_cast<AccountMode>(arg.val64);
      return 0;
    case kIommuOptionHugePages: {
      auto* ioas = objects_.Find<Ioas>(arg.object_id, ObjectType::kIoas);
      if (!ioas) return ENOENT;
      if (!known_op) return EOPNOTSUPP;
      if (arg.op == kIommuOptionOpGet) {
        arg.val64 = ioas->iopt.huge_pages();
        if (config_.fault == ModelFault::kHugePagesOptionInverted) arg.val64 = !arg.val64;
        cmd.respond = true;
        return 0;
      }
      if (arg.val64 > 1) return EINVAL;
      return ioas->iopt.SetHugePages(arg.val64 == 1);
    }
    default:
      return EOPNOTSUPP;
  }
}

}  // namespace iommufd_conform::model
