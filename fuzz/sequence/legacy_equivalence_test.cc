// The operations decoder against the decode-and-execute code it replaced (legacy/): every
// seed input makes the same calls, with the same bytes and outcomes, on the model.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "fuzz/sequence/legacy/sequence_runner.h"
#include "fuzz/sequence/sequence_runner.h"
#include "harness/backend/model_backend.h"

namespace iommufd_conform::fuzz {
namespace {

std::vector<uint8_t> ReadFile(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

model::ModelConfig Config() {
  return model::ModelConfig{*model::KernelProfileFor("7.2"), model::Platform::kNone};
}

template <typename Runner>
std::vector<std::string> Trace(const MemoryArena& arena, const std::vector<uint8_t>& input) {
  ModelBackend backend{Config()};
  std::vector<std::string> trace;
  Runner runner(backend, arena);
  runner.on_step = [&](const auto& step) {
    trace.push_back(std::string(OpCodeName(step.op)) + " " + step.call + " -> " +
                    ErrnoName(step.outcome.error) + " " + std::to_string(step.outcome.ret));
  };
  runner.Run(input, 64);
  return trace;
}

TEST(LegacyEquivalenceTest, EverySeedInputMakesTheSameCalls) {
  MemoryArena arena;
  size_t inputs = 0;
  for (const auto& entry : std::filesystem::directory_iterator(IOMMUFD_CONFORM_CORPUS_DIR)) {
    std::vector<uint8_t> input = ReadFile(entry.path());
    EXPECT_EQ(Trace<SequenceRunner>(arena, input), Trace<legacy::SequenceRunner>(arena, input))
        << entry.path();
    ++inputs;
  }
  EXPECT_GT(inputs, 50u);
}

TEST(LegacyEquivalenceTest, RandomInputsMakeTheSameCalls) {
  MemoryArena arena;
  uint64_t state = 0x9e3779b97f4a7c15;
  for (int i = 0; i < 3000; ++i) {
    std::vector<uint8_t> input(1 + i % 200);
    for (uint8_t& byte : input) {
      state = state * 6364136223846793005 + 1442695040888963407;
      byte = static_cast<uint8_t>(state >> 56);
    }
    input[0] = kOpCodeCount;
    ASSERT_EQ(Trace<SequenceRunner>(arena, input), Trace<legacy::SequenceRunner>(arena, input))
        << "input " << i;
  }
}

}  // namespace
}  // namespace iommufd_conform::fuzz
