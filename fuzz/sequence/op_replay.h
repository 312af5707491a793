#ifndef IOMMUFD_CONFORM_FUZZ_SEQUENCE_OP_REPLAY_H_
#define IOMMUFD_CONFORM_FUZZ_SEQUENCE_OP_REPLAY_H_

// A fuzzer input replayed one operation at a time, as the GoogleTest cases op_printer.h
// writes do: each step is decoded on the sequence so far and run, and gives back how its
// call ended.

#include <initializer_list>
#include <optional>

#include "fuzz/sequence/memory_arena.h"
#include "fuzz/sequence/sequence_runner.h"

namespace iommufd_conform::fuzz {

class OpReplay {
 public:
  // Opens the sequence's first iommufd on `backend`, as a fuzzer run does.
  explicit OpReplay(Backend& backend);

  // One operation's bytes, its opcode first (EncodeOp). The outcome of its (last) call, or
  // nullopt when it made none.
  [[nodiscard]] std::optional<Outcome> Step(std::initializer_list<uint8_t> bytes);

 private:
  MemoryArena arena_;
  SequenceRunner runner_;
  std::optional<Outcome> last_;
};

}  // namespace iommufd_conform::fuzz

#endif  // IOMMUFD_CONFORM_FUZZ_SEQUENCE_OP_REPLAY_H_
