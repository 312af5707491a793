// Model-only fuzzing: sequences of calls on the reference model, its invariants checked
// after every step. A broken invariant aborts with the sequence written out as calls, then
// shrunk while the same first rule breaks, as replay lines and a GoogleTest case.
//
// IOMMUFD_CONFORM_FUZZ_KERNEL picks the kernel profile (6.12, 7.2 - the default - or 7.3).
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "fuzz/sequence/finding_case.h"
#include "fuzz/sequence/memory_arena.h"
#include "fuzz/sequence/model_numbers.h"
#include "fuzz/sequence/op_printer.h"
#include "fuzz/sequence/sequence_runner.h"
#include "harness/backend/model_backend.h"

namespace iommufd_conform::fuzz {
namespace {

// Enough for the 16-operation sequences the campaign is sized for, with room to grow.
constexpr size_t kMaxSteps = 64;

const model::KernelProfile& Profile() {
  static const model::KernelProfile profile = [] {
    const char* version = std::getenv("IOMMUFD_CONFORM_FUZZ_KERNEL");
    auto found = model::KernelProfileFor(version && *version ? version : "7.2");
    if (!found) {
      std::fprintf(stderr, "model_fuzzer: no model profile for kernel %s\n", version);
      std::exit(2);
    }
    return *found;
  }();
  return profile;
}

// Runs the input; returns the first step after which an invariant broke, with the rules.
struct Broken {
  size_t step = 0;
  std::vector<std::string> rules;
};

Broken Execute(const MemoryArena& arena, std::span<const uint8_t> input, bool describe,
               std::vector<std::string>* trace) {
  ModelBackend backend(model::ModelConfig{Profile(), model::Platform::kNone},
                       FarDescriptorNumbers());
  Broken broken;
  {
    SequenceRunner runner(backend, arena);
    runner.set_describe_calls(describe);
    size_t step = 0;
    runner.on_step = [&](const StepRecord& record) {
      ++step;
      if (trace) trace->push_back(record.call + " -> " + Describe(record.outcome));
      if (!broken.rules.empty()) return;
      std::vector<std::string> rules = backend.model().InvariantViolations();
      if (!rules.empty()) broken = {step, std::move(rules)};
    };
    runner.Run(input, kMaxSteps);
  }
  // Closing everything must leave a consistent (empty) model too.
  if (broken.rules.empty()) {
    std::vector<std::string> rules = backend.model().InvariantViolations();
    if (!rules.empty()) broken = {SIZE_MAX, std::move(rules)};
  }
  return broken;
}

// Shrinks an input while the first rule it breaks stays the same, and prints it.
void PrintShrunkCase(const MemoryArena& arena, std::span<const uint8_t> input,
                     const std::string& rule) {
  RunInput run = [&arena](std::span<const uint8_t> candidate) {
    ModelBackend backend(model::ModelConfig{Profile(), model::Platform::kNone},
                         FarDescriptorNumbers());
    std::string first_rule;
    FindingRun result = RunRecorded(backend, arena, candidate, kMaxSteps, [&](const StepRecord&) {
      std::vector<std::string> rules = backend.model().InvariantViolations();
      if (first_rule.empty() && !rules.empty()) first_rule = rules.front();
    });
    // Closing everything (the runner is gone) must leave a consistent model too.
    std::vector<std::string> after_close = backend.model().InvariantViolations();
    if (first_rule.empty() && !after_close.empty()) first_rule = after_close.front();
    result.signature = first_rule;
    return result;
  };
  constexpr size_t kMaxShrinkRuns = 2000;
  FindingCase found = MakeFindingCase(input, rule, run, "model_fuzzer", kMaxShrinkRuns);
  std::fprintf(stderr, "model_fuzzer: shrunk (%zu runs) to:\n%s", found.runs,
               PrintOps(found.ops).c_str());
  PrintFindingCase("model_fuzzer", found);
}

}  // namespace
}  // namespace iommufd_conform::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace iommufd_conform::fuzz;
  static const MemoryArena arena;
  if (!arena.ok()) {
    std::fprintf(stderr, "model_fuzzer: cannot set up the user memory arena\n");
    std::abort();
  }
  std::span<const uint8_t> input(data, size);
  if (Execute(arena, input, /*describe=*/false, nullptr).rules.empty()) return 0;
  // Run it again, readably, for the report.
  std::vector<std::string> trace;
  Broken broken = Execute(arena, input, /*describe=*/true, &trace);
  std::fprintf(stderr, "model_fuzzer: the model broke an invariant%s\n",
               broken.step == SIZE_MAX ? " after closing everything" : "");
  for (size_t i = 0; i < trace.size(); ++i) {
    std::fprintf(stderr, "  %s%zu. %s\n", i + 1 == broken.step ? ">" : " ", i + 1,
                 trace[i].c_str());
  }
  for (const std::string& rule : broken.rules) std::fprintf(stderr, "  broken: %s\n", rule.c_str());
  PrintShrunkCase(arena, input, broken.rules.front());
  std::abort();
}
