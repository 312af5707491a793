// The VFIO type1 container iommufd serves through the same descriptor (numbers below its
// command table), working on the one "compat IOAS" IOMMU_VFIO_IOAS names.
#include <cerrno>
#include <cstddef>
#include <iterator>
#include <vector>

#include "reference/model/context.h"
#include "reference/model/user_memory.h"
#include "reference/uapi/iommufd.h"
#include "reference/uapi/vfio.h"

namespace iommufd_conform::model {
namespace {

using namespace uapi;

constexpr uint32_t kDmaMapMinSize = sizeof(VfioIommuType1DmaMap);
constexpr uint32_t kDmaUnmapMinSize = sizeof(VfioIommuType1DmaUnmap);
constexpr uint32_t kInfoMinSize = offsetof(VfioIommuType1Info, cap_offset);
// VFIO_DMA_AVAIL: iommufd sets no limit on the number of mappings.
constexpr uint32_t kDmaAvail = UINT32_MAX;

uint64_t AlignUp8(uint64_t value) { return (value + 7) & ~uint64_t{7}; }

// Areas are disjoint and ordered, so only the last one starting at or before `last` can
// reach back to `start`: one tree lookup, not a walk over every area.
bool IntersectsArea(const IoPagetable& iopt, uint64_t start, uint64_t last) {
  auto after = iopt.areas().upper_bound(last);
  if (after == iopt.areas().begin()) return false;
  return std::prev(after)->second.last >= start;
}

// One capability of the VFIO_IOMMU_GET_INFO chain: its bytes, written only when the whole
// capability fits in the caller's buffer.
struct Capability {
  std::vector<std::byte> bytes;
};

Capability DmaAvailCapability() {
  VfioIommuType1InfoDmaAvail cap{{kVfioIommuType1InfoDmaAvail, 1, 0}, kDmaAvail};
  auto* raw = reinterpret_cast<const std::byte*>(&cap);
  return {{raw, raw + sizeof(cap)}};
}

Capability IovaRangeCapability(const std::vector<IovaRange>& usable) {
  VfioIommuType1InfoCapIovaRange cap{{kVfioIommuType1InfoCapIovaRange, 1, 0},
                                     static_cast<uint32_t>(usable.size()), 0};
  auto* raw = reinterpret_cast<const std::byte*>(&cap);
  Capability capability{{raw, raw + sizeof(cap)}};
  for (const IovaRange& range : usable) {
    VfioIovaRange entry{range.start, range.last};
    auto* bytes = reinterpret_cast<const std::byte*>(&entry);
    capability.bytes.insert(capability.bytes.end(), bytes, bytes + sizeof(entry));
  }
  return capability;
}

// UNMAP_DMA reports the bytes it unmapped in `size`, also when it stopped at an area only
// partly inside the range.
Outcome Unmapped(uint64_t arg, uint64_t unmapped, int error) {
  if (UserMemory::CopyTo(arg + offsetof(VfioIommuType1DmaUnmap, size), &unmapped,
                         sizeof(unmapped))) {
    return Outcome::Failure(EFAULT);
  }
  return error ? Outcome::Failure(error) : Outcome::Success(0);
}

}  // namespace

int Context::VfioIoas(Command& cmd) {
  auto& arg = cmd.As<IommuVfioIoas>();
  if (arg.reserved) return EOPNOTSUPP;
  switch (arg.op) {
    case kIommuVfioIoasGet:
      if (!compat_ioas_id_ && config_.fault != ModelFault::kCompatVfioIoasGetWithoutOne) {
        return ENODEV;
      }
      arg.ioas_id = compat_ioas_id_;
      cmd.respond = true;
      return 0;
    case kIommuVfioIoasSet:
      if (!objects_.Find<Ioas>(arg.ioas_id, ObjectType::kIoas)) return ENOENT;
      compat_ioas_id_ = arg.ioas_id;
      return 0;
    case kIommuVfioIoasClear:
      compat_ioas_id_ = 0;
      return 0;
    default:
      return EOPNOTSUPP;
  }
}

Outcome Context::VfioCompatIoctl(unsigned long request, uint64_t arg) {
  auto* ioas = objects_.Find<Ioas>(compat_ioas_id_, ObjectType::kIoas);
  auto fail = [](int error) { return Outcome::Failure(error); };
  switch (request) {
    case kIoctlVfioGetApiVersion:
      return Outcome::Success(kVfioApiVersion);

    case kIoctlVfioCheckExtension:
      switch (arg) {
        case kVfioType1Iommu:
        case kVfioType1v2Iommu:
        case kVfioUnmapAll:
          return Outcome::Success(1);
        case kVfioDmaCcIommu: {
          if (!ioas) return fail(ENODEV);
          // Coherent only while every domain on the compat IOAS enforces coherency.
          for (const auto& [id, object] : objects_.objects()) {
            if (object->type != ObjectType::kHwptPaging) continue;
            auto* hwpt = static_cast<HwptPaging*>(object.get());
            bool coherent =
                hwpt->iommu ? hwpt->iommu->enforce_cache_coherency : false;  // mock: never
            if (hwpt->ioas == ioas && !coherent) {
              return Outcome::Success(0);
            }
          }
          return Outcome::Success(1);
        }
        default:
          // NOIOMMU needs CONFIG_VFIO_NOIOMMU, which the guest kernels lack.
          return Outcome::Success(0);
      }

    case kIoctlVfioSetIommu:
      if (arg != kVfioType1Iommu && arg != kVfioType1v2Iommu) return fail(EINVAL);
      if (!ioas) return fail(ENODEV);
      // TYPE1 may unmap inside a mapping, so large pages that could not be split go.
      if (arg == kVfioType1Iommu) {
        if (int error = ioas->iopt.SetHugePages(false)) return fail(error);
      }
      return Outcome::Success(0);

    case kIoctlVfioIommuGetInfo: {
      VfioIommuType1Info info{};
      if (UserMemory::CopyFrom(&info, arg, kInfoMinSize)) return fail(EFAULT);
      if (info.argsz < kInfoMinSize) return fail(EINVAL);
      if (!ioas) return fail(ENODEV);
      uint64_t page_sizes = UINT64_MAX;
      for (const auto& [id, object] : objects_.objects()) {
        if (object->type != ObjectType::kHwptPaging) continue;
        auto* hwpt = static_cast<HwptPaging*>(object.get());
        if (hwpt->ioas != ioas) continue;
        page_sizes &= hwpt->iommu ? hwpt->iommu->pgsize_bitmap : mock_iommu_.PageSizes();
      }
      // Sizes below the CPU page collapse into it.
      uint64_t page = config_.page_size;
      bool collapse = config_.fault != ModelFault::kCompatPageSizesNotCollapsed;
      if ((page_sizes & (page - 1)) && collapse) page_sizes = (page_sizes & ~(page - 1)) | page;
      page_sizes = std::max(page_sizes, ioas->iopt.iova_alignment());
      // The chain starts after the struct; a capability is written only if it fits whole,
      // and linked from the previous one if it starts inside the buffer.
      std::vector<Capability> chain = {DmaAvailCapability(),
                                       IovaRangeCapability(ioas->iopt.UsableRanges())};
      uint64_t total = sizeof(info);
      uint64_t last_cap = 0;
      for (const Capability& cap : chain) {
        if (cap.bytes.size() <= info.argsz - std::min<uint64_t>(info.argsz, total) &&
            UserMemory::CopyTo(arg + total, cap.bytes.data(), cap.bytes.size())) {
          return fail(EFAULT);
        }
        if (last_cap && info.argsz >= total) {
          uint32_t next = static_cast<uint32_t>(total);
          if (UserMemory::CopyTo(arg + last_cap + offsetof(VfioInfoCapHeader, next), &next,
                                 sizeof(next))) {
            return fail(EFAULT);
          }
        }
        last_cap = total;
        total += AlignUp8(cap.bytes.size());
      }
      info.flags = kVfioIommuInfoPgsizes | kVfioIommuInfoCaps;
      info.iova_pgsizes = page_sizes;
      info.cap_offset = info.argsz >= total ? sizeof(info) : 0;
      info.argsz = static_cast<uint32_t>(total);
      if (UserMemory::CopyTo(arg, &info, sizeof(info))) return fail(EFAULT);
      return Outcome::Success(0);
    }

    case kIoctlVfioIommuMapDma: {
      VfioIommuType1DmaMap map;
      if (UserMemory::CopyFrom(&map, arg, kDmaMapMinSize)) return fail(EFAULT);
      constexpr uint32_t kKnown = kVfioDmaMapFlagRead | kVfioDmaMapFlagWrite;
      if (map.argsz < kDmaMapMinSize || (map.flags & ~kKnown)) return fail(EINVAL);
      if (!ioas) return fail(ENODEV);
      if (map.iova >= kULongMax || map.size >= kULongMax) return fail(EOVERFLOW);
      if (map.size == 0) return fail(EINVAL);
      uint64_t end;
      if (__builtin_add_overflow(map.vaddr, map.size, &end)) return fail(EOVERFLOW);
      bool writable = map.flags & kVfioDmaMapFlagWrite;
      auto pages = std::make_shared<Pages>(Pages{map.vaddr, map.size, writable});
      uint64_t iova = map.iova;
      if (int error = ioas->iopt.Map(pages, 0, map.size, writable, /*fixed=*/true, &iova)) {
        return fail(error);
      }
      return Outcome::Success(0);
    }

    case kIoctlVfioIommuUnmapDma: {
      VfioIommuType1DmaUnmap unmap;
      if (UserMemory::CopyFrom(&unmap, arg, kDmaUnmapMinSize)) return fail(EFAULT);
      // Neither a dirty bitmap nor a vaddr update is offered.
      if (unmap.argsz < kDmaUnmapMinSize || (unmap.flags & ~kVfioDmaUnmapFlagAll)) {
        return fail(EINVAL);
      }
      if (!ioas) return fail(ENODEV);
      if (unmap.flags & kVfioDmaUnmapFlagAll) {
        if (unmap.iova || unmap.size) return fail(EINVAL);
        uint64_t unmapped = 0;
        int error = ioas->iopt.UnmapAll(&unmapped, NotifyAccesses(*ioas));
        return Unmapped(arg, unmapped, error);
      }
      if (unmap.iova >= kULongMax || unmap.size >= kULongMax) return fail(EOVERFLOW);
      uint64_t last;
      if (unmap.size == 0) return fail(EINVAL);
      if (__builtin_add_overflow(unmap.iova, unmap.size - 1, &last)) return fail(EOVERFLOW);
      // Unlike IOMMU_IOAS_UNMAP, a range with nothing mapped in it is no error here.
      // Without large pages (type1 mode) any page boundary may be unmapped: the areas are
      // split at both ends of the range first.
      if (!ioas->iopt.huge_pages()) {
        if (int error = ioas->iopt.SplitAfter(last)) return fail(error);
        if (unmap.iova) {
          if (int error = ioas->iopt.SplitAfter(unmap.iova - 1)) return fail(error);
        }
      }
      uint64_t unmapped = 0;
      int error = config_.fault == ModelFault::kCompatUnmapNothingIsEnoent ? ENOENT : 0;
      if (IntersectsArea(ioas->iopt, unmap.iova, last)) {
        error = ioas->iopt.Unmap(unmap.iova, unmap.size, &unmapped, NotifyAccesses(*ioas));
      }
      return Unmapped(arg, unmapped, error);
    }

    default:
      return fail(ENOTTY);
  }
}

}  // namespace iommufd_conform::model
