#ifndef IOMMUFD_CONFORM_FUZZ_SEQUENCE_OP_FIELDS_H_
#define IOMMUFD_CONFORM_FUZZ_SEQUENCE_OP_FIELDS_H_

// The argument fields operations are made of, each as the bytes it was decoded from: a
// choice byte and, for some choices, a wider value that follows it. Keeping the bytes (not
// the values they turn into at run time, which depend on what the sequence made) is what
// lets an operation be encoded back, printed, and shrunk.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz/sequence/byte_reader.h"

namespace iommufd_conform::fuzz {

// Writes what ByteReader reads: little-endian.
class ByteWriter {
 public:
  void U8(uint8_t value) { bytes_.push_back(value); }
  void U32(uint32_t value) { Bytes(value, 4); }
  void U64(uint64_t value) { Bytes(value, 8); }
  const std::vector<uint8_t>& bytes() const { return bytes_; }

 private:
  void Bytes(uint64_t value, int n) {
    for (int i = 0; i < n; ++i) bytes_.push_back(static_cast<uint8_t>(value >> (8 * i)));
  }
  std::vector<uint8_t> bytes_;
};

// One byte, used as the operation says (a count, a bit, a page offset, ...).
struct Byte {
  uint8_t value = 0;
  bool operator==(const Byte&) const = default;
};

// A choice byte and, when the byte is at least `kWideFrom`, a wide value read after it.
// Which choice means what is the executing code's business (sequence_ops.cc).
template <typename Wide, unsigned kWideFrom>
struct Choice {
  uint8_t choice = 0;
  Wide wide = 0;
  static constexpr unsigned kFrom = kWideFrom;
  bool has_wide() const { return choice >= kWideFrom; }
  bool operator==(const Choice&) const = default;
};

// A live object by slot (choice < 0xe0), a small raw id (below 0xf8), or any id.
using ObjectPick = Choice<uint32_t, 0xf8>;
// Flags: the known bits of the byte, or (0xf0 and up) any 32 bits. Enum-like values
// (vIOMMU, vEVENTQ and HW queue types, a dmabuf's length) use the same layout.
using FlagsPick = Choice<uint32_t, 0xf0>;
// An IOVA or a length: a few useful ones by byte, or (0xf0 and up) any 64 bits.
using IovaPick = Choice<uint64_t, 0xf0>;
using LengthPick = Choice<uint64_t, 0xf0>;
// A count given by the byte, or (0xf0 and up) by the next byte.
using CountPick = Choice<uint8_t, 0xf0>;

// A user address: a region and a page of the MemoryArena, or (region 0xff) any address.
struct AddressPick {
  uint8_t region = 0;
  uint8_t page = 0;
  uint64_t wide = 0;
  bool has_wide() const { return region == 0xff; }
  bool operator==(const AddressPick&) const = default;
};

// How the struct is bent before it is sent (SequenceRunner::Send): 0xe0..0xef a short size
// field, 0xf0..0xf7 a non-zero tail, 0xf8 and up a flipped byte at `at`.
struct Shape {
  uint8_t shape = 0;
  uint8_t at = 0;
  uint8_t flip = 0;
  bool has_flip() const { return shape >= 0xf8; }
  bool operator==(const Shape&) const = default;
};

// Bytes used as they are (a raw ioctl's struct, invalidation entries).
template <size_t kSize>
struct Blob {
  std::array<uint8_t, kSize> bytes{};
  bool operator==(const Blob&) const = default;
};

// What a step could not know from its bytes alone: whether the sequence held a descriptor
// of the kind the operation needs when it ran. Without one the old encoding read no more
// bytes for the operation, so decoding asks the runner (OpDecodeState).
struct Presence {
  bool present = true;
  bool operator==(const Presence&) const = default;
};

}  // namespace iommufd_conform::fuzz

#endif  // IOMMUFD_CONFORM_FUZZ_SEQUENCE_OP_FIELDS_H_
