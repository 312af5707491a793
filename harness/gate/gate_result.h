#ifndef IOMMUFD_CONFORM_HARNESS_GATE_GATE_RESULT_H_
#define IOMMUFD_CONFORM_HARNESS_GATE_GATE_RESULT_H_

// What the gate measured on one kernel (the base or the patched one): values only, so the
// comparison, the verdict and every writer can be tested on hand-made results.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/common/harness_error.h"
#include "harness/fuzz/failnth_log.h"
#include "harness/results/test_report.h"

namespace iommufd_conform::gate {

// An unexpected divergence of the differential run, as the suite reported it.
struct Divergence {
  std::string test{};   // "IoasUnmapTest.ReportsLength", or "(outside any case)"
  std::string call{};   // "IOMMU_IOAS_UNMAP"
  std::string field{};  // the first differing field: "length", "result", "out_ioas_id"
  std::string report{};  // the readable diff, for the summary
  // What identifies it across two runs: the call and the field, not the values or the test.
  std::string Signature() const { return call + " " + field; }
};

// The suite on one platform of one kernel. `config.harness_error` holds a splat
// (kGuestCrashed) or a guest that did not deliver (kBootFailed); the cases it did report stay.
struct PlatformRun {
  ConfigResult config{};
  std::vector<Divergence> divergences{};  // unexpected ones only
  bool from_cache = false;              // a base run reused from an earlier gate
};

// One kernel build of one side.
struct KernelBuild {
  std::string arch{};
  std::optional<HarnessError> error{};  // kBuildFailed carries the log's tail
  std::string image{};                  // the bootable image, when built
  std::string release{};                // `make kernelrelease`
  double seconds = 0;                 // wall time of EnsureKernel (0 s for a cache hit)
};

// The project's fuzz corpus replayed once through the differential fuzzer (every input
// executed on the kernel and on the model, compared, kernel log watched for splats).
// libFuzzer stops at the first finding, so a replay names at most one.
struct FuzzReplay {
  std::string arch{};
  std::string platform{};
  std::string corpus{};  // as the project names it: "fuzz/corpus/model"
  int inputs = -1;       // in the corpus; -1: the fuzzer never said
  int executed = 0;
  bool finished = false;  // every input ran
  std::string finding{};  // the signature it stopped at: "IOMMU_IOAS_MAP result: ..."
  std::string report{};   // the divergence report or splat behind the finding
  std::optional<HarnessError> error{};  // the guest did not deliver
  std::string reproduce{};  // the command that replays the finding's input alone
};

// "739 of 739 inputs, clean", "stopped at input 12 of 739: <finding>", "did not deliver: ...".
std::string DescribeReplay(const FuzzReplay& replay);

// The fault-injection walk (fuzz/failnth: every fault site of every call of its sequences
// failed in turn, each run differential) on one kernel. Only x86_64 has a walker.
struct FailNthWalk {
  std::string arch{};
  std::string platform{};
  bool finished = false;  // the walk reached its summary
  int runs = 0;
  int fault_sites = 0;
  std::vector<FailNthIssue> findings{};
  std::vector<FailNthIssue> splats{};
  std::vector<FailNthIssue> clean_failures{};
  std::map<std::string, int> errnos_by_call{};  // "SEQUENCE: CALL ERRNO" -> fault sites
  std::string outcome{};  // DescribeFailNthLog's line, or why the guest did not deliver
  std::optional<HarnessError> error{};  // the guest did not deliver (a crash, a hang)
  std::string reproduce{};  // the command that walks this kernel again
  bool from_cache = false;  // a base walk reused from an earlier gate
};

// A kernel tree at one revision: the base, or the base with the patch applied.
struct GateSide {
  std::string label{};        // "base" or "patched"
  std::string description{};  // "a1b2c3d4e5f6 (v7.2)" or "a1b2c3d4e5f6 + uncommitted changes"
  std::vector<KernelBuild> builds{};
  std::vector<PlatformRun> runs{};
  std::vector<FuzzReplay> replays{};
  std::vector<FailNthWalk> walks{};
};

// The uAPI headers of the patched tree against the base's.
struct AbiDelta {
  bool checked = false;
  std::string not_checked_reason{};    // when !checked
  std::vector<std::string> changed_headers{};  // uAPI header files whose text changed
  std::vector<std::string> breaks{};   // an existing struct, field, number or flag changed
  std::vector<std::string> reviews{};  // compatible changes (a struct grown at its end, ...)
  std::string reproduce{};             // the command that shows the breaks again
};

}  // namespace iommufd_conform::gate

#endif  // IOMMUFD_CONFORM_HARNESS_GATE_GATE_RESULT_H_
