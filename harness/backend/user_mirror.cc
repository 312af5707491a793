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

}  // namespace

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
  void* base = mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (base == MAP_FAILED) return nullptr;
  std::unique_ptr<UserMirror> mirror(new UserMirror(reinterpret_cast<uintptr_t>(base), mapped,
                                                    static_cast<size_t>(address - first),
                                                    length));
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

UserMirror::~UserMirror() { munmap(reinterpret_cast<void*>(base_), mapped_); }

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
