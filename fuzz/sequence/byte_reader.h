#ifndef IOMMUFD_CONFORM_FUZZ_SEQUENCE_BYTE_READER_H_
#define IOMMUFD_CONFORM_FUZZ_SEQUENCE_BYTE_READER_H_

#include <cstddef>
#include <cstdint>
#include <span>

namespace iommufd_conform::fuzz {

// Reads a fuzzer input front to back. Past the end every read is zero, so any prefix of an
// input is itself a valid input and decoding never depends on where the bytes run out.
// Multi-byte values are little-endian, whatever the host.
class ByteReader {
 public:
  explicit ByteReader(std::span<const uint8_t> data) : data_(data) {}

  bool empty() const { return at_ >= data_.size(); }
  size_t position() const { return at_; }
  uint8_t U8() { return at_ < data_.size() ? data_[at_++] : 0; }
  uint16_t U16() { return static_cast<uint16_t>(Bytes(2)); }
  uint32_t U32() { return static_cast<uint32_t>(Bytes(4)); }
  uint64_t U64() { return Bytes(8); }

 private:
  uint64_t Bytes(int n) {
    uint64_t value = 0;
    for (int i = 0; i < n; ++i) value |= uint64_t{U8()} << (8 * i);
    return value;
  }

  std::span<const uint8_t> data_;
  size_t at_ = 0;
};

}  // namespace iommufd_conform::fuzz

#endif  // IOMMUFD_CONFORM_FUZZ_SEQUENCE_BYTE_READER_H_
