#ifndef IOMMUFD_CONFORM_FUZZ_SEQUENCE_OP_PRINTER_H_
#define IOMMUFD_CONFORM_FUZZ_SEQUENCE_OP_PRINTER_H_

// Operations as text: a replay line per operation, and a finding as a GoogleTest case for
// suites/regressions that replays it step by step (fuzz/sequence/op_replay.h) and expects
// each call to end as the kernel's did.

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "fuzz/sequence/ops.h"
#include "harness/backend/backend.h"

namespace iommufd_conform::fuzz {

// "IoasMap iommufd=0 ioas=0 flags=0x7 user_va=r0p0 length=0 iova=0xf0:0x1000000 shape=0":
// each field as its bytes (a choice, ':' and its wide value), in the order they are read.
std::string PrintOp(const Op& op);
std::string PrintOps(std::span<const Op> ops);

// One replayed step of a finding and how its call ended on the kernel; nullopt when the
// operation made no call (nothing of the kind it needs was open).
struct PrintedStep {
  Op op;
  std::optional<Outcome> outcome;
};

// A TEST_F of `fixture` named `name`: a comment with `note` (who found it, the signature),
// then per step the replay line and `EXPECT_THAT(replay.Step({bytes}), <outcome>)`.
std::string PrintGoogleTestCase(std::string_view fixture, std::string_view name,
                                std::string_view note, std::span<const PrintedStep> steps);

}  // namespace iommufd_conform::fuzz

#endif  // IOMMUFD_CONFORM_FUZZ_SEQUENCE_OP_PRINTER_H_
