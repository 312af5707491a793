#ifndef IOMMUFD_CONFORM_FUZZ_FAILNTH_FAIL_NTH_WALK_H_
#define IOMMUFD_CONFORM_FUZZ_FAILNTH_FAIL_NTH_WALK_H_

// The fault-injection walk: for each sequence, first a clean run; then, for every call k of
// it and n = 1, 2, ..., a fresh run that fails the n-th fault site of call k, until a run in
// which call k no longer reaches an n-th site. Each run is differential (kernel and model,
// the model skipping a call that failed with the injected fault), so a kernel that keeps
// part of a failed call, or answers it in a way the model cannot, diverges. This fails every
// fault site the selftest's cumulative walk does, one call at a time.

#include <functional>
#include <map>
#include <optional>
#include <tuple>
#include <string>
#include <vector>

#include "fuzz/failnth/fail_nth_sequences.h"
#include "harness/backend/divergence_manifest.h"
#include "reference/model/profile.h"

namespace iommufd_conform::fuzz {

// A finding: a divergence after a call that failed with the injected fault (or in the clean
// run), such a call failing with an errno no fault site gives, or a page of the run's memory
// still pinned after the run closed every descriptor ("pins left"). When the call absorbed the
// fault (it still succeeded) the kernel may have taken another path the uAPI allows - the
// iommufd fault sites return EINVAL and ENOENT on purpose, and EINVAL from attaching to an
// existing domain makes MOCK_DOMAIN allocate a new one - so those divergences are listed
// apart (`absorbed`), not as findings.
struct WalkFinding {
  std::string sequence;
  size_t call = 0;        // the call that got the fault
  unsigned nth = 0;       // its fault site; 0 for a divergence of the clean run
  std::string diverged;   // the call that diverged
  std::string report;     // the differential report
  std::vector<std::string> calls;  // the sequence as run
};

struct SequenceTally {
  std::string name;
  size_t calls = 0;
  std::vector<std::string> clean_failures;  // calls the kernel failed without a fault
  int runs = 0;
  int fault_sites = 0;      // runs whose planned call reached its n-th site
  int failed_calls = 0;     // ... and failed
  int absorbed = 0;         // ... and still succeeded
  int absorbed_divergences = 0;  // divergences in runs whose planned call absorbed the fault
  int unverifiable = 0;     // divergences after a call only the kernel ran
  int not_covered = 0;      // calls the model does not serve
  int capped_calls = 0;     // calls whose walk stopped at the cap, not at the last site
  std::map<std::string, int> errnos;  // of the failed calls
  std::map<std::string, int> errnos_by_call;  // "CALL ERRNO" -> count
};

struct WalkConfig {
  model::ModelConfig model;
  std::string kernel_version;
  DivergenceManifest manifest;
  unsigned max_nth = 2000;
  // Replay one run only (sequence, call, nth), with the injected fault's stack logged.
  std::optional<std::tuple<std::string, size_t, unsigned>> only;
  // Called before each run: the guest prints it so a splat on the console can be placed.
  std::function<void(const std::string& sequence, size_t call, unsigned nth)> before_run;
  // Called after each run; returns a splat seen in the kernel log since the last call, if any.
  std::function<std::string()> kernel_log_check;
  // Called with each finding and splat as it is found: a splat may end the guest before the
  // walk does.
  std::function<void(const WalkFinding&)> on_finding;
  std::function<void(const WalkFinding&)> on_absorbed;
  std::function<void(const std::string&)> on_splat;
};

struct WalkResult {
  std::vector<SequenceTally> sequences;
  std::vector<WalkFinding> findings;  // one per distinct (sequence, call, report)
  std::vector<WalkFinding> absorbed;  // the same for runs whose planned call absorbed it
  std::vector<std::string> splats;    // "<sequence> call k n: <first line>"
  std::string error;                  // set when the walk could not run at all
};

WalkResult WalkFailNth(const WalkConfig& config, std::span<const FailNthSequence> sequences);

}  // namespace iommufd_conform::fuzz

#endif  // IOMMUFD_CONFORM_FUZZ_FAILNTH_FAIL_NTH_WALK_H_
