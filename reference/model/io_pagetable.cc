#include "reference/model/io_pagetable.h"

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstdio>
#include <optional>

#include "reference/model/pages_io.h"

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
  uint64_t alignment = huge_pages_ ? 1 : config_.page_size;
  for (const auto& [id, domain] : domains_) {
    alignment = std::max(alignment, domain.geometry.iova_alignment);
  }
  for (const auto& [id, access_alignment] : access_alignments_) {
    alignment = std::max(alignment, access_alignment);
  }
  return alignment;
}

int IoPagetable::AddAccess(uint32_t access_id, uint64_t iova_alignment) {
  if (iova_alignment > this->iova_alignment()) {
    for (const auto& [start, area] : areas_) {
      uint64_t user_address = area.pages->user_va + area.pages_offset;
      if ((start | (area.last - start + 1) | user_address) % iova_alignment) return EADDRINUSE;
    }
  }
  access_alignments_[access_id] = iova_alignment;
  return 0;
}

int IoPagetable::SetHugePages(bool enabled) {
  // Disabling them again changes nothing and is fine whatever is mapped (7.2 vtd,
  // differential fuzzer).
  if (!enabled && huge_pages_) {
    // Domains cannot re-split what they already map.
    if (!domains_.empty() && !areas_.empty()) return EINVAL;
    // Each area must be page aligned in IOVA, in length and where its pages start (an
    // arm64 campaign found the last: a user address 0x9b9 into a page).
    for (const auto& [start, area] : areas_) {
      uint64_t length = area.last - start + 1;
      uint64_t pages_start = area.pages->user_va + area.pages_offset;
      if (start % config_.page_size || length % config_.page_size ||
          pages_start % config_.page_size) {
        return EADDRINUSE;
      }
    }
  }
  huge_pages_ = enabled;
  return 0;
}

bool IoPagetable::IntersectsReserved(uint64_t start, uint64_t last) const {
  return std::any_of(reserved_.begin(), reserved_.end(), [&](const ReservedRange& r) {
    return Overlaps(start, last, r.range.start, r.range.last);
  });
}

bool IoPagetable::IntersectsAllowed(uint64_t start, uint64_t last) const {
  return std::any_of(allowed_.begin(), allowed_.end(), [&](const IovaRange& r) {
    return Overlaps(start, last, r.start, r.last);
  });
}

int IoPagetable::AddReserved(IovaRange range, uint32_t owner) {
  if (IntersectsArea(range.start, range.last) || IntersectsAllowed(range.start, range.last)) {
    return EADDRINUSE;
  }
  reserved_.push_back({range, owner});
  return 0;
}

void IoPagetable::RemoveReserved(uint32_t owner) {
  std::erase_if(reserved_, [&](const ReservedRange& r) { return r.owner == owner; });
}

int IoPagetable::AddDomain(uint32_t hwpt_id, const DomainGeometry& geometry) {
  uint64_t alignment = std::max(iova_alignment(), geometry.iova_alignment);
  for (const auto& [start, area] : areas_) {
    uint64_t user_address = area.pages->user_va + area.pages_offset;
    if ((start | (area.last - start + 1) | user_address) % alignment) return EADDRINUSE;
  }
  std::vector<IovaRange> outside;
  if (geometry.aperture.start > 0) outside.push_back({0, geometry.aperture.start - 1});
  if (geometry.aperture.last < kULongMax) {
    outside.push_back({geometry.aperture.last + 1, kULongMax});
  }
  for (const IovaRange& range : outside) {
    if (IntersectsArea(range.start, range.last) || IntersectsAllowed(range.start, range.last)) {
      return EADDRINUSE;
    }
  }
  // The first domain pins every area's pages; later ones share those pins, so pages the
  // caller has unmapped since do not matter to them.
  if (domains_.empty()) {
    for (const auto& [start, area] : areas_) {
      if (int error = CheckPinnable(*area.pages, area.pages_offset, area.last - start + 1,
                                    area.writable)) {
        return error;
      }
    }
  }
  if (config_.fault == ModelFault::kApertureIgnored) outside.clear();
  for (const IovaRange& range : outside) reserved_.push_back({range, hwpt_id});
  domains_.emplace(hwpt_id, Domain{geometry, {}});
  return 0;
}

void IoPagetable::RemoveDomain(uint32_t hwpt_id) {
  std::erase_if(reserved_, [&](const ReservedRange& r) { return r.owner == hwpt_id; });
  domains_.erase(hwpt_id);
}

bool IoPagetable::MarkDirty(uint32_t hwpt_id, uint64_t iova) {
  Domain& domain = domains_.at(hwpt_id);
  if (!IntersectsArea(iova, iova)) return false;
  domain.dirty.insert(iova - iova % domain.geometry.pte_size);
  return true;
}

void IoPagetable::ForEachDirty(uint32_t hwpt_id, IovaRange range,
                               const std::function<void(IovaRange)>& dirty) const {
  const Domain& domain = domains_.at(hwpt_id);
  uint64_t pte_size = domain.geometry.pte_size;
  // A PTE that starts before the range but reaches into it counts too.
  uint64_t first = range.start - range.start % pte_size;
  for (auto it = domain.dirty.lower_bound(first); it != domain.dirty.end() && *it <= range.last;
       ++it) {
    dirty({*it, *it + pte_size - 1});
  }
}

void IoPagetable::ClearDirty(uint32_t hwpt_id, IovaRange range) {
  Domain& domain = domains_.at(hwpt_id);
  uint64_t first = range.start - range.start % domain.geometry.pte_size;
  auto it = domain.dirty.lower_bound(first);
  while (it != domain.dirty.end() && *it <= range.last) it = domain.dirty.erase(it);
}

void IoPagetable::DropDirty(uint64_t start, uint64_t last) {
  for (auto& [id, domain] : domains_) ClearDirty(id, {start, last});
}

bool IoPagetable::IntersectsArea(uint64_t start, uint64_t last) const {
  auto it = areas_.upper_bound(last);
  if (it == areas_.begin()) return false;
  --it;  // the last area starting at or before `last`
  return it->second.last >= start;
}

uint64_t AutoIovaAlignment(uint64_t address, uint64_t length) {
  constexpr uint64_t kHugePage = 2 * 1024 * 1024;
  // Capped first: bit_ceil of a length above 2^63 is undefined (found by the model fuzzer).
  uint64_t want = std::bit_ceil(std::min(std::max<uint64_t>(length, 1), kHugePage));
  if (address) want = std::min<uint64_t>(want, uint64_t{1} << std::countr_zero(address));
  return want;
}

uint64_t SyzIova(const IoPagetable& iopt, uint64_t iova) {
  uint64_t nth = iova & 0xffffffff;
  uint64_t offset = iova >> 32;
  for (const auto& [start, area] : iopt.areas()) {
    if (nth-- == 0) return start + offset;
  }
  return 0;
}

uint64_t IoPagetable::AutoAlignment(uint64_t user_address, uint64_t length) const {
  bool any_alignment = config_.fault == ModelFault::kAutoIovaAlignmentDropped;
  if (any_alignment) return std::max<uint64_t>(iova_alignment(), 1);
  return std::max(std::max<uint64_t>(iova_alignment(), 1),
                  AutoIovaAlignment(user_address, length));
}

std::vector<IovaRange> IoPagetable::AutoIovaWindows() const {
  // Automatic IOVAs stay clear of the first and the last page, allowed or not (7.2, 6.12,
  // 7.3; differential fuzzer).
  const IovaRange usable{config_.page_size, kULongMax - config_.page_size};
  // Allowed ranges that touch are one window, walked in IOVA order (7.2 smmuv3: an 8 KiB
  // map fits two adjacent 4 KiB ranges).
  std::vector<IovaRange> allowed = allowed_;
  if (config_.fault == ModelFault::kAutoIovaIgnoresAllowedRanges) allowed.clear();
  if (allowed.empty()) allowed.push_back(usable);
  std::ranges::sort(allowed, {}, &IovaRange::start);
  std::vector<IovaRange> windows;
  for (const IovaRange& range : allowed) {
    if (!windows.empty() && windows.back().last != kULongMax &&
        range.start <= windows.back().last + 1) {
      windows.back().last = std::max(windows.back().last, range.last);
    } else {
      windows.push_back(range);
    }
  }
  std::vector<IovaRange> clipped;
  for (IovaRange window : windows) {
    window.start = std::max(window.start, usable.start);
    window.last = std::min(window.last, usable.last);
    if (window.start <= window.last) clipped.push_back(window);
  }
  return clipped;
}

std::string IoPagetable::AutoIovaRefusal(uint64_t user_address, uint64_t length, uint64_t iova,
                                         uint64_t ignored) const {
  uint64_t last;
  if (length == 0 || __builtin_add_overflow(iova, length - 1, &last)) {
    return "the range wraps around the IOVA space";
  }
  uint64_t page_offset = user_address % config_.page_size;
  uint64_t alignment = AutoAlignment(user_address, length);
  if ((iova & page_offset) != page_offset || (iova & ~page_offset) % alignment != 0) {
    return "not aligned to " + std::to_string(alignment) + " with the user address's page " +
           "offset " + std::to_string(page_offset) + " kept";
  }
  std::vector<IovaRange> windows = AutoIovaWindows();
  bool inside = std::any_of(windows.begin(), windows.end(), [&](const IovaRange& window) {
    return window.start <= iova && last <= window.last;
  });
  if (!inside) {
    return allowed_.empty() ? "in the first or the last page of the IOVA space"
                            : "outside the allowed ranges (or in the first or last page)";
  }
  if (IntersectsReserved(iova, last)) return "over a reserved range";
  for (auto it = areas_.upper_bound(last); it != areas_.begin();) {
    --it;
    if (it->second.last < iova) break;
    if (it->first != ignored) return "over another area";
  }
  return "";
}

std::string IoPagetable::AdoptAutoIova(uint64_t from, uint64_t to) {
  auto area = areas_.find(from);
  if (area == areas_.end()) return "the model has no area at its own IOVA";
  uint64_t length = area->second.last - from + 1;
  std::string refusal = AutoIovaRefusal(
      area->second.pages->user_va + area->second.pages_offset, length, to, from);
  if (!refusal.empty() || from == to) return refusal;
  auto moved = areas_.extract(area);
  moved.key() = to;
  moved.mapped().last = to + length - 1;
  areas_.insert(std::move(moved));
  return "";
}

int IoPagetable::AllocateIova(uint64_t user_address, uint64_t length, uint64_t* iova) const {
  // Seen on 7.2: an automatic IOVA for 2^63 bytes or more is EOVERFLOW (a fixed one of the
  // same length is fine), as if the length were first rounded up to a power of two.
  if (length >= uint64_t{1} << 63) return EOVERFLOW;
  // What 7.2 picks (probed over addresses and lengths, fuzz/README.md): the first free spot
  // aligned to AutoAlignment, with the address's offset in its page or-ed in. Below a page
  // that offset is not kept: after a 1-byte area at 0x1000, a 1-byte map of a page-aligned
  // address lands at 0x1001.
  uint64_t page_offset = user_address % config_.page_size;
  uint64_t alignment = AutoAlignment(user_address, length);
  for (IovaRange window : AutoIovaWindows()) {
    uint64_t candidate = window.start;
    for (;;) {
      bool overflow;
      uint64_t start = AlignUp(candidate, alignment, &overflow) | page_offset;
      if (overflow) break;
      uint64_t last = start + length - 1;
      if (last < start || last > window.last) break;
      uint64_t blocker = 0;
      bool blocked = false;
      for (const ReservedRange& reserved : reserved_) {
        if (config_.fault == ModelFault::kAutoIovaIgnoresReserved) break;
        const IovaRange& r = reserved.range;
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
                     bool writable, bool fixed, uint64_t* iova, bool readable) {
  if (length == 0) return EINVAL;
  uint64_t alignment = iova_alignment();
  uint64_t user_address = pages->user_va + pages_offset;
  if (length % alignment) return EINVAL;
  // A fixed IOVA is checked first: a taken one is EEXIST whatever the user address (7.2
  // vtd, differential fuzzer).
  bool address_aligned = user_address % alignment == 0;
  // The first area after the new one: inserting there spares a second walk of the tree.
  std::map<uint64_t, Area>::iterator next;
  if (fixed) {
    if (*iova % alignment) return EINVAL;
    uint64_t last;
    bool wrap_ok = config_.fault == ModelFault::kFixedMapMissingEoverflow;
    if (__builtin_add_overflow(*iova, length - 1, &last) && !wrap_ok) return EOVERFLOW;
    bool reserved_ok = config_.fault == ModelFault::kFixedMapIntoReservedAccepted;
    if (IntersectsReserved(*iova, last) && !reserved_ok) return EINVAL;
    next = areas_.upper_bound(last);
    int taken = config_.fault == ModelFault::kFixedMapOverlapIsEinval ? EINVAL : EEXIST;
    if (next != areas_.begin() && std::prev(next)->second.last >= *iova) return taken;
    if (!address_aligned) return EINVAL;
  } else {
    if (!address_aligned) return EINVAL;
    if (int error = AllocateIova(user_address, length, iova)) return error;
    next = areas_.upper_bound(*iova + length - 1);
  }
  // A device must not write pages the caller may not (a writable copy of read-only ones).
  bool any_pages = config_.fault == ModelFault::kCopyIgnoresSourcePermissions;
  if (writable && !pages->writable && !any_pages) return EPERM;
  // Domains need the pages pinned now; without one, pinning waits until one comes.
  if (!domains_.empty()) {
    if (int error = CheckPinnable(*pages, pages_offset, length, writable)) return error;
  }
  areas_.emplace_hint(next, *iova,
                      Area{*iova + length - 1, std::move(pages), pages_offset, writable, readable});
  return 0;
}

int IoPagetable::Unmap(uint64_t iova, uint64_t length, uint64_t* unmapped,
                       const RemovedFn& removed) {
  *unmapped = 0;
  if (length == 0) return EINVAL;
  uint64_t last;
  if (__builtin_add_overflow(iova, length - 1, &last)) return EOVERFLOW;
  if (config_.fault == ModelFault::kUnmapLengthOffByOne) --last;
  // Areas are visited in IOVA order; ones removed before a partial overlap stay removed.
  auto it = areas_.upper_bound(iova);
  if (it != areas_.begin() && std::prev(it)->second.last >= iova) --it;
  while (it != areas_.end() && it->first <= last) {
    if (it->first < iova || it->second.last > last) return ENOENT;
    if (it->second.locks) return EBUSY;
    *unmapped += it->second.last - it->first + 1;
    if (removed) removed(it->first, it->second.last);
    DropDirty(it->first, it->second.last);
    it = areas_.erase(it);
  }
  return *unmapped ? 0 : ENOENT;
}

int IoPagetable::UnmapAll(uint64_t* unmapped, const RemovedFn& removed) {
  *unmapped = 0;
  for (auto it = areas_.begin(); it != areas_.end(); it = areas_.erase(it)) {
    if (it->second.locks) return EBUSY;
    *unmapped += it->second.last - it->first + 1;
    if (removed) removed(it->first, it->second.last);
    DropDirty(it->first, it->second.last);
  }
  return 0;
}

int IoPagetable::LockRange(uint64_t iova, uint64_t last) {
  std::vector<Slice> slices;
  if (int error = GetSlices(iova, last, &slices)) return error;
  auto it = std::prev(areas_.upper_bound(iova));
  for (; it != areas_.end() && it->first <= last; ++it) ++it->second.locks;
  return 0;
}

void IoPagetable::UnlockRange(uint64_t iova, uint64_t last) {
  auto it = std::prev(areas_.upper_bound(iova));
  for (; it != areas_.end() && it->first <= last; ++it) --it->second.locks;
}

int IoPagetable::SplitAfter(uint64_t iova) {
  if (iova == kULongMax) return 0;
  auto it = areas_.upper_bound(iova);
  if (it == areas_.begin()) return 0;
  --it;
  Area& area = it->second;
  if (area.last <= iova) return 0;
  uint64_t next = iova + 1;
  if (next % std::max(iova_alignment(), config_.page_size)) return EINVAL;
  // Both parts keep the area's pages, permissions and locks.
  Area tail = area;
  tail.pages_offset += next - it->first;
  area.last = iova;
  areas_.emplace(next, std::move(tail));
  return 0;
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
                       slice_last - at + 1, it->second.writable, it->second.readable, it->first,
                       it->second.last});
    if (slice_last == last) return 0;
    at = slice_last + 1;
    ++it;
  }
}

std::vector<IovaRange> IoPagetable::UsableRanges() const {
  // Allowed ranges steer allocation only; what is reported is everything not reserved.
  std::vector<IovaRange> base = {{0, kULongMax}};
  std::vector<IovaRange> reserved;
  for (const ReservedRange& r : reserved_) reserved.push_back(r.range);
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
  for (size_t i = 1; i < ranges.size(); ++i) {
    if (ranges[i].start <= ranges[i - 1].last) return EINVAL;
  }
  for (const IovaRange& range : ranges) {
    if (IntersectsReserved(range.start, range.last)) return EADDRINUSE;
  }
  allowed_ = std::move(ranges);
  return 0;
}

std::vector<std::string> IoPagetable::InvariantViolations() const {
  std::vector<std::string> broken;
  auto hex = [](uint64_t value) {
    char text[24];
    std::snprintf(text, sizeof(text), "0x%llx", static_cast<unsigned long long>(value));
    return std::string(text);
  };
  uint64_t alignment = iova_alignment();
  std::optional<uint64_t> previous_last;
  for (const auto& [start, area] : areas_) {
    std::string name = "area " + hex(start) + "-" + hex(area.last);
    if (area.last < start) broken.push_back(name + " ends before it starts");
    if (previous_last && start <= *previous_last) broken.push_back(name + " overlaps the one before");
    previous_last = area.last;
    if (start % alignment || (area.last + 1) % alignment) {
      broken.push_back(name + " breaks the IOAS alignment " + hex(alignment));
    }
    if (IntersectsReserved(start, area.last)) broken.push_back(name + " meets a reserved range");
    for (const auto& [id, domain] : domains_) {
      if (start < domain.geometry.aperture.start || area.last > domain.geometry.aperture.last) {
        broken.push_back(name + " is outside the aperture of HWPT " + std::to_string(id));
      }
    }
  }
  // Allowed ranges only steer automatic IOVAs (fixed maps may lie outside them), but they
  // never meet a reserved range.
  for (const IovaRange& range : allowed_) {
    if (IntersectsReserved(range.start, range.last)) {
      broken.push_back("allowed range " + hex(range.start) + "-" + hex(range.last) +
                       " meets a reserved range");
    }
  }
  for (const auto& [id, domain] : domains_) {
    for (uint64_t pte : domain.dirty) {
      if (!IntersectsArea(pte, pte + domain.geometry.pte_size - 1)) {
        broken.push_back("HWPT " + std::to_string(id) + " has a dirty PTE " + hex(pte) +
                         " where nothing is mapped");
      }
    }
  }
  return broken;
}

}  // namespace iommufd_conform::model
