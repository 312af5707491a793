#ifndef IOMMUFD_CONFORM_HARNESS_BACKEND_USER_MIRROR_H_
#define IOMMUFD_CONFORM_HARNESS_BACKEND_USER_MIRROR_H_

// A private copy of a range of this process's memory, for the model's side of a
// differential call: the model is handed the mirror's address instead of the caller's, so
// what it writes never reaches the caller, who sees only the kernel's bytes.
//
//   auto mirror = UserMirror::Of(bitmap_address, bitmap_bytes);   // before the kernel runs
//   ... kernel call on the caller's memory, model call on mirror->address() ...
//   std::vector<std::byte> model_bytes = mirror->Bytes();
//
// The mirror keeps the range's offset within its page and each page's access: a page the
// caller could not read is inaccessible in the mirror, a page it could not write is
// read-only, so the model meets the same faults the kernel did.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace iommufd_conform {

class UserMirror {
 public:
  // Ranges above this are not mirrored (see Of).
  static constexpr size_t kMaxBytes = size_t{1} << 20;

  // Mirrors live in one region of the address space reserved once, here, so that making
  // one never maps memory where a caller's hole was (a test's deliberately unmapped page
  // must stay unmapped for the kernel's call too). The differential backend reserves it when
  // it is made; Of reserves it on first use otherwise.
  static void Reserve();

  // A mirror of [address, address + length) as it is now, with `initial` written over its
  // first bytes (the model's own version of an argument struct). nullptr when `length` is 0
  // or above kMaxBytes, the range wraps, or the reserved region is full.
  static std::unique_ptr<UserMirror> Of(uint64_t address, size_t length,
                                        std::span<const std::byte> initial = {});
  ~UserMirror();
  UserMirror(const UserMirror&) = delete;
  UserMirror& operator=(const UserMirror&) = delete;

  // The mirror's address of the range's first byte.
  uint64_t address() const { return base_ + offset_; }
  size_t length() const { return length_; }
  // The range's bytes in the mirror now; bytes of inaccessible pages read as zero, as
  // ReadAccessible gives for the caller's memory.
  std::vector<std::byte> Bytes() const;

 private:
  UserMirror(uint64_t base, size_t mapped, size_t offset, size_t length)
      : base_(base), mapped_(mapped), offset_(offset), length_(length) {}
  // Pages of the reserved region for a mirror (with an inaccessible page after it), or 0.
  static uint64_t Take(size_t pages);
  static void Give();

  uint64_t base_;
  size_t mapped_;
  size_t offset_;
  size_t length_;
  std::vector<bool> readable_;  // per page
};

// [address, address + length) of the caller's memory, page by page: bytes of pages that
// cannot be read are zero. Comparable with UserMirror::Bytes of a mirror of the same range.
std::vector<std::byte> ReadAccessible(uint64_t address, size_t length);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_BACKEND_USER_MIRROR_H_
