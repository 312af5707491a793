#include "fuzz/sequence/finding_case.h"

#include <cstdio>

#include "fuzz/sequence/op_codec.h"
#include "fuzz/sequence/op_printer.h"
#include "fuzz/sequence/op_shrinker.h"
#include "fuzz/sequence/sequence_runner.h"

namespace iommufd_conform::fuzz {
namespace {

// A stable case name from the signature: FNV-1a, so the same finding gets the same name.
std::string CaseName(const std::string& signature) {
  uint32_t hash = 2166136261u;
  for (unsigned char c : signature) hash = (hash ^ c) * 16777619u;
  char name[32];
  std::snprintf(name, sizeof(name), "Finding%08x", hash);
  return name;
}

}  // namespace

FindingRun RunRecorded(Backend& backend, const MemoryArena& arena,
                       std::span<const uint8_t> input, size_t max_steps,
                       const std::function<void(const StepRecord&)>& after_step,
                       bool device_dma) {
  FindingRun run;
  SequenceRunner runner(backend, arena);
  runner.set_describe_calls(false);
  runner.set_device_dma(device_dma);
  runner.set_record_ops(true);
  runner.on_step = [&](const StepRecord& step) {
    if (after_step) after_step(step);
    // The first iommufd is opened before the input's first operation.
    if (runner.ops().empty()) return;
    run.outcomes.resize(runner.ops().size());
    run.outcomes.back() = step.outcome;
  };
  runner.Run(input, max_steps);
  run.ops = runner.ops();
  run.outcomes.resize(run.ops.size());
  return run;
}

FindingCase MakeFindingCase(std::span<const uint8_t> input, const std::string& signature,
                            const RunInput& run, std::string_view note, size_t max_runs) {
  FindingCase result;
  FindingCheck check = [&](std::span<const uint8_t> candidate) -> std::optional<std::vector<Op>> {
    FindingRun candidate_run = run(candidate);
    if (candidate_run.signature != signature) return std::nullopt;
    return std::move(candidate_run.ops);
  };
  FindingRun first = run(input);
  result.ops_before = first.ops.size();
  // A finding that does not show again (a flaky kernel) is printed as it is.
  if (first.signature != signature) max_runs = 0;
  ShrinkResult shrunk = ShrinkOps(std::move(first.ops), check, max_runs);
  FindingRun last = run(shrunk.input);
  std::vector<PrintedStep> steps;
  for (size_t i = 0; i < last.ops.size(); ++i) steps.push_back({last.ops[i], last.outcomes[i]});
  std::string full_note = std::string(note) + "\n" + signature + "\nshrunk from " +
                          std::to_string(result.ops_before) + " to " +
                          std::to_string(last.ops.size()) + " operations";
  result.input = std::move(shrunk.input);
  result.test_case = PrintGoogleTestCase("FuzzFindingsTest", CaseName(signature), full_note, steps);
  result.ops_after = last.ops.size();
  result.ops = std::move(last.ops);
  result.runs = shrunk.runs + 2;
  return result;
}

void PrintFindingCase(const char* target, const FindingCase& found) {
  std::string hex;
  for (uint8_t byte : found.input) {
    char two[3];
    std::snprintf(two, sizeof(two), "%02x", byte);
    hex += two;
  }
  std::fprintf(stderr, "%s: shrunk-input %s\n", target, hex.c_str());
  for (size_t at = 0; at < found.test_case.size();) {
    size_t end = found.test_case.find('\n', at);
    std::fprintf(stderr, "%s: case| %s\n", target, found.test_case.substr(at, end - at).c_str());
    at = end + 1;
  }
}

}  // namespace iommufd_conform::fuzz
