#ifndef IOMMUFD_CONFORM_FUZZ_SEQUENCE_LEGACY_SEQUENCE_RUNNER_H_
#define IOMMUFD_CONFORM_FUZZ_SEQUENCE_LEGACY_SEQUENCE_RUNNER_H_

// Turns fuzzer bytes into a sequence of iommufd calls on any Backend (the model, a kernel,
// or both through the differential backend). Arguments name live objects by slot, so random
// bytes mostly reach valid states; a share of wild ids, wild addresses and malformed
// structs (see Malform) reaches the error paths.
//
// Input layout: byte 0 is the number of operations the input was written for (see
// op_code.h); then, per step, an opcode byte and the operation's argument bytes.

#include <array>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "fuzz/sequence/byte_reader.h"
#include "fuzz/sequence/memory_arena.h"
#include "fuzz/sequence/op_code.h"
#include "harness/backend/backend.h"

namespace iommufd_conform::fuzz::legacy {

// One step as it ran: the call in readable form and how it ended.
struct StepRecord {
  OpCode op;
  std::string call;  // "IOMMU_IOAS_MAP {size=40 flags=0x7 ...}", or the op's name
  Outcome outcome;
};

class SequenceRunner {
 public:
  SequenceRunner(Backend& backend, const MemoryArena& arena);
  // Closes every descriptor the sequence left open.
  ~SequenceRunner();
  SequenceRunner(const SequenceRunner&) = delete;
  SequenceRunner& operator=(const SequenceRunner&) = delete;

  // Readable calls cost time; a fuzzer turns them on only to print a finding.
  void set_describe_calls(bool describe) { describe_calls_ = describe; }

  // Runs at most `max_steps` steps of `input`; returns the steps run (the opening of the
  // first iommufd not counted).
  size_t Run(std::span<const uint8_t> input, size_t max_steps);
  // Called after each call the sequence makes.
  std::function<void(const StepRecord&)> on_step;

  // The live objects, for invariant checks: (iommufd, id) pairs by kind.
  enum class Kind : uint8_t {
    kIoas, kHwpt, kDevice, kStdev, kFault, kViommu, kVdevice, kVeventq, kHwQueue,
    kAccessPages, kCount
  };
  struct Ref {
    int fd;
    uint32_t id;
  };
  const std::vector<Ref>& Live(Kind kind) const { return objects_[static_cast<size_t>(kind)]; }
  const std::vector<int>& iommufds() const { return iommufds_; }

 private:
  void Step(OpCode op, ByteReader& in);
  void StepIoas(OpCode op, ByteReader& in);
  void StepHwpt(OpCode op, ByteReader& in);
  void StepTest(OpCode op, ByteReader& in);
  void StepFiles(OpCode op, ByteReader& in);
  void StepVfio(OpCode op, ByteReader& in);

  int PickIommufd(ByteReader& in) const;
  Ref Pick(Kind kind, ByteReader& in) const;
  int PickEventFd(ByteReader& in) const;
  // A test dmabuf's descriptor; sometimes, or when there is none, a number that is not one.
  int PickDmabufFd(ByteReader& in) const;
  uint64_t PickIova(ByteReader& in) const;
  uint64_t PickLength(ByteReader& in) const;
  uint64_t PickAddress(ByteReader& in) const;
  void Remember(Kind kind, int fd, uint32_t id);
  void ForgetFd(int fd);

  // The call as built, then as the malformation byte bends it: a shorter or longer size
  // field (with a non-zero tail), or a flipped byte. Returns the outcome and copies the
  // bytes the backend left into `arg`.
  Outcome Send(OpCode op, int fd, unsigned long request, void* arg, size_t size, ByteReader& in);
  template <typename T>
  Outcome SendStruct(OpCode op, int fd, unsigned long request, T& arg, ByteReader& in) {
    return Send(op, fd, request, &arg, sizeof(T), in);
  }
  void Record(OpCode op, std::string call, const Outcome& outcome);

  Backend& backend_;
  const MemoryArena& arena_;
  // Descriptors (event queues, accesses) kept at once; further ones are closed at once.
  static constexpr size_t kMaxFds = 4;
  bool describe_calls_ = true;
  std::vector<int> iommufds_;
  std::vector<int> event_fds_;   // fault queues and vEVENTQs: read, write, poll
  std::vector<int> access_fds_;  // selftest accesses, named by descriptor in TEST_CMD
  std::vector<int> dmabuf_fds_;  // test dmabufs (DMABUF_GET), for MAP_FILE and REVOKE
  std::array<std::vector<Ref>, static_cast<size_t>(Kind::kCount)> objects_;
};

}  // namespace iommufd_conform::fuzz::legacy

#endif  // IOMMUFD_CONFORM_FUZZ_SEQUENCE_LEGACY_SEQUENCE_RUNNER_H_
