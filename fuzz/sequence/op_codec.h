#ifndef IOMMUFD_CONFORM_FUZZ_SEQUENCE_OP_CODEC_H_
#define IOMMUFD_CONFORM_FUZZ_SEQUENCE_OP_CODEC_H_

// Fuzzer bytes to operations and back. Input layout: byte 0 is the number of operations the
// input was written for (see op_code.h); then, per step, an opcode byte and the operation's
// argument bytes (ops.h). Encoding writes the current operation count and exact opcodes, so
// Decode(Encode(ops)) == ops, and an old input decodes to what it always meant.

#include <cstdint>
#include <span>
#include <vector>

#include "fuzz/sequence/byte_reader.h"
#include "fuzz/sequence/ops.h"

namespace iommufd_conform::fuzz {

// The descriptors the sequence holds when a step is decoded: without an iommufd,
// CloseIommufd reads no byte; without an event queue, the event descriptor operations read
// only the descriptor byte (ops.h's Presence).
struct OpDecodeState {
  bool has_iommufd = true;
  bool has_event_fd = true;
};

// Reads an input one operation at a time, so a runner can answer OpDecodeState from what
// the operations before did.
class OpDecoder {
 public:
  explicit OpDecoder(std::span<const uint8_t> input);
  bool done() const { return in_.empty(); }
  Op Next(const OpDecodeState& state);

 private:
  ByteReader in_;
  unsigned written_for_;
};

// The operations of an input, decoded as if `state` held at every step. A runner's own
// decoding (SequenceRunner::ops) is the exact one; this is for inputs the caller knows.
std::vector<Op> DecodeOps(std::span<const uint8_t> input, const OpDecodeState& state = {});

// The bytes of one operation, its opcode first.
void EncodeOp(const Op& op, ByteWriter& out);
// A whole input: the operation count, then each operation.
std::vector<uint8_t> EncodeOps(std::span<const Op> ops);

}  // namespace iommufd_conform::fuzz

#endif  // IOMMUFD_CONFORM_FUZZ_SEQUENCE_OP_CODEC_H_
