// model_fuzzer_speed, diff_fuzzer_speed: the model target's (or, in a guest, the
// differential target's) executions per second on sequences of a fixed number of
// operations, without libFuzzer's mutation loop (its coverage callbacks are linked in, so the
// instrumented cost is counted). The figures in fuzz/README.md come from them.
//
//   model_fuzzer_speed [--ops 16] [--seconds 10] [--inputs 500] [--corpus DIR]
//
// Inputs are random bytes (or corpus files) cut to the shortest prefix the sequence runner
// reads as exactly --ops operations; inputs that never reach that many are dropped.
#include <sys/resource.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "fuzz/sequence/memory_arena.h"
#include "fuzz/sequence/op_code.h"
#include "fuzz/sequence/sequence_runner.h"
#include "harness/backend/model_backend.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace iommufd_conform::fuzz {
namespace {

using Input = std::vector<uint8_t>;

size_t OpsIn(const MemoryArena& arena, const Input& input, size_t length, size_t limit) {
  auto profile = model::KernelProfileFor("7.2");
  ModelBackend backend(model::ModelConfig{*profile, model::Platform::kNone});
  SequenceRunner runner(backend, arena);
  runner.set_describe_calls(false);
  return runner.Run({input.data(), length}, limit);
}

// The shortest prefix of `input` that runs `ops` operations, or nothing.
std::optional<Input> CutToOps(const MemoryArena& arena, const Input& input, size_t ops) {
  if (OpsIn(arena, input, input.size(), ops + 1) < ops) return std::nullopt;
  size_t low = 1, high = input.size();  // OpsIn(high) >= ops
  while (low < high) {
    size_t mid = (low + high) / 2;
    if (OpsIn(arena, input, mid, ops + 1) >= ops) {
      high = mid;
    } else {
      low = mid + 1;
    }
  }
  if (OpsIn(arena, input, high, ops + 1) != ops) return std::nullopt;
  return Input(input.begin(), input.begin() + static_cast<long>(high));
}

// `wanted` inputs of exactly `ops` operations: random ones, or from `corpus` if given.
std::vector<Input> LoadInputs(const MemoryArena& arena, const std::string& corpus, size_t ops,
                              size_t wanted) {
  std::vector<Input> inputs;
  if (corpus.empty()) {
    std::mt19937_64 random(1);
    for (size_t tries = 0; inputs.size() < wanted && tries < wanted * 4; ++tries) {
      Input raw(4096);
      for (auto& byte : raw) byte = static_cast<uint8_t>(random());
      raw[0] = static_cast<uint8_t>(kOpCodeCount);
      if (auto cut = CutToOps(arena, raw, ops)) inputs.push_back(std::move(*cut));
    }
    return inputs;
  }
  for (const auto& entry : std::filesystem::directory_iterator(corpus)) {
    std::ifstream in(entry.path(), std::ios::binary);
    Input raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (auto cut = CutToOps(arena, raw, ops)) inputs.push_back(std::move(*cut));
    if (inputs.size() >= wanted) break;
  }
  return inputs;
}

int Main(int argc, char** argv) {
  size_t ops = 16, wanted = 500;
  double seconds = 10;
  std::string corpus;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--ops") ops = std::strtoul(argv[i + 1], nullptr, 10);
    else if (flag == "--seconds") seconds = std::strtod(argv[i + 1], nullptr);
    else if (flag == "--inputs") wanted = std::strtoul(argv[i + 1], nullptr, 10);
    else if (flag == "--corpus") corpus = argv[i + 1];
  }
  MemoryArena arena;
  std::vector<Input> inputs = LoadInputs(arena, corpus, ops, wanted);
  size_t bytes = 0;
  const std::string name = std::filesystem::path(argv[0]).filename().string();
  if (inputs.empty()) {
    std::fprintf(stderr, "%s: no input reaches %zu operations\n", name.c_str(), ops);
    return 2;
  }
  for (const Input& input : inputs) bytes += input.size();
  using Clock = std::chrono::steady_clock;
  // CPU time as well as wall time: on a shared machine the wall figure says more about the
  // load than about the target.
  auto cpu_seconds = [] {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
           (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  };
  double cpu_start = cpu_seconds();
  auto start = Clock::now();
  auto deadline = start + std::chrono::duration<double>(seconds);
  size_t executions = 0;
  while (Clock::now() < deadline) {
    for (const Input& input : inputs) LLVMFuzzerTestOneInput(input.data(), input.size());
    executions += inputs.size();
  }
  double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  double cpu = cpu_seconds() - cpu_start;
  std::printf("%s: %zu inputs of %zu operations (%s, mean %zu bytes): "
              "%zu executions in %.1f s = %.0f exec/s; %.1f CPU s = %.0f exec per CPU second\n",
              name.c_str(), inputs.size(), ops, corpus.empty() ? "random" : corpus.c_str(),
              bytes / inputs.size(), executions, elapsed, executions / elapsed, cpu,
              executions / cpu);
  return 0;
}

}  // namespace
}  // namespace iommufd_conform::fuzz

int main(int argc, char** argv) { return iommufd_conform::fuzz::Main(argc, argv); }
