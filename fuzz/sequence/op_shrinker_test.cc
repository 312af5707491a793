#include "fuzz/sequence/op_shrinker.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fuzz/sequence/op_codec.h"
#include "fuzz/sequence/op_printer.h"
#include "fuzz/sequence/sequence_runner.h"
#include "harness/backend/model_backend.h"

namespace iommufd_conform::fuzz {
namespace {

// A stand-in finding on the model: some IOAS_MAP ends in `error`.
FindingCheck MapFailsWith(const MemoryArena& arena, int error) {
  return [&arena, error](std::span<const uint8_t> input) -> std::optional<std::vector<Op>> {
    ModelBackend backend{model::ModelConfig{*model::KernelProfileFor("7.2"), model::Platform::kNone}};
    SequenceRunner runner(backend, arena);
    runner.set_record_ops(true);
    bool found = false;
    runner.on_step = [&](const StepRecord& step) {
      found = found || (step.op == OpCode::kIoasMap && step.outcome.error == error);
    };
    runner.Run(input, 64);
    if (!found) return std::nullopt;
    return runner.ops();
  };
}

TEST(OpShrinkerTest, DeletesTheOperationsTheFindingDoesNotNeedAndShrinksTheRest) {
  MemoryArena arena;
  // Three IOAS_ALLOCs, a map neither readable nor writeable (flags byte 0x20: no known bit)
  // of a wild address, another IOAS_ALLOC, and an unmap.
  std::vector<uint8_t> input = {57, 3, 0, 0, 0, 3, 0, 0, 0, 3, 0, 0, 0,
                                4, 0, 0x21, 0x20, 0xff, 0, 1, 2, 3, 4, 5, 6, 7, 8, 0xe5, 0x33, 0,
                                3, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0};
  FindingCheck check = MapFailsWith(arena, EINVAL);
  std::optional<std::vector<Op>> ops = check(input);
  ASSERT_TRUE(ops.has_value());
  ShrinkResult shrunk = ShrinkOps(*ops, check, 500);
  EXPECT_TRUE(check(shrunk.input).has_value());
  EXPECT_EQ(EncodeOps(shrunk.ops), shrunk.input);
  // The flags are checked before the IOAS is looked up: only the map is left, every field
  // zero.
  EXPECT_EQ(PrintOps(shrunk.ops),
            "IoasMap iommufd=0 ioas=0 flags=0 user_va=r0p0 length=0 iova=0 shape=0\n");
  EXPECT_LE(shrunk.runs, 500u);
}

TEST(OpShrinkerTest, StopsAfterItsRuns) {
  MemoryArena arena;
  FindingCheck check = MapFailsWith(arena, EINVAL);
  std::vector<uint8_t> input = {57, 3, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0x10, 0, 0, 0xe5, 0, 0};
  ShrinkResult shrunk = ShrinkOps(*check(input), check, 3);
  EXPECT_EQ(shrunk.runs, 3u);
  EXPECT_TRUE(check(shrunk.input).has_value());
}

}  // namespace
}  // namespace iommufd_conform::fuzz
