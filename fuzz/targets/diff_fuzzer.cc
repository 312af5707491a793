// Differential fuzzing inside a guest: every call of a sequence runs on the guest's kernel
// and on the model (DiffBackend); a divergence the manifest does not accept is a finding and
// aborts with the call, both outcomes and the calls before it. A kernel splat logged while
// an input ran is a finding too (read from /dev/kmsg after each input; signature from
// SplatSignature), and aborts even when known, since the kernel is tainted from then on.
// Hangs and panics are caught by the host watching the console. KCOV, when the kernel has
// it, guides the fuzzer.
//
// The model's kernel profile is the running kernel's version (6.12, 7.2, 7.3) unless
// IOMMUFD_CONFORM_FUZZ_KERNEL says otherwise; its platform is the guest's,
// IOMMUFD_CONFORM_FUZZ_PLATFORM (a `run --platform` name; `none` when unset), so the model
// has the guest's VFIO device and the sequences reach the platform IOMMU's driver. IOMMUFD_CONFORM_FUZZ_KNOWN names a file of
// finding signatures (one a line, see finding_signature.h) the campaign already recorded:
// an input reaching one of them is not a finding again and stays out of the corpus, so a
// restarted run keeps looking for new ones. A new finding prints its signature on a line
// "diff_fuzzer: finding-signature <signature>" for the host. IOMMUFD_CONFORM_FUZZ_MIRROR
// ("FROM:TO") names a corpus in guest memory and the shared folder it is copied to
// (corpus_mirror.h). IOMMUFD_CONFORM_FUZZ_TRACE=1 prints every call and the kernel's
// outcome as it runs, to read a finding's whole sequence, and the faulting address and
// instruction of a crash (run with -handle_segv=0 -handle_bus=0 so libFuzzer's handler
// stays out of the way; addr2line on the host turns the PC into a line).
// IOMMUFD_CONFORM_FUZZ_CHECK_PINS=1 asks the kernel after each input, once every descriptor
// it opened is closed, whether any page of the arena is still pinned (MD_CHECK_REFS): one
// left pinned is a finding of its own, written out as the input that left it.

#include <signal.h>
#include <ucontext.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "fuzz/sequence/finding_case.h"
#include "fuzz/sequence/finding_signature.h"
#include "fuzz/sequence/memory_arena.h"
#include "fuzz/sequence/model_kernel.h"
#include "fuzz/sequence/model_numbers.h"
#include "fuzz/sequence/pin_check.h"
#include "fuzz/sequence/sequence_runner.h"
#include "fuzz/targets/corpus_mirror.h"
#include "fuzz/targets/kcov_feedback.h"
#include "fuzz/targets/kmsg_watch.h"
#include "harness/backend/diff_backend.h"
#include "harness/backend/kernel_backend.h"
#include "harness/backend/model_backend.h"
#include "harness/vm/splat_detector.h"

namespace iommufd_conform::fuzz {
namespace {

constexpr size_t kMaxSteps = 64;
// Runs spent shrinking a finding: a few seconds at the guest's speed.
constexpr size_t kMaxShrinkRuns = 600;

std::set<std::string> KnownSignatures() {
  std::set<std::string> known;
  const char* path = std::getenv("IOMMUFD_CONFORM_FUZZ_KNOWN");
  if (!path || !*path) return known;
  std::ifstream file(path);
  for (std::string line; std::getline(file, line);) {
    if (!line.empty()) known.insert(line);
  }
  return known;
}

// Async-signal-safe: formats by hand and writes once.
void WriteHex(const char* label, uint64_t value) {
  char line[64];
  size_t n = 0;
  for (const char* c = label; *c; ++c) line[n++] = *c;
  for (int shift = 60; shift >= 0; shift -= 4) {
    line[n++] = "0123456789abcdef"[(value >> shift) & 15];
  }
  line[n++] = '\n';
  (void)!write(STDERR_FILENO, line, n);
}

void ReportCrash(int sig, siginfo_t* info, void* context) {
  const auto* uc = static_cast<const ucontext_t*>(context);
#if defined(__aarch64__)
  uint64_t pc = uc->uc_mcontext.pc;
#else
  uint64_t pc = static_cast<uint64_t>(uc->uc_mcontext.gregs[REG_RIP]);
#endif
  WriteHex("diff_fuzzer: crash at address 0x", reinterpret_cast<uintptr_t>(info->si_addr));
  WriteHex("diff_fuzzer: crash pc 0x", pc);
  WriteHex("diff_fuzzer: crash si_code 0x", static_cast<uint32_t>(info->si_code));
  // The fault recurs with the default action once this returns.
  signal(sig, SIG_DFL);
}

void InstallCrashReport() {
  struct sigaction report {};
  report.sa_sigaction = ReportCrash;
  report.sa_flags = SA_SIGINFO;
  sigemptyset(&report.sa_mask);
  sigaction(SIGSEGV, &report, nullptr);
  sigaction(SIGBUS, &report, nullptr);
}

struct Setup {
  MemoryArena arena;
  std::set<std::string> known;
  model::KernelProfile profile;
  model::Platform platform = model::Platform::kNone;
  std::string version;
  DivergenceManifest manifest;
  KcovFeedback kcov;
  KmsgWatch kmsg;
  CorpusMirror mirror;
  bool trace = false;
  bool check_pins = false;
  std::chrono::steady_clock::time_point pcs_reported = std::chrono::steady_clock::now();

  // QEMU's AMD-Vi lets the device's DMA through untranslated (suites/device/dma_test.cc).
  bool device_dma() const { return platform != model::Platform::kAmdVi; }

  // For the host's progress lines and the campaign's summary (ParseKernelPcsLine).
  void ReportKernelPcs() {
    pcs_reported = std::chrono::steady_clock::now();
    if (!kcov.available()) return;
    std::fprintf(stderr, "diff_fuzzer: kernel-pcs %zu\n", kcov.distinct_pcs());
  }
};

void CheckNoPinsLeft(const MemoryArena& arena) {
  for (auto [start, bytes] : {std::pair{arena.rw_start(), MemoryArena::kRwBytes},
                              std::pair{arena.memfd_start(), MemoryArena::kMemfdBytes}}) {
    if (auto page = FirstPinnedPage(start, bytes, arena.page_size())) {
      std::fprintf(stderr, "diff_fuzzer: the kernel still counts a pin on page 0x%llx after "
                   "the input closed everything\n", static_cast<unsigned long long>(*page));
      std::abort();
    }
  }
}

// Ends a finding's report; libFuzzer's abort handler then writes the input out.
[[noreturn]] void PrintStepsAndAbort(Setup& setup, const std::vector<std::string>& steps) {
  std::fprintf(stderr, "steps:");
  for (const std::string& step : steps) std::fprintf(stderr, " %s", step.c_str());
  std::fprintf(stderr, "\n");
  setup.mirror.Sync();
  std::abort();
}

// A fresh kernel-and-model pair for one input; the report of its first divergence the
// manifest does not accept goes to `finding`.
std::unique_ptr<DiffBackend> NewDiff(const Setup& setup, std::string& finding) {
  model::ModelConfig config{setup.profile, setup.platform};
  auto diff = std::make_unique<DiffBackend>(
      std::make_unique<KernelBackend>(), std::make_unique<ModelBackend>(config, FarDescriptorNumbers()),
      DiffTarget{setup.version, setup.platform}, setup.manifest);
  diff->SetSink([&finding](const DivergenceEvent& event) {
    if (event.kind == DivergenceEvent::Kind::kUnexpected && finding.empty()) {
      finding = event.report;
    }
  });
  return diff;
}

// The finding shrunk and printed as a GoogleTest case, for the host to record beside the
// input (harness/fuzz/finding_recorder.h).
void PrintShrunkCase(const Setup& setup, std::span<const uint8_t> input,
                     const std::string& signature) {
  RunInput run = [&setup](std::span<const uint8_t> candidate) {
    std::string report;
    std::unique_ptr<DiffBackend> diff = NewDiff(setup, report);
    FindingRun result =
        RunRecorded(*diff, setup.arena, candidate, kMaxSteps, nullptr, setup.device_dma());
    result.signature = FindingSignature(report);
    return result;
  };
  FindingCase found = MakeFindingCase(input, signature, run,
                                      "diff_fuzzer, kernel " + setup.version, kMaxShrinkRuns);
  std::fprintf(stderr, "diff_fuzzer: shrunk from %zu to %zu operations in %zu runs\n",
               found.ops_before, found.ops_after, found.runs);
  PrintFindingCase("diff_fuzzer", found);
}

std::optional<model::Platform> GuestPlatform() {
  const char* name = std::getenv("IOMMUFD_CONFORM_FUZZ_PLATFORM");
  return model::ParsePlatform(name && *name ? name : "none");
}

Setup& TheSetup() {
  static Setup* setup = [] {
    auto* s = new Setup;
    s->version = ModelKernel();
    auto profile = model::KernelProfileFor(s->version);
    auto platform = GuestPlatform();
    ManifestParse manifest = ParseDivergenceManifest(EmbeddedDivergenceManifest());
    if (!profile || !platform || !manifest.errors.empty() || !s->arena.ok()) {
      std::fprintf(stderr, "diff_fuzzer: cannot start (model profile for %s: %s, platform: "
                   "%s, manifest errors: %zu, arena: %s)\n", s->version.c_str(),
                   profile ? "yes" : "no", platform ? "yes" : "unknown", manifest.errors.size(),
                   s->arena.ok() ? "ok" : "failed");
      std::exit(2);
    }
    s->profile = *profile;
    s->platform = *platform;
    s->manifest = std::move(manifest.manifest);
    s->known = KnownSignatures();
    const char* trace = std::getenv("IOMMUFD_CONFORM_FUZZ_TRACE");
    s->trace = trace && *trace && *trace != '0';
    if (s->trace) InstallCrashReport();
    const char* check_pins = std::getenv("IOMMUFD_CONFORM_FUZZ_CHECK_PINS");
    s->check_pins = check_pins && *check_pins && *check_pins != '0';
    if (const char* spec = std::getenv("IOMMUFD_CONFORM_FUZZ_MIRROR")) {
      s->mirror = CorpusMirror(spec);
    }
    // libFuzzer ends a timed run with exit(): what the last seconds found goes out too.
    std::atexit([] {
      TheSetup().mirror.Sync();
      TheSetup().ReportKernelPcs();
    });
    std::fprintf(stderr, "diff_fuzzer: kernel %s, platform %s, KCOV %s, %zu known finding(s)\n",
                 s->version.c_str(), std::string(model::PlatformName(s->platform)).c_str(),
                 s->kcov.available() ? "feeding the fuzzer" : "not available", s->known.size());
    return s;
  }();
  return *setup;
}

}  // namespace
}  // namespace iommufd_conform::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace iommufd_conform;
  using namespace iommufd_conform::fuzz;
  Setup& setup = TheSetup();
  setup.mirror.MaybeSync();
  if (std::chrono::steady_clock::now() - setup.pcs_reported > std::chrono::seconds(30)) {
    setup.ReportKernelPcs();
  }
  std::string finding;
  std::unique_ptr<DiffBackend> diff = NewDiff(setup, finding);
  std::vector<std::string> steps;
  setup.kcov.Start();
  {
    SequenceRunner runner(*diff, setup.arena);
    runner.set_describe_calls(setup.trace);
    runner.set_device_dma(setup.device_dma());
    runner.on_step = [&](const StepRecord& step) {
      if (setup.trace) {
        std::fprintf(stderr, "diff_fuzzer: step %s -> %s\n", step.call.c_str(),
                     Describe(step.outcome).c_str());
      }
      steps.push_back(step.call);
    };
    runner.Run({data, size}, kMaxSteps);
  }
  setup.kcov.Stop();
  if (auto splat = setup.kmsg.NewSplat()) {
    std::fprintf(stderr, "diff_fuzzer: finding-signature %s\n", SplatSignature(*splat).c_str());
    std::fprintf(stderr, "diff_fuzzer: the kernel splatted during this input\n%s", splat->c_str());
    PrintStepsAndAbort(setup, steps);
  }
  if (setup.check_pins) CheckNoPinsLeft(setup.arena);
  if (finding.empty()) return 0;
  std::string signature = FindingSignature(finding);
  // -1: libFuzzer keeps the input out of the corpus (it adds nothing new to look at).
  if (setup.known.contains(signature)) return -1;
  std::fprintf(stderr, "diff_fuzzer: finding-signature %s\n", signature.c_str());
  std::fprintf(stderr, "diff_fuzzer: the model diverged from the kernel\n%s\n", finding.c_str());
  diff.reset();
  PrintShrunkCase(setup, {data, size}, signature);
  PrintStepsAndAbort(setup, steps);
}
