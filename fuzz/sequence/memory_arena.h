#ifndef IOMMUFD_CONFORM_FUZZ_SEQUENCE_MEMORY_ARENA_H_
#define IOMMUFD_CONFORM_FUZZ_SEQUENCE_MEMORY_ARENA_H_

#include <cstdint>

namespace iommufd_conform::fuzz {

// The user memory sequences map, read and write: fixed for the life of the process, so an
// input means the same calls every time it runs. A readable and writable region aligned to
// 2 MiB (huge-page paths), a read-only page, an unmapped hole, a device's bounce page, and a
// memfd mapped over its whole size at a 2 MiB boundary (MAP_FILE, and VA-backed maps of file
// pages). Addresses differ between runs only above 2 MiB, so their alignment, which
// automatic IOVAs follow, does not.
class MemoryArena {
 public:
  static constexpr uint64_t kRwBytes = 4ull << 20;
  static constexpr uint64_t kMemfdBytes = 64 * 1024;

  MemoryArena();
  ~MemoryArena();
  MemoryArena(const MemoryArena&) = delete;
  MemoryArena& operator=(const MemoryArena&) = delete;

  bool ok() const { return rw_ != 0 && memfd_ >= 0 && other_file_ >= 0; }
  uint64_t page_size() const { return page_size_; }
  // A user address chosen by two bytes: the region, then a page offset in it.
  uint64_t Address(uint8_t region, uint8_t page) const;
  int memfd() const { return memfd_; }
  // A file that is neither a memfd nor a dmabuf (/dev/null), for MAP_FILE to refuse.
  int other_file() const { return other_file_; }
  // The read-write region and the memfd's mapping, as [start, start + bytes).
  uint64_t rw_start() const { return rw_; }
  uint64_t memfd_start() const { return memfd_map_; }
  // A buffer that ioctls may write freely (bitmaps, range arrays, read() targets).
  uint64_t scratch() const { return rw_ + kRwBytes - kScratchBytes; }
  static constexpr uint64_t kScratchBytes = 64 * 1024;
  // A read-write page no address choice names, which a device DMA borrows as its bounce
  // page (DeviceDmaRequest): a transfer through it must not meet the pages it moves.
  uint64_t bounce() const { return bounce_; }

 private:
  uint64_t page_size_;
  uint64_t reservation_ = 0;  // what munmap undoes
  uint64_t reservation_bytes_ = 0;
  uint64_t rw_ = 0;
  uint64_t read_only_ = 0;
  uint64_t hole_ = 0;
  uint64_t bounce_ = 0;
  uint64_t memfd_reservation_ = 0;  // what munmap undoes, around memfd_map_
  uint64_t memfd_map_ = 0;
  int memfd_ = -1;
  int other_file_ = -1;
};

}  // namespace iommufd_conform::fuzz

#endif  // IOMMUFD_CONFORM_FUZZ_SEQUENCE_MEMORY_ARENA_H_
