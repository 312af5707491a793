// fuzz_print_case: a fuzzer input as replay lines, or as a GoogleTest case whose expected
// outcomes are the model's (7.2, no platform), to transcribe an old finding by hand:
//   fuzz_print_case [--ops] [--with-preamble] [--out FILE] INPUT
// --with-preamble adds the includes and fixture a file of its own needs (CMake compiles such
// a file, printed from a seed input, to check the printer's output builds and passes).
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string_view>

#include "fuzz/sequence/finding_case.h"
#include "fuzz/sequence/op_printer.h"
#include "harness/backend/model_backend.h"

namespace iommufd_conform::fuzz {
namespace {

constexpr std::string_view kPreamble = R"(#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fuzz/sequence/op_replay.h"
#include "suites/mock/mock_test.h"
#include "suites/support/outcome_matchers.h"

namespace iommufd_conform {
namespace {

class FuzzFindingsTest : public MockTest {};

)";

// 0 when `text` went to `out` (stdout without one).
int Write(const std::string& text, const char* out) {
  if (!out) return std::printf("%s", text.c_str()) < 0;
  std::ofstream file(out);
  file << text;
  return file ? 0 : 1;
}

int Main(int argc, char** argv) {
  bool ops_only = false;
  bool preamble = false;
  const char* path = nullptr;
  const char* out = nullptr;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--ops") ops_only = true;
    else if (arg == "--with-preamble") preamble = true;
    else if (arg == "--out" && i + 1 < argc) out = argv[++i];
    else path = argv[i];
  }
  std::ifstream file(path ? path : "", std::ios::binary);
  if (!file) {
    std::fprintf(stderr, "usage: fuzz_print_case [--ops] [--with-preamble] [--out FILE] INPUT\n");
    return 2;
  }
  std::vector<uint8_t> input{std::istreambuf_iterator<char>(file), {}};
  MemoryArena arena;
  ModelBackend backend{model::ModelConfig{*model::KernelProfileFor("7.2"), model::Platform::kNone}};
  FindingRun run = RunRecorded(backend, arena, input, 64);
  if (ops_only) return Write(PrintOps(run.ops), out);
  std::vector<PrintedStep> steps;
  for (size_t i = 0; i < run.ops.size(); ++i) steps.push_back({run.ops[i], run.outcomes[i]});
  std::string text = PrintGoogleTestCase("FuzzFindingsTest", "PrintedFromASeedInput",
                                         std::string("fuzz_print_case ") + path + " (7.2 model)", steps);
  if (preamble) text = std::string(kPreamble) + text + "\n}  // namespace\n}  // namespace iommufd_conform\n";
  return Write(text, out);
}

}  // namespace
}  // namespace iommufd_conform::fuzz

int main(int argc, char** argv) { return iommufd_conform::fuzz::Main(argc, argv); }
