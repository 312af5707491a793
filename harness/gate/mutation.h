#ifndef IOMMUFD_CONFORM_HARNESS_GATE_MUTATION_H_
#define IOMMUFD_CONFORM_HARNESS_GATE_MUTATION_H_

// What `mutate` learned about one mutant, how it is kept between invocations (so a long
// measurement can be resumed), and the report (reports/mutation/<kernel>.md).

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/gate/gate_compare.h"
#include "harness/gate/mutant.h"

namespace iommufd_conform::gate {

enum class MutantFate {
  kKilled,        // a check noticed it
  kSurvived,      // measured, and every check passed as on the base
  kDoesNotApply,  // the patch does not apply to the base: the set needs fixing
  kDoesNotBuild,  // the mutated kernel does not build: the set needs fixing
  kNotMeasured,   // the base could not be measured there, or the harness failed
};
std::string_view MutantFateName(MutantFate fate);

// The gate's checks that can kill a mutant, in the order the report lists them.
enum class KillCheck {
  kExpectation,  // a suite case's expectation on the kernel's answer
  kDivergence,   // the kernel's answer differs from the model's
  kSplat,        // panic, oops, WARN, KASAN
  kNoDelivery,   // the guest hung (timeout) or died without a splat
  kFuzzReplay,   // the fuzz corpus replay stopped at a finding the base's did not
  kFailNth,      // the fault-injection walk found what it did not on the base
};
std::string_view KillCheckName(KillCheck check);

struct MutantResult {
  std::string id{};
  std::string subject{};
  std::string kind{};
  std::string identity{};  // what the measurement depends on (see MutantIdentity)
  std::vector<std::string> platforms{};
  MutantFate fate = MutantFate::kNotMeasured;
  std::vector<KillCheck> killed_by{};   // distinct, in KillCheck order
  std::vector<std::string> evidence{};  // one line per finding: where, which case, what
  bool selftests_ran = false;
  std::vector<std::string> selftest_kills{};  // SelftestKills lines
  std::string note{};  // why it was not measured, or the build log's tail
  double seconds = 0;
  std::string project_commit{};  // the build of this project that measured it
};

// The patch, the base commit, the platforms and the checks' binaries: a stored result is
// reused only while all of them are the same.
std::string MutantIdentity(const Mutant& mutant, const std::string& base_commit,
                           const std::vector<std::string>& platforms,
                           const std::string& binaries_sha256);

// The killing checks and their evidence from the gate's comparison of the mutant with the
// base; kBaseBroken findings make the result kNotMeasured.
void ClassifyFindings(const std::vector<Finding>& findings, MutantResult& result);

nlohmann::json MutantResultToJson(const MutantResult& result);
std::optional<MutantResult> MutantResultFromJson(const nlohmann::json& json);

// A survivor's examination, from the mutant folder's survivors.txt: "<id>: <text>" blocks,
// indented lines continuing the text, '#' comments.
std::map<std::string, std::string> ParseSurvivorNotes(std::string_view text);

struct MutationReport {
  std::string kernel{};          // "Linux 7.2 (base 0123456789ab: its commit subject)"
  std::string command{};        // the command line that produced it
  std::string project_commit{};  // BuildCommit()
  std::string date{};           // UTC, when it was written
  std::vector<std::string> base_lines{};  // the base's results, a line per platform or binary
  std::vector<MutantResult> results{};    // every mutant of the set, measured or not
  std::map<std::string, std::string> survivor_notes{};
};

std::string FormatMutationReport(const MutationReport& report);

// Survivors without an entry in survivor_notes.
std::vector<std::string> UnexplainedSurvivors(const MutationReport& report);

}  // namespace iommufd_conform::gate

#endif  // IOMMUFD_CONFORM_HARNESS_GATE_MUTATION_H_
