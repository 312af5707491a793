#ifndef IOMMUFD_CONFORM_REFERENCE_MODEL_IO_PAGETABLE_H_
#define IOMMUFD_CONFORM_REFERENCE_MODEL_IO_PAGETABLE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "reference/model/profile.h"

namespace iommufd_conform::model {

inline constexpr uint64_t kULongMax = UINT64_MAX;

struct IovaRange {
  uint64_t start;
  uint64_t last;  // inclusive
  bool operator==(const IovaRange&) const = default;
};

// The user pages behind one IOMMU_IOAS_MAP; IOAS_COPY shares them instead of re-pinning.
struct Pages {
  uint64_t user_va;
  uint64_t length;
  bool writable;
};

struct Area {
  uint64_t last;
  std::shared_ptr<const Pages> pages;
  uint64_t pages_offset;  // where in `pages` this area's first byte is
  bool writable;
};

// One IOAS's address space: areas, reserved and allowed ranges, and the alignment every
// mapping must honour. Methods return 0 or an errno, as the ioctls do.
class IoPagetable {
 public:
  explicit IoPagetable(const ModelConfig& config) : config_(config) {}

  // Maps `length` bytes of `pages` starting `pages_offset` into it. With `fixed` the IOVA is
  // *iova; otherwise one is chosen and stored in *iova.
  int Map(std::shared_ptr<const Pages> pages, uint64_t pages_offset, uint64_t length,
          bool writable, bool fixed, uint64_t* iova);
  // Removes every area inside [iova, iova+length-1]; an area only partly inside is ENOENT.
  int Unmap(uint64_t iova, uint64_t length, uint64_t* unmapped);
  uint64_t UnmapAll();

  // The areas covering [iova, last] with no gap, clipped to it; ENOENT if any byte is unmapped.
  struct Slice {
    std::shared_ptr<const Pages> pages;
    uint64_t pages_offset;
    uint64_t length;
    bool writable;
  };
  int GetSlices(uint64_t iova, uint64_t last, std::vector<Slice>* slices) const;

  // The ranges IOMMU_IOAS_IOVA_RANGES reports: everything not reserved.
  std::vector<IovaRange> UsableRanges() const;
  int SetAllowed(std::vector<IovaRange> ranges);
  uint64_t iova_alignment() const;
  bool huge_pages() const { return huge_pages_; }
  int SetHugePages(bool enabled);
  const std::map<uint64_t, Area>& areas() const { return areas_; }

 private:
  bool IntersectsReserved(uint64_t start, uint64_t last) const;
  bool IntersectsArea(uint64_t start, uint64_t last) const;
  // The lowest IOVA the model picks; any answer in AllowedAutoIova() is acceptable.
  int AllocateIova(uint64_t page_offset, uint64_t length, uint64_t* iova) const;
  uint64_t AutoAlignment(uint64_t user_address, uint64_t length) const;

  const ModelConfig& config_;
  std::map<uint64_t, Area> areas_;  // keyed by first IOVA; areas never overlap
  std::vector<IovaRange> reserved_;
  std::vector<IovaRange> allowed_;  // sorted, disjoint; empty means "everything"
  bool huge_pages_ = true;
};

}  // namespace iommufd_conform::model

#endif  // IOMMUFD_CONFORM_REFERENCE_MODEL_IO_PAGETABLE_H_
