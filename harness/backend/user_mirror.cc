#include "harness/backend/user_mirror.h"

#include <sys/mman.h>

#include <algorithm>
#include <cstring>

#include "reference/model/user_memory.h"
#include "reference/model/user_pages.h"

namespace iommufd_conform {
namespace {

using model::UserMemory;

uint64_t PageSize() { return model::CpuPageSize(); }

// Room for a call's struct and regions at their largest, each followed by a guard page.
constexpr size_t kReservedBytes = 4 * (UserMirror::kMaxBytes + 2 * 65536);

struct Reservation {
  uint64_t base = 0;
  size_t used = 0;  // bytes handed out since the last mirror went
  int live = 0;
};

Reservation& TheReservation() {
  static Reservation reservation;
  return reservation;
}

}  // namespace

void UserMirror::Reserve() {
  Reservation& reservation = TheReservation();
  if (reservation.base) return;
  void* base = mmap(nullptr, kReservedBytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                    -1, 0);
  if (base != MAP_FAILED) reservation.base = reinterpret_cast<uintptr_t>(base);
}

uint64_t UserMirror::Take(size_t pages) {
  Reserve();
  Reservation& reservation = TheReservation();
  size_t bytes = (pages + 1) * PageSize();
  if (!reservation.base || reservation.used + bytes > kReservedBytes) return 0;
  uint64_t at = reservation.base + reservation.used;
  reservation.used += bytes;
  ++reservation.live;
  return at;
}

void UserMirror::Give() {
  // Every mirror of a call is gone before the next call makes one: start over.
  Reservation& reservation = TheReservation();
  if (--reservation.live == 0) reservation.used = 0;
}

std::unique_ptr<UserMirror> UserMirror::Of(uint64_t address, size_t length,
                                           std::span<const std::byte> initial) {
  uint64_t end;
  if (length == 0 || length > kMaxBytes || __builtin_add_overflow(address, length, &end)) {
    return nullptr;
  }
  // A tagged or out-of-range address is refused by the kernel for what it is, which a
  // mirror at a plain address would hide.
  if (!UserMemory::AccessOk(address, length) || model::UntaggedUserAddress(address) != address) {
    return nullptr;
  }
  uint64_t page = PageSize();
  uint64_t first = address & ~(page - 1);
  size_t mapped = static_cast<size_t>(((end + page - 1) & ~(page - 1)) - first);
  uint64_t taken = Take(mapped / page);
  if (!taken) return nullptr;
  void* base = reinterpret_cast<void*>(taken);
  if (mprotect(base, mapped, PROT_READ | PROT_WRITE)) {
    Give();
    return nullptr;
  }
  std::unique_ptr<UserMirror> mirror(
      new UserMirror(taken, mapped, static_cast<size_t>(address - first), length));
  auto* bytes = static_cast<std::byte*>(base);
  std::vector<int> protections;
  for (size_t at = 0; at < mapped; at += page) {
    bool readable = UserMemory::CopyFrom(bytes + at, first + at, page) == 0;
    bool writable = readable && model::CanPinUserPages(first + at, page, true);
    mirror->readable_.push_back(readable);
    protections.push_back(writable ? PROT_READ | PROT_WRITE : readable ? PROT_READ : PROT_NONE);
  }
  std::memcpy(bytes + mirror->offset_, initial.data(), std::min(initial.size(), length));
  for (size_t i = 0; i < protections.size(); ++i) {
    if (protections[i] != (PROT_READ | PROT_WRITE)) mprotect(bytes + i * page, page, protections[i]);
  }
  return mirror;
}

UserMirror::~UserMirror() {
  // Back to untouched, inaccessible pages: the next call's mirrors start from nothing.
  void* base = reinterpret_cast<void*>(base_);
  (void)mmap(base, mapped_, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE,
             -1, 0);
  Give();
}

std::vector<std::byte> UserMirror::Bytes() const {
  std::vector<std::byte> bytes(length_);
  uint64_t page = PageSize();
  const auto* mapped = reinterpret_cast<const std::byte*>(base_);
  for (size_t at = 0; at < length_;) {
    size_t in_mirror = offset_ + at;
    size_t chunk = std::min<size_t>(length_ - at, page - in_mirror % page);
    if (readable_[in_mirror / page]) std::memcpy(bytes.data() + at, mapped + in_mirror, chunk);
    at += chunk;
  }
  return bytes;
}

std::vector<std::byte> ReadAccessible(uint64_t address, size_t length) {
  std::vector<std::byte> bytes(length);
  uint64_t page = PageSize();
  for (size_t at = 0; at < length;) {
    size_t chunk = std::min<size_t>(length - at, page - (address + at) % page);
    if (UserMemory::CopyFrom(bytes.data() + at, address + at, chunk)) {
      std::memset(bytes.data() + at, 0, chunk);
    }
    at += chunk;
  }
  return bytes;
}

}  // namespace iommufd_conform
