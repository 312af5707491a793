#ifndef IOMMUFD_CONFORM_HARNESS_BACKEND_DIVERGENCE_MANIFEST_H_
#define IOMMUFD_CONFORM_HARNESS_BACKEND_DIVERGENCE_MANIFEST_H_

// The one list of accepted differences between the model and real kernels
// (reference/divergences.txt, whose header documents the format). A divergence an entry
// matches, for the running kernel version and platform, is expected: it is counted with the
// entry's reason instead of failing the test. An entry that accepts a pair of outcomes (its
// difference is the errno or the return value) must also name the objects (`object:`) or the
// circumstance (`when:`) it holds for: none accepts every call of an ioctl that answers so.
//
//   ManifestParse parsed = ParseDivergenceManifest(text);
//   if (!parsed.errors.empty()) ...;  // refuse to run on a malformed manifest
//   const ManifestEntry* entry = parsed.manifest.Match(call, difference, "7.2", Platform::kVtd);

#include <string>
#include <string_view>
#include <vector>

#include "harness/backend/call_record.h"
#include "harness/backend/manifest_conditions.h"
#include "reference/model/profile.h"

namespace iommufd_conform {

// "ok", an errno name ("ENOENT") or "any", matched against one side's outcome.
struct OutcomePattern {
  enum class Kind { kAny, kOk, kErrno };
  Kind kind = Kind::kAny;
  int error = 0;
  bool Matches(const Outcome& outcome) const;
};

// `call: none`: an entry that names a kernel bug without accepting any divergence.
inline constexpr std::string_view kNoCall = "none";

struct ManifestEntry {
  // What running a reproducer does to a kernel that has the bug, beyond failing.
  enum class Hazard { kNone, kWarn, kHang };

  std::string id;
  int line = 0;  // where the entry starts, for messages
  std::string call;
  // False for `call: none`: the entry accepts nothing, it only names a kernel bug (the model
  // copies it, or no call answers differently: a WARN, a hang, a wrong result only the
  // reproducer looks at). The outcome and narrowing fields below are then unset.
  bool divergence = true;
  OutcomePattern kernel;
  OutcomePattern model;
  std::string field;  // Difference::pattern; empty matches any
  // For a struct with a union (IOMMU_TEST_CMD): the members the call may select
  // ("pasid_attach"); empty matches any.
  std::vector<std::string> members;
  // The kinds of object the call must name (ObjectKinds): "hwpt dirty_hwpt"; empty: any.
  std::vector<std::string> objects;
  // The circumstance the reason describes (manifest_conditions.h); nullptr: none needed.
  const Condition* condition = nullptr;
  // `state: unchanged`: the call changes nothing on either side whatever it answers (a
  // check), so the two states stay in step and later calls are compared as before. Without
  // it, a call one side took and the other refused leaves the states apart.
  bool state_unchanged = false;
  std::vector<std::string> kernels;
  std::vector<model::Platform> platforms;  // empty: any
  std::string reason;
  bool kernel_bug = false;
  std::string reproducer;
  // `hazard: warn|hang`: on the kernels listed the reproducer WARNs (ending a guest run) or
  // never returns, so there it is counted as an expected failure without running.
  Hazard hazard = Hazard::kNone;
  // `model-copies: yes`: the model's profiles of the kernels listed copy the bug, so the
  // reproducer fails on the model of those kernels too.
  bool model_copies = false;

  // Whether the entry covers this kernel version and platform.
  bool HoldsFor(std::string_view kernel_version, model::Platform platform) const;
};

class DivergenceManifest {
 public:
  explicit DivergenceManifest(std::vector<ManifestEntry> entries = {})
      : entries_(std::move(entries)) {}

  // The first entry that covers this divergence on this kernel and platform, or nullptr.
  const ManifestEntry* Match(const CallRecord& call, const Difference& difference,
                             std::string_view kernel_version, model::Platform platform,
                             const CallFacts& facts = {}) const;
  const std::vector<ManifestEntry>& entries() const { return entries_; }
  // The entry called `id`, or nullptr.
  const ManifestEntry* Find(std::string_view id) const;

 private:
  std::vector<ManifestEntry> entries_;
};

struct ManifestParse {
  DivergenceManifest manifest;
  std::vector<std::string> errors;  // "line 12: unknown key 'kernal'", ...
};

ManifestParse ParseDivergenceManifest(std::string_view text);

// The manifest compiled into this binary from reference/divergences.txt, so guests need no
// file of their own.
std::string_view EmbeddedDivergenceManifest();

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_BACKEND_DIVERGENCE_MANIFEST_H_
