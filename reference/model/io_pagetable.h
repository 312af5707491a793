#ifndef IOMMUFD_CONFORM_REFERENCE_MODEL_IO_PAGETABLE_H_
#define IOMMUFD_CONFORM_REFERENCE_MODEL_IO_PAGETABLE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "reference/model/caller.h"
#include "reference/model/dmabuf.h"
#include "reference/model/mapped_file.h"
#include "reference/model/profile.h"

namespace iommufd_conform::model {

inline constexpr uint64_t kULongMax = UINT64_MAX;

struct IovaRange {
  uint64_t start;
  uint64_t last;  // inclusive
  bool operator==(const IovaRange&) const = default;
};

// The pages behind one IOMMU_IOAS_MAP or MAP_FILE; IOAS_COPY shares them instead of
// re-pinning. `file` is set for MAP_FILE, and then `user_va` is the offset in that file.
struct Pages {
  uint64_t user_va;
  uint64_t length;
  bool writable;
  std::shared_ptr<const MappedFile> file = {};
  // CPU pages (by address in the pages' space) that accesses hold pinned, with a count:
  // a domain pinning later takes those pages as they are, not from the address space.
  mutable std::map<uint64_t, int> access_pins = {};
  // Set for MAP_FILE of a test dmabuf (then `user_va` is the offset in the buffer): its
  // pages are the exporter's, never pinned from a process, and a revoke unmaps them.
  std::shared_ptr<DmabufBuffer> dmabuf = {};
  // The process that mapped user memory (the kernel's source mm): its pages are read and
  // pinned from it whoever calls later, and pinning fails once it has exited.
  std::shared_ptr<const CallerProcess> owner = CurrentCaller();
};

// What an IOMMU domain imposes on every IOAS it is attached to: IOVAs outside its aperture
// become reserved, and mappings must honour its smallest page size.
struct DomainGeometry {
  IovaRange aperture;
  uint64_t iova_alignment;
  uint64_t pte_size;  // the granule its dirty bits track
};

// Reserved ranges remember who put them there, so a domain's go away with it; those of
// IOMMU_TEST_OP_ADD_RESERVED (kReservedByTest) stay for the IOAS's life.
inline constexpr uint32_t kReservedByTest = 0;

struct Area {
  uint64_t last;
  std::shared_ptr<const Pages> pages;
  uint64_t pages_offset;  // where in `pages` this area's first byte is
  bool writable;
  bool readable = true;
  int locks = 0;  // HW queues using its memory: unmapping it is EBUSY
};

// The alignment an automatic IOVA keeps for `length` bytes at `address` (a user address, or
// MAP_FILE's file offset; 0 for none): the length's power of two, at most 2 MiB, bounded by
// the address's own alignment (seen on 6.12 to 7.3). Any multiple of it is an allowed answer.
uint64_t AutoIovaAlignment(uint64_t address, uint64_t length);

// One IOAS's address space: areas, reserved and allowed ranges, and the alignment every
// mapping must honour. Methods return 0 or an errno, as the ioctls do.
class IoPagetable {
 public:
  explicit IoPagetable(const ModelConfig& config) : config_(config) {}

  // Maps `length` bytes of `pages` starting `pages_offset` into it. With `fixed` the IOVA is
  // *iova; otherwise one is chosen and stored in *iova.
  int Map(std::shared_ptr<const Pages> pages, uint64_t pages_offset, uint64_t length,
          bool writable, bool fixed, uint64_t* iova, bool readable = true);
  // Told of each area an unmap removes, before it goes: accesses drop what they hold there.
  using RemovedFn = std::function<void(uint64_t start, uint64_t last)>;
  // Removes every area inside [iova, iova+length-1]; an area only partly inside is ENOENT.
  // A locked area stops either with EBUSY; areas removed before it stay removed.
  int Unmap(uint64_t iova, uint64_t length, uint64_t* unmapped, const RemovedFn& removed = {});
  int UnmapAll(uint64_t* unmapped, const RemovedFn& removed = {});
  // Accesses attached to this IOAS raise its alignment like domains do; one that pins pages
  // needs every area's IOVA, length and user address on a CPU page boundary, else EADDRINUSE.
  int AddAccess(uint32_t access_id, uint64_t iova_alignment);
  void RemoveAccess(uint32_t access_id) { access_alignments_.erase(access_id); }
  // Whether the pages are pinned already (by a domain).
  bool pinned() const { return !domains_.empty(); }

  // Locks (or unlocks) every area under [iova, last]; ENOENT unless they cover it all.
  int LockRange(uint64_t iova, uint64_t last);
  void UnlockRange(uint64_t iova, uint64_t last);
  // Splits the area holding both `iova` and `iova + 1` so that one part ends at `iova`
  // (VFIO type1 unmaps inside a mapping this way); EINVAL unless iova + 1 is aligned.
  int SplitAfter(uint64_t iova);

  // Moves the area the model just placed automatically at `from` to `to`, an IOVA the
  // kernel chose for the same call, if `to` is an answer the automatic allocator could give:
  // inside the usable space and one allowed window, clear of reserved ranges and of every
  // other area, aligned as AutoAlignment asks with the address's page offset kept. "" when
  // moved, else the rule `to` breaks (the area then stays at `from`).
  std::string AdoptAutoIova(uint64_t from, uint64_t to);

  // The areas covering [iova, last] with no gap, clipped to it; ENOENT if any byte is unmapped.
  struct Slice {
    std::shared_ptr<const Pages> pages;
    uint64_t pages_offset;
    uint64_t length;
    bool writable;
    bool readable;
    uint64_t area_start;  // IOVA of the area this slice is in
    uint64_t area_last;
  };
  // Slices found before a gap stay in `slices` when the answer is ENOENT.
  int GetSlices(uint64_t iova, uint64_t last, std::vector<Slice>* slices) const;

  // The ranges IOMMU_IOAS_IOVA_RANGES reports: everything not reserved.
  std::vector<IovaRange> UsableRanges() const;
  int SetAllowed(std::vector<IovaRange> ranges);
  // EADDRINUSE when the range meets an area or an allowed range; reserved ranges may overlap.
  int AddReserved(IovaRange range, uint32_t owner);
  // Drops the ranges `owner` added, such as a device's regions when it detaches.
  void RemoveReserved(uint32_t owner);
  uint64_t iova_alignment() const;
  bool huge_pages() const { return huge_pages_; }
  int SetHugePages(bool enabled);
  const std::map<uint64_t, Area>& areas() const { return areas_; }
  // What should always hold, as text for each rule broken: areas disjoint, aligned, clear of
  // reserved ranges and inside every domain's aperture; allowed ranges clear of reserved
  // ones; dirty bits only where something is mapped.
  std::vector<std::string> InvariantViolations() const;

  // Domains, named by their HWPT id. Adding one fails with EADDRINUSE when an existing area
  // or allowed range lies outside its aperture or breaks its alignment.
  int AddDomain(uint32_t hwpt_id, const DomainGeometry& geometry);
  void RemoveDomain(uint32_t hwpt_id);
  // The mapped PTEs of a domain carry dirty bits: marking an unmapped IOVA does nothing
  // (and returns false), and unmapping an area drops its bits.
  bool MarkDirty(uint32_t hwpt_id, uint64_t iova);
  // Calls `dirty` with each dirty PTE that meets `range`, in IOVA order.
  void ForEachDirty(uint32_t hwpt_id, IovaRange range,
                    const std::function<void(IovaRange)>& dirty) const;
  void ClearDirty(uint32_t hwpt_id, IovaRange range);

 private:
  struct ReservedRange {
    IovaRange range;
    uint32_t owner;
  };
  struct Domain {
    DomainGeometry geometry;
    std::set<uint64_t> dirty;  // first IOVA of each dirty PTE
  };

  bool IntersectsReserved(uint64_t start, uint64_t last) const;
  bool IntersectsAllowed(uint64_t start, uint64_t last) const;
  void DropDirty(uint64_t start, uint64_t last);
  bool IntersectsArea(uint64_t start, uint64_t last) const;
  // The lowest IOVA the model picks; AutoIovaRefusal says which others are acceptable.
  int AllocateIova(uint64_t page_offset, uint64_t length, uint64_t* iova) const;
  uint64_t AutoAlignment(uint64_t user_address, uint64_t length) const;
  // The allowed ranges with those that touch joined, in IOVA order, clipped to the usable
  // space; the usable space alone when none are set.
  std::vector<IovaRange> AutoIovaWindows() const;
  // "" when [iova, iova + length) is an answer the allocator may give for `user_address`
  // with the area at `ignored` (the one being moved) out of the way, else the rule broken.
  std::string AutoIovaRefusal(uint64_t user_address, uint64_t length, uint64_t iova,
                              uint64_t ignored) const;

  const ModelConfig& config_;
  std::map<uint64_t, Area> areas_;  // keyed by first IOVA; areas never overlap
  std::vector<ReservedRange> reserved_;
  std::vector<IovaRange> allowed_;  // sorted, disjoint; empty means "everything"
  std::map<uint32_t, Domain> domains_;
  std::map<uint32_t, uint64_t> access_alignments_;
  bool huge_pages_ = true;
};

// With MOCK_FLAGS_ACCESS_SYZ (a selftest kernel's hook for syzkaller) ACCESS_PAGES,
// ACCESS_RW and IOAS_COPY read an IOVA as {u32 nth_area; u32 offset}: that offset into the
// nth area of `iopt` (in IOVA order), or IOVA 0 when there is no such area.
uint64_t SyzIova(const IoPagetable& iopt, uint64_t iova);

}  // namespace iommufd_conform::model

#endif  // IOMMUFD_CONFORM_REFERENCE_MODEL_IO_PAGETABLE_H_
