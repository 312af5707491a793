// What every seed input means, pinned: per input, each call's operation and its return value
// on the 7.2 model, or "fail" (corpus_meaning.txt). A change to how operations read their
// bytes or what they call shows here as changed lines. Not the errno: a struct whose size
// field reaches past the runner's stack buffer is E2BIG or EFAULT depending on what lies
// beyond it in this process.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "fuzz/sequence/model_numbers.h"
#include "fuzz/sequence/sequence_runner.h"
#include "harness/backend/model_backend.h"

namespace iommufd_conform::fuzz {
namespace {

std::string Meaning(const MemoryArena& arena, const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::vector<uint8_t> input{std::istreambuf_iterator<char>(file), {}};
  // Descriptor numbers that do not depend on what the test process has open.
  ModelBackend backend{model::ModelConfig{*model::KernelProfileFor("7.2"), model::Platform::kNone},
                       FarDescriptorNumbers()};
  std::string line = path.filename().string() + ":";
  SequenceRunner runner(backend, arena);
  runner.set_describe_calls(false);
  runner.on_step = [&](const StepRecord& step) {
    line += " " + std::string(OpCodeName(step.op)) + "=" +
            (step.outcome.ok() ? std::to_string(step.outcome.ret) : "fail");
  };
  runner.Run(input, 64);
  return line + "\n";
}

std::string CorpusMeaning() {
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::directory_iterator(IOMMUFD_CONFORM_CORPUS_DIR)) {
    paths.push_back(entry.path());
  }
  std::ranges::sort(paths);
  MemoryArena arena;
  std::string meaning;
  for (const auto& path : paths) meaning += Meaning(arena, path);
  return meaning;
}

TEST(CorpusMeaningTest, EverySeedInputMakesTheSameCalls) {
  std::stringstream pinned;
  pinned << std::ifstream(IOMMUFD_CONFORM_CORPUS_MEANING).rdbuf();
  EXPECT_EQ(CorpusMeaning(), pinned.str());
}

// Rewrites corpus_meaning.txt, for when the seeds change: run with
// --gtest_also_run_disabled_tests.
TEST(CorpusMeaningTest, DISABLED_WriteCorpusMeaning) {
  std::ofstream(IOMMUFD_CONFORM_CORPUS_MEANING) << CorpusMeaning();
}

}  // namespace
}  // namespace iommufd_conform::fuzz
