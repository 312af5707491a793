#include "fuzz/sequence/memory_arena.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

namespace iommufd_conform::fuzz {
namespace {

constexpr uint64_t kHugeAlignment = 2ull << 20;

}  // namespace

MemoryArena::MemoryArena() : page_size_(static_cast<uint64_t>(sysconf(_SC_PAGESIZE))) {
  // One reservation: 2 MiB of slack for alignment, the rw region, then four pages for the
  // read-only page, the hole, the bounce page and a guard.
  reservation_bytes_ = kHugeAlignment + kRwBytes + 4 * page_size_;
  void* p = mmap(nullptr, reservation_bytes_, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return;
  reservation_ = reinterpret_cast<uintptr_t>(p);
  uint64_t base = (reservation_ + kHugeAlignment - 1) & ~(kHugeAlignment - 1);
  if (mprotect(reinterpret_cast<void*>(base), kRwBytes, PROT_READ | PROT_WRITE) != 0) return;
  read_only_ = base + kRwBytes;
  if (mprotect(reinterpret_cast<void*>(read_only_), page_size_, PROT_READ) != 0) return;
  hole_ = read_only_ + page_size_;  // stays PROT_NONE: never readable
  bounce_ = hole_ + page_size_;
  if (mprotect(reinterpret_cast<void*>(bounce_), page_size_, PROT_READ | PROT_WRITE) != 0) return;
  rw_ = base;
  other_file_ = open("/dev/null", O_RDWR | O_CLOEXEC);
  memfd_ = memfd_create("iommufd-conform-fuzz", MFD_CLOEXEC);
  if (memfd_ < 0 || ftruncate(memfd_, kMemfdBytes) != 0) return;
  // The memfd is mapped 2 MiB aligned too: an address's alignment steers automatic IOVAs,
  // so it must not depend on where the process's mappings happened to land.
  void* slack = mmap(nullptr, kHugeAlignment + kMemfdBytes, PROT_NONE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (slack == MAP_FAILED) return;
  memfd_reservation_ = reinterpret_cast<uintptr_t>(slack);
  uint64_t at = (memfd_reservation_ + kHugeAlignment - 1) & ~(kHugeAlignment - 1);
  void* m = mmap(reinterpret_cast<void*>(at), kMemfdBytes, PROT_READ | PROT_WRITE,
                 MAP_SHARED | MAP_FIXED, memfd_, 0);
  if (m != MAP_FAILED) memfd_map_ = reinterpret_cast<uintptr_t>(m);
}

MemoryArena::~MemoryArena() {
  if (memfd_reservation_) {
    munmap(reinterpret_cast<void*>(memfd_reservation_), kHugeAlignment + kMemfdBytes);
  }
  if (memfd_ >= 0) close(memfd_);
  if (other_file_ >= 0) close(other_file_);
  if (reservation_) munmap(reinterpret_cast<void*>(reservation_), reservation_bytes_);
}

uint64_t MemoryArena::Address(uint8_t region, uint8_t page) const {
  uint64_t offset = (page % 16) * page_size_;
  switch (region % 5) {
    case 0: return rw_ + offset;
    case 1: return rw_ + kHugeAlignment;  // a 2 MiB-aligned start
    case 2: return read_only_;
    case 3: return hole_;
    default: return memfd_map_ ? memfd_map_ + offset % kMemfdBytes : rw_;
  }
}

}  // namespace iommufd_conform::fuzz
