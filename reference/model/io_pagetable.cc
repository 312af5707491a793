#include "reference/model/io_pagetable.h"

#include <algorithm>
#include <bit>
#include <cerrno>

namespace iommufd_conform::model {
namespace {

bool Overlaps(uint64_t a_start, uint64_t a_last, uint64_t b_start, uint64_t b_last) {
  return a_start <= b_last && b_start <= a_last;
}

uint64_t AlignUp(uint64_t value, uint64_t alignment, bool* overflow) {
  uint64_t aligned = (value + alignment - 1) & ~(alignment - 1);
  *overflow = aligned < value;
  return aligned;
}

}  // namespace

uint64_t IoPagetable::iova_alignment() const {
  // Without huge pages every area must stay splittable at CPU page granularity.
  return huge_pages_ ? 1 : config_.page_size;
}

int IoPagetable::SetHugePages(bool enabled) {
  if (!enabled) {
    for (const auto& [start, area] : areas_) {
      uint64_t length = area.last - start + 1;
      if (start % config_.page_size || length % config_.page_size) return EADDRINUSE;
    }
  }
  huge_pages_ = enabled;
  return 0;
}

bool IoPagetable::IntersectsReserved(uint64_t start, uint64_t last) const {
  return std::any_of(reserved_.begin(), reserved_.end(), [&](const IovaRange& r) {
    return Overlaps(start, last, r.start, r.last);
  });
}

bool IoPagetable::IntersectsArea(uint64_t start, uint64_t last) const {
  auto it = areas_.upper_bound(last);
  if (it == areas_.begin()) return false;
  --it;  // the last area starting at or before `last`
  return it->second.last >= start;
}

uint64_t IoPagetable::AutoAlignment(uint64_t user_address, uint64_t length) const {
  uint64_t alignment = std::max<uint64_t>(iova_alignment(), 1);
  if (config_.kernel.version == KernelVersion::k6_12) {
    // 6.12 aligns automatic IOVAs to the length's power of two, bounded by the user
    // address's own alignment and by the huge page size.
    uint64_t want = std::bit_ceil(length);
    if (user_address) want = std::min<uint64_t>(want, uint64_t{1} << std::countr_zero(user_address));
    want = std::min<uint64_t>(want, 2 * 1024 * 1024);
    alignment = std::max(alignment, want);
  }
  return alignment;
}

int IoPagetable::AllocateIova(uint64_t user_address, uint64_t length, uint64_t* iova) const {
  // Areas start on a granule boundary plus the user address's offset within its page.
  uint64_t page_offset = user_address % config_.page_size;
  uint64_t granule = std::max(AutoAlignment(user_address, length), config_.page_size);
  std::vector<IovaRange> windows = allowed_;
  if (windows.empty()) windows.push_back({config_.page_size, kULongMax - config_.page_size});
  for (const IovaRange& window : windows) {
    uint64_t candidate = window.start;
    for (;;) {
      bool overflow;
      uint64_t base = AlignUp(candidate > page_offset ? candidate - page_offset : 0, granule,
                              &overflow);
      uint64_t start = base + page_offset;
      if (overflow || start < base) break;
      uint64_t last = start + length - 1;
      if (last < start || last > window.last) break;
      uint64_t blocker = 0;
      bool blocked = false;
      for (const IovaRange& r : reserved_) {
        if (Overlaps(start, last, r.start, r.last)) {
          blocker = std::max(blocker, r.last);
          blocked = true;
        }
      }
      auto it = areas_.upper_bound(last);
      if (it != areas_.begin() && std::prev(it)->second.last >= start) {
        blocker = std::max(blocker, std::prev(it)->second.last);
        blocked = true;
      }
      if (!blocked) {
        *iova = start;
        return 0;
      }
      if (blocker == kULongMax) break;
      candidate = blocker + 1;
    }
  }
  return ENOSPC;
}

int IoPagetable::Map(std::shared_ptr<const Pages> pages, uint64_t pages_offset, uint64_t length,
                     bool writable, bool fixed, uint64_t* iova) {
  if (length == 0) return EINVAL;
  uint64_t alignment = iova_alignment();
  uint64_t user_address = pages->user_va + pages_offset;
  if (length % alignment || user_address % alignment) return EINVAL;
  if (fixed) {
    if (*iova % alignment) return EINVAL;
    uint64_t last;
    if (__builtin_add_overflow(*iova, length - 1, &last)) return EOVERFLOW;
    if (IntersectsReserved(*iova, last)) return EINVAL;
    if (IntersectsArea(*iova, last)) return EEXIST;
  } else {
    if (int error = AllocateIova(user_address, length, iova)) return error;
  }
  areas_.emplace(*iova, Area{*iova + length - 1, std::move(pages), pages_offset, writable});
  return 0;
}

int IoPagetable::Unmap(uint64_t iova, uint64_t length, uint64_t* unmapped) {
  *unmapped = 0;
  if (length == 0) return EINVAL;
  uint64_t last;
  if (__builtin_add_overflow(iova, length - 1, &last)) return EOVERFLOW;
  // Areas are visited in IOVA order; ones removed before a partial overlap stay removed.
  auto it = areas_.upper_bound(iova);
  if (it != areas_.begin() && std::prev(it)->second.last >= iova) --it;
  while (it != areas_.end() && it->first <= last) {
    if (it->first < iova || it->second.last > last) return ENOENT;
    *unmapped += it->second.last - it->first + 1;
    it = areas_.erase(it);
  }
  return *unmapped ? 0 : ENOENT;
}

uint64_t IoPagetable::UnmapAll() {
  uint64_t unmapped = 0;
  for (const auto& [start, area] : areas_) unmapped += area.last - start + 1;
  areas_.clear();
  return unmapped;
}

int IoPagetable::GetSlices(uint64_t iova, uint64_t last, std::vector<Slice>* slices) const {
  auto it = areas_.upper_bound(iova);
  if (it == areas_.begin()) return ENOENT;
  --it;
  uint64_t at = iova;
  while (true) {
    if (it == areas_.end() || it->first > at || it->second.last < at) return ENOENT;
    uint64_t slice_last = std::min(last, it->second.last);
    slices->push_back({it->second.pages, it->second.pages_offset + (at - it->first),
                       slice_last - at + 1, it->second.writable});
    if (slice_last == last) return 0;
    at = slice_last + 1;
    ++it;
  }
}

std::vector<IovaRange> IoPagetable::UsableRanges() const {
  // Allowed ranges steer allocation only; what is reported is everything not reserved.
  std::vector<IovaRange> base = {{0, kULongMax}};
  std::vector<IovaRange> reserved = reserved_;
  std::sort(reserved.begin(), reserved.end(),
            [](const IovaRange& a, const IovaRange& b) { return a.start < b.start; });
  std::vector<IovaRange> usable;
  for (const IovaRange& range : base) {
    uint64_t at = range.start;
    bool done = false;
    for (const IovaRange& r : reserved) {
      if (r.last < at || r.start > range.last) continue;
      if (r.start > at) usable.push_back({at, r.start - 1});
      if (r.last >= range.last) {
        done = true;
        break;
      }
      at = std::max(at, r.last + 1);
    }
    if (!done) usable.push_back({at, range.last});
  }
  return usable;
}

int IoPagetable::SetAllowed(std::vector<IovaRange> ranges) {
  std::sort(ranges.begin(), ranges.end(),
            [](const IovaRange& a, const IovaRange& b) { return a.start < b.start; });
  for (size_t i = 0; i < ranges.size(); ++i) {
    if (ranges[i].start > ranges[i].last) return EINVAL;
    if (i && ranges[i].start <= ranges[i - 1].last) return EINVAL;
  }
  for (const IovaRange& range : ranges) {
    if (IntersectsReserved(range.start, range.last)) return EADDRINUSE;
  }
  allowed_ = std::move(ranges);
  return 0;
}

}  // namespace iommufd_conform::model
