#include "fuzz/failnth/fail_nth_walk.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <set>

#include "fuzz/sequence/pin_check.h"
#include "harness/backend/diff_backend.h"
#include "harness/backend/kernel_backend.h"
#include "harness/backend/model_backend.h"

namespace iommufd_conform::fuzz {
namespace {

constexpr uint64_t kBufferBytes = 1ull << 20;

class Memory {
 public:
  Memory() {
    void* p = mmap(nullptr, kBufferBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                   -1, 0);
    if (p == MAP_FAILED) return;
    std::memset(p, 0x5a, kBufferBytes);
    memory_.buffer = reinterpret_cast<uint64_t>(p);
    memory_.buffer_bytes = kBufferBytes;
    memory_.memfd = memfd_create("failnth", MFD_CLOEXEC);
    if (memory_.memfd >= 0 && ftruncate(memory_.memfd, kBufferBytes) != 0) {
      close(memory_.memfd);
      memory_.memfd = -1;
    }
  }
  ~Memory() {
    if (memory_.buffer) munmap(reinterpret_cast<void*>(memory_.buffer), kBufferBytes);
    if (memory_.memfd >= 0) close(memory_.memfd);
  }
  bool ok() const { return memory_.buffer != 0 && memory_.memfd >= 0; }
  const ScriptMemory& get() const { return memory_; }

 private:
  ScriptMemory memory_;
};

// One differential run of a sequence under a plan.
struct RunResult {
  std::vector<std::string> calls;
  std::vector<std::string> failures;
  std::optional<Injection> injection;
  std::vector<DivergenceEvent> unexpected;
  int unverifiable = 0;
  int not_covered = 0;
  std::optional<uint64_t> pinned;  // a page still pinned once the run closed everything
};

RunResult RunOnce(const WalkConfig& config, FaultInjector& injector, const ScriptMemory& memory,
                  const FailNthSequence& sequence, FaultPlan plan) {
  auto kernel = std::make_unique<FaultingKernel>(std::make_unique<KernelBackend>(), injector);
  FaultingKernel& faulting = *kernel;
  auto model = std::make_unique<FaultMirror>(std::make_unique<ModelBackend>(config.model),
                                             faulting);
  DiffBackend diff(std::move(kernel), std::move(model),
                   DiffTarget{config.kernel_version, config.model.platform},
                   config.manifest);
  RunResult result;
  diff.SetSink([&](const DivergenceEvent& event) {
    switch (event.kind) {
      case DivergenceEvent::Kind::kUnexpected: result.unexpected.push_back(event); break;
      case DivergenceEvent::Kind::kUnverifiable: ++result.unverifiable; break;
      case DivergenceEvent::Kind::kNotCovered: ++result.not_covered; break;
      case DivergenceEvent::Kind::kExpected: break;
    }
  });
  {
    Script script(diff, faulting, memory, plan);
    sequence.run(script);
    result.calls = script.names();
    result.failures = script.failures();
    result.injection = script.injection();
  }
  return result;
}

std::string FirstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

// What a fault site makes a call fail with: ENOMEM from the allocators, EFAULT from user
// copies and pinning, and the EINVAL / ENOENT / EFAULT iommufd's own fault sites
// (iommufd_should_fail) return.
bool FaultErrno(int error) {
  return error == ENOMEM || error == EFAULT || error == EINVAL || error == ENOENT;
}

// Walks the sequences into a WalkResult; each divergence, errno and splat is recorded once.
class Walker {
 public:
  Walker(const WalkConfig& config, FaultInjector& injector, const ScriptMemory& memory,
         WalkResult& walk)
      : config_(config), injector_(injector), memory_(memory), walk_(walk) {}

  // A clean run, then every fault site of every call (or the one run `config.only` names).
  void Walk(const FailNthSequence& sequence) {
    SequenceTally tally;
    tally.name = std::string(sequence.name);
    if (config_.only) {
      FaultPlan plan{std::get<1>(*config_.only), std::get<2>(*config_.only)};
      Record(tally, Run(sequence, plan), plan);
      walk_.sequences.push_back(std::move(tally));
      return;
    }
    if (config_.before_run) config_.before_run(tally.name, 0, 0);
    RunResult clean = Run(sequence, {});
    Record(tally, clean, {});
    tally.calls = clean.calls.size();
    tally.clean_failures = clean.failures;
    for (size_t call = 0; call < tally.calls; ++call) WalkCall(tally, sequence, call);
    walk_.sequences.push_back(std::move(tally));
  }

 private:
  // A pin left behind stays for the walker's life, so only the first run that leaves one
  // is asked about.
  RunResult Run(const FailNthSequence& sequence, FaultPlan plan) {
    RunResult run = RunOnce(config_, injector_, memory_, sequence, plan);
    if (!pins_left_) {
      run.pinned = FirstPinnedPage(memory_.buffer, memory_.buffer_bytes,
                                   static_cast<uint64_t>(sysconf(_SC_PAGESIZE)));
    }
    return run;
  }

  // n = 1, 2, ... until the n-th fault site of `call` is not reached (or the cap).
  void WalkCall(SequenceTally& tally, const FailNthSequence& sequence, size_t call) {
    unsigned nth = 1;
    for (; nth <= config_.max_nth; ++nth) {
      if (config_.before_run) config_.before_run(tally.name, call, nth);
      FaultPlan plan{call, nth};
      RunResult run = Run(sequence, plan);
      Record(tally, run, plan);
      if (!run.injection || !run.injection->injected) break;
      ++tally.fault_sites;
      if (run.injection->outcome.ok()) {
        ++tally.absorbed;
      } else {
        std::string errno_name = ErrnoName(run.injection->outcome.error);
        ++tally.failed_calls;
        ++tally.errnos[errno_name];
        ++tally.errnos_by_call[run.calls.at(call) + " " + errno_name];
      }
    }
    if (nth > config_.max_nth) ++tally.capped_calls;
  }

  void Record(SequenceTally& tally, const RunResult& run, FaultPlan plan) {
    ++tally.runs;
    tally.unverifiable += run.unverifiable;
    tally.not_covered += run.not_covered;
    std::string planned = plan.nth ? run.calls.at(plan.call) : "-";
    RecordDivergences(tally, run, plan, planned);
    RecordErrno(tally, run, plan, planned);
    RecordPins(tally, run, plan);
    if (!config_.kernel_log_check) return;
    std::string splat = config_.kernel_log_check();
    if (splat.empty()) return;
    walk_.splats.push_back(tally.name + " call " + std::to_string(plan.call) + " n " +
                           std::to_string(plan.nth) + ": " + splat);
    if (config_.on_splat) config_.on_splat(walk_.splats.back());
  }

  void RecordDivergences(SequenceTally& tally, const RunResult& run, FaultPlan plan,
                         const std::string& planned) {
    const auto& injection = run.injection;
    bool absorbed = injection && injection->injected && injection->outcome.ok();
    for (const DivergenceEvent& event : run.unexpected) {
      std::string key = tally.name + "|" + planned + "|" + event.call + "|" +
                        FirstLine(event.report);
      if (absorbed) ++tally.absorbed_divergences;
      if (!seen_.insert(key).second) continue;
      WalkFinding finding{tally.name, plan.call, plan.nth, event.call, event.report, run.calls};
      if (absorbed) {
        walk_.absorbed.push_back(finding);
        if (config_.on_absorbed) config_.on_absorbed(finding);
      } else {
        walk_.findings.push_back(finding);
        if (config_.on_finding) config_.on_finding(finding);
      }
    }
  }

  // A call failing under an injected fault with an errno no fault site returns.
  void RecordErrno(const SequenceTally& tally, const RunResult& run, FaultPlan plan,
                   const std::string& planned) {
    const auto& injection = run.injection;
    if (!injection || !injection->injected || injection->outcome.ok() ||
        FaultErrno(injection->outcome.error)) {
      return;
    }
    std::string errno_name = ErrnoName(injection->outcome.error);
    if (!seen_.insert(tally.name + "|" + planned + "|errno " + errno_name).second) return;
    walk_.findings.push_back({tally.name, plan.call, plan.nth, planned,
                              planned + " failed with " + errno_name + " under an injected fault",
                              run.calls});
    if (config_.on_finding) config_.on_finding(walk_.findings.back());
  }

  // Every descriptor of the run is closed: the kernel must hold no pin on its memory.
  // Reported once: later runs find the same pages pinned.
  void RecordPins(const SequenceTally& tally, const RunResult& run, FaultPlan plan) {
    if (!run.pinned) return;
    pins_left_ = true;
    char report[160];
    std::snprintf(report, sizeof(report),
                  "page 0x%llx of the run's buffer is still pinned after the run closed every "
                  "descriptor (MD_CHECK_REFS)",
                  static_cast<unsigned long long>(*run.pinned));
    walk_.findings.push_back({tally.name, plan.call, plan.nth, "pins left", report, run.calls});
    if (config_.on_finding) config_.on_finding(walk_.findings.back());
  }

  const WalkConfig& config_;
  FaultInjector& injector_;
  const ScriptMemory& memory_;
  WalkResult& walk_;
  std::set<std::string> seen_;
  bool pins_left_ = false;
};

}  // namespace

WalkResult WalkFailNth(const WalkConfig& config, std::span<const FailNthSequence> sequences) {
  WalkResult walk;
  FaultInjector injector(config.only.has_value());
  Memory memory;
  if (!injector.ok()) {
    walk.error = injector.error();
    return walk;
  }
  if (!memory.ok()) {
    walk.error = "cannot set up the sequences' memory";
    return walk;
  }
  Walker walker(config, injector, memory.get(), walk);
  for (const FailNthSequence& sequence : sequences) {
    if (config.only && std::get<0>(*config.only) != sequence.name) continue;
    walker.Walk(sequence);
  }
  return walk;
}

}  // namespace iommufd_conform::fuzz
