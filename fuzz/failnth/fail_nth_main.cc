// iommufd-conform-failnth: the fault-injection walk, run inside a guest by
// `iommufd-conform fuzz --target vm --mode fail-nth`. Prints one "failnth: run ..." line per
// (sequence, call) walked, "failnth-finding ..." blocks, and a last "failnth-summary {json}"
// line the host reads. Exit status: 0 clean, 1 findings or splats, 2 could not run.
//
// The model's kernel profile is the running kernel's version unless
// IOMMUFD_CONFORM_FUZZ_KERNEL says otherwise.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "fuzz/failnth/fail_nth_walk.h"
#include "fuzz/sequence/model_kernel.h"

namespace iommufd_conform::fuzz {
namespace {

// New kernel log records since the last look, searched for the start of a splat.
class KernelLog {
 public:
  KernelLog() {
    fd_ = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd_ >= 0) lseek(fd_, 0, SEEK_END);
  }
  ~KernelLog() {
    if (fd_ >= 0) close(fd_);
  }
  std::string Check() {
    std::string first;
    char record[8192];
    for (;;) {
      ssize_t got = read(fd_, record, sizeof(record) - 1);
      if (got < 0 && errno == EPIPE) continue;  // overwritten records: go on with the next
      if (got <= 0) break;
      record[got] = '\0';
      std::string_view text(record, static_cast<size_t>(got));
      size_t start = text.find(';');
      text = text.substr(start == std::string_view::npos ? 0 : start + 1);
      text = text.substr(0, text.find('\n'));
      for (std::string_view marker :
           {"BUG:", "WARNING:", "Oops", "KASAN", "UBSAN", "kernel BUG", "list_add corruption",
            "list_del corruption", "refcount_t:", "general protection fault"}) {
        if (first.empty() && text.find(marker) != std::string_view::npos) first = text;
      }
    }
    return first;
  }

 private:
  int fd_ = -1;
};

// One line: the host takes everything after "failnth-summary " as the document.
std::string SummaryJson(const WalkResult& walk) {
  nlohmann::ordered_json sequences = nlohmann::ordered_json::array();
  for (const SequenceTally& t : walk.sequences) {
    sequences.push_back({{"name", t.name},
                         {"calls", t.calls},
                         {"runs", t.runs},
                         {"fault_sites", t.fault_sites},
                         {"failed_calls", t.failed_calls},
                         {"absorbed", t.absorbed},
                         {"absorbed_divergences", t.absorbed_divergences},
                         {"unverifiable", t.unverifiable},
                         {"not_covered", t.not_covered},
                         {"capped_calls", t.capped_calls},
                         {"errnos", t.errnos}});
  }
  nlohmann::ordered_json summary = {{"sequences", std::move(sequences)},
                                    {"findings", walk.findings.size()},
                                    {"absorbed_divergences", walk.absorbed.size()},
                                    {"splats", walk.splats.size()}};
  return summary.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

void PrintFinding(const WalkFinding& finding, const char* kind) {
  std::printf("failnth-%s %s: fault at call %zu (%s) n=%u, divergence at %s\n", kind,
              finding.sequence.c_str(), finding.call,
              finding.nth ? finding.calls.at(finding.call).c_str() : "none", finding.nth,
              finding.diverged.c_str());
  std::printf("%s\n  calls:", finding.report.c_str());
  for (const std::string& call : finding.calls) std::printf(" %s", call.c_str());
  std::printf("\nfailnth-%s-end\n", kind);
}

// The table the host shows: one row per sequence and a total.
void PrintTable(const WalkResult& walk) {
  std::printf("failnth-table %-18s %5s %6s %6s %6s %8s %7s %6s  %s\n", "sequence", "calls", "runs",
              "sites", "failed", "absorbed", "uncov", "capped", "errnos");
  SequenceTally total;
  total.name = "total";
  for (const SequenceTally& t : walk.sequences) {
    std::string errnos;
    for (const auto& [name, count] : t.errnos) {
      errnos += (errnos.empty() ? "" : " ") + name + "=" + std::to_string(count);
      total.errnos[name] += count;
    }
    std::printf("failnth-table %-18s %5zu %6d %6d %6d %8d %7d %6d  %s\n", t.name.c_str(), t.calls,
                t.runs, t.fault_sites, t.failed_calls, t.absorbed, t.not_covered, t.capped_calls,
                errnos.c_str());
    total.calls += t.calls;
    total.runs += t.runs;
    total.fault_sites += t.fault_sites;
    total.failed_calls += t.failed_calls;
    total.absorbed += t.absorbed;
    total.not_covered += t.not_covered;
    total.capped_calls += t.capped_calls;
  }
  std::printf("failnth-table %-18s %5zu %6d %6d %6d %8d %7d %6d\n", "total", total.calls,
              total.runs, total.fault_sites, total.failed_calls, total.absorbed,
              total.not_covered, total.capped_calls);
  std::printf("failnth-table findings %zu, splats %zu, divergences after absorbed faults %zu\n",
              walk.findings.size(), walk.splats.size(), walk.absorbed.size());
}

int Main() {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  std::string version = ModelKernel();
  auto profile = model::KernelProfileFor(version);
  ManifestParse manifest = ParseDivergenceManifest(EmbeddedDivergenceManifest());
  if (!profile || !manifest.errors.empty()) {
    std::printf("failnth: cannot start (model profile for %s: %s, manifest errors: %zu)\n",
                version.c_str(), profile ? "yes" : "no", manifest.errors.size());
    return 2;
  }
  KernelLog log;
  WalkConfig config;
  config.model = model::ModelConfig{*profile, model::Platform::kNone};
  config.kernel_version = version;
  config.manifest = std::move(manifest.manifest);
  config.before_run = [](const std::string& sequence, size_t call, unsigned nth) {
    if (nth <= 1) std::printf("failnth: run %s call %zu\n", sequence.c_str(), call);
  };
  config.kernel_log_check = [&] { return log.Check(); };
  config.on_finding = [](const WalkFinding& finding) { PrintFinding(finding, "finding"); };
  config.on_absorbed = [](const WalkFinding& finding) { PrintFinding(finding, "absorbed"); };
  // "sequence:call:nth" replays that one run, the injected fault's stack in the kernel log.
  if (const char* only = std::getenv("IOMMUFD_CONFORM_FAILNTH_ONLY"); only && *only) {
    std::string text = only;
    size_t a = text.find(':'), b = text.rfind(':');
    if (a == std::string::npos || a == b) {
      std::printf("failnth: cannot run: IOMMUFD_CONFORM_FAILNTH_ONLY is sequence:call:nth\n");
      return 2;
    }
    config.only = {text.substr(0, a), std::stoul(text.substr(a + 1, b - a - 1)),
                   static_cast<unsigned>(std::stoul(text.substr(b + 1)))};
  }
  config.on_splat = [](const std::string& splat) {
    std::printf("failnth-splat %s\n", splat.c_str());
  };
  std::printf("failnth: kernel %s, walking %zu sequences\n", version.c_str(),
              FailNthSequences().size());
  WalkResult walk = WalkFailNth(config, FailNthSequences());
  if (!walk.error.empty()) {
    std::printf("failnth: cannot run: %s\n", walk.error.c_str());
    return 2;
  }
  for (const SequenceTally& t : walk.sequences) {
    for (const auto& [call, count] : t.errnos_by_call) {
      std::printf("failnth: %s: %s x%d\n", t.name.c_str(), call.c_str(), count);
    }
    for (const std::string& failure : t.clean_failures) {
      std::printf("failnth: clean run of %s: call %s\n", t.name.c_str(), failure.c_str());
    }
  }
  PrintTable(walk);
  std::printf("failnth-summary %s\n", SummaryJson(walk).c_str());
  return walk.findings.empty() && walk.splats.empty() ? 0 : 1;
}

}  // namespace
}  // namespace iommufd_conform::fuzz

int main() { return iommufd_conform::fuzz::Main(); }
