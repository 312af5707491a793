#include "harness/gate/gate_kcidb.h"

#include <cctype>
#include <map>

namespace iommufd_conform::gate {
namespace {

using nlohmann::json;

// The schema's limit for log_excerpt.
constexpr size_t kMaxExcerpt = 16384;

std::string Id(const std::string& local) { return std::string(kKcidbOrigin) + ":" + local; }

// The end of a log is where a build or a crash says what went wrong.
std::string Excerpt(const std::string& text) {
  return text.size() <= kMaxExcerpt ? text : text.substr(text.size() - kMaxExcerpt);
}

std::string CheckoutId(const GateReport& report, const GateSide& side) {
  return &side == &report.patched && !report.patch_sha256.empty()
             ? Id(report.base_commit + "+" + report.patch_sha256)
             : Id(report.base_commit);
}

std::string BuildId(const std::string& checkout_id, const std::string& arch) {
  return checkout_id + ":" + arch;
}

json Checkout(const GateReport& report, const GateSide& side) {
  bool valid = true;
  for (const KernelBuild& build : side.builds) valid = valid && !build.error;
  json checkout = {{"id", CheckoutId(report, side)},
                   {"origin", kKcidbOrigin},
                   {"git_commit_hash", report.base_commit},
                   {"git_commit_name", report.base_name},
                   {"start_time", report.started_at},
                   {"comment", side.label + ": " + side.description},
                   {"valid", valid}};
  if (&side == &report.patched) checkout["patchset_hash"] = report.patch_sha256;
  return checkout;
}

json Build(const std::string& checkout_id, const KernelBuild& build) {
  json out = {{"id", BuildId(checkout_id, build.arch)},
              {"checkout_id", checkout_id},
              {"origin", kKcidbOrigin},
              {"architecture", build.arch},
              {"config_name", "tinyconfig+iommufd-conform"},
              {"duration", build.seconds},
              {"valid", !build.error}};
  if (!build.release.empty()) out["comment"] = "Linux " + build.release;
  if (build.error) out["log_excerpt"] = Excerpt(build.error->message);
  return out;
}

std::string CaseStatus(CaseStatus status) {
  switch (status) {
    case CaseStatus::kPassed: return "PASS";
    case CaseStatus::kFailed: return "FAIL";
    case CaseStatus::kSkipped: return "SKIP";
  }
  return "PASS";
}

// KCIDB's statuses: FAIL blames the tested code (a splat), ERROR the test not completing
// (a hang or a guest that died), MISS the harness.
std::string DeliveryStatus(HarnessErrorKind kind) {
  if (kind == HarnessErrorKind::kGuestCrashed) return "FAIL";
  if (kind == HarnessErrorKind::kBootFailed) return "ERROR";
  return "MISS";
}

// What the gate made of each patched case: "new failure", "fixed", ...
std::map<std::string, std::string> PatchedFindings(const GateReport& report) {
  std::map<std::string, std::string> by_case;
  for (const Finding& f : report.findings) {
    if (f.test.empty()) continue;
    by_case.emplace(f.arch + ":" + f.platform + ":" + f.test, std::string(FindingKindName(f.kind)));
  }
  return by_case;
}

void AddTests(const GateReport& report, const GateSide& side, const std::string& checkout_id,
              json& tests) {
  const auto findings = PatchedFindings(report);
  const bool patched = &side == &report.patched;
  for (const PlatformRun& run : side.runs) {
    const ConfigResult& config = run.config;
    std::string build_id = BuildId(checkout_id, config.arch);
    std::string prefix = std::string(kKcidbOrigin) + "." + KcidbPathComponent(config.platform);
    json environment = {
        {"comment", "QEMU TCG " + config.arch + " guest, platform " + config.platform},
        {"misc", {{"arch", config.arch}, {"platform", config.platform}}}};
    if (config.harness_error) {
      tests.push_back({{"id", build_id + ":" + config.platform},
                       {"build_id", build_id},
                       {"origin", kKcidbOrigin},
                       {"path", prefix},
                       {"status", DeliveryStatus(config.harness_error->kind)},
                       {"environment", environment},
                       {"log_excerpt", Excerpt(config.harness_error->message)}});
    }
    for (const CaseResult& c : config.cases) {
      std::string name = c.suite + "." + c.name;
      json test = {{"id", build_id + ":" + config.platform + ":" + name},
                   {"build_id", build_id},
                   {"origin", kKcidbOrigin},
                   {"path", prefix + "." + KcidbPathComponent(c.suite) + "." +
                                KcidbPathComponent(c.name)},
                   {"status", CaseStatus(c.status)},
                   {"duration", c.seconds},
                   {"environment", environment}};
      if (!c.message.empty()) test["log_excerpt"] = Excerpt(c.message);
      if (patched) {
        auto finding = findings.find(config.arch + ":" + config.platform + ":" + name);
        if (finding != findings.end()) test["misc"] = {{"gate", finding->second}};
      }
      tests.push_back(std::move(test));
    }
  }
}

// The uAPI comparison belongs to the patched checkout; it is attached to its first build.
void AddAbiTest(const GateReport& report, const std::string& checkout_id, json& tests) {
  if (!report.abi.checked || report.patched.builds.empty()) return;
  std::string build_id = BuildId(checkout_id, report.patched.builds.front().arch);
  std::string excerpt;
  for (const std::string& line : report.abi.breaks) excerpt += line + "\n";
  json test = {{"id", build_id + ":uapi_abi"},
               {"build_id", build_id},
               {"origin", kKcidbOrigin},
               {"path", std::string(kKcidbOrigin) + ".uapi_abi"},
               {"status", report.abi.breaks.empty() ? "PASS" : "FAIL"}};
  if (!excerpt.empty()) test["log_excerpt"] = Excerpt(excerpt);
  tests.push_back(std::move(test));
}

// One test per corpus replay: PASS when every input ran clean, FAIL at a finding.
void AddReplayTests(const GateSide& side, const std::string& checkout_id, json& tests) {
  for (const FuzzReplay& replay : side.replays) {
    std::string build_id = BuildId(checkout_id, replay.arch);
    std::string status = replay.error              ? DeliveryStatus(replay.error->kind)
                         : !replay.finding.empty() ? "FAIL"
                         : replay.finished         ? "PASS"
                                                   : "ERROR";
    json test = {{"id", build_id + ":" + replay.platform + ":fuzz_replay"},
                 {"build_id", build_id},
                 {"origin", kKcidbOrigin},
                 {"path", std::string(kKcidbOrigin) + "." +
                              KcidbPathComponent(replay.platform) + ".fuzz_replay"},
                 {"status", status},
                 {"misc", {{"corpus", replay.corpus}, {"outcome", DescribeReplay(replay)}}}};
    std::string excerpt = replay.error ? replay.error->message : replay.report;
    if (!excerpt.empty()) test["log_excerpt"] = Excerpt(excerpt);
    tests.push_back(std::move(test));
  }
}

// One test per fail-nth walk: PASS when it finished with no finding, splat or clean-run
// failure (the base's own are not the patch's, but KCIDB shows each kernel's result as is).
void AddWalkTests(const GateSide& side, const std::string& checkout_id, json& tests) {
  for (const FailNthWalk& walk : side.walks) {
    std::string build_id = BuildId(checkout_id, walk.arch);
    bool clean = walk.findings.empty() && walk.splats.empty() && walk.clean_failures.empty();
    std::string status = walk.error ? DeliveryStatus(walk.error->kind) : clean ? "PASS" : "FAIL";
    json test = {{"id", build_id + ":" + walk.platform + ":fail_nth"},
                 {"build_id", build_id},
                 {"origin", kKcidbOrigin},
                 {"path", std::string(kKcidbOrigin) + "." + KcidbPathComponent(walk.platform) +
                              ".fail_nth"},
                 {"status", status},
                 {"misc", {{"outcome", walk.outcome}, {"fault_sites", walk.fault_sites}}}};
    std::string excerpt;
    for (const auto* issues : {&walk.splats, &walk.findings, &walk.clean_failures}) {
      for (const FailNthIssue& issue : *issues) excerpt += issue.evidence + "\n";
    }
    if (walk.error) excerpt = walk.error->message;
    if (!excerpt.empty()) test["log_excerpt"] = Excerpt(excerpt);
    tests.push_back(std::move(test));
  }
}

// The gcov kernels the coverage was measured on, as builds of the patched checkout.
void AddCoverageBuilds(const GateReport& report, const std::string& checkout_id, json& builds) {
  for (const KernelBuild& build : report.coverage.builds) {
    json out = Build(checkout_id, build);
    out["id"] = BuildId(checkout_id, build.arch) + ":gcov";
    out["config_name"] = "tinyconfig+iommufd-conform+gcov";
    builds.push_back(std::move(out));
  }
}

// KCIDB's statuses, for changed lines no case ran: FAIL would blame the patch's code, which
// nothing showed broken; DONE says the test completed and the code may be correct, which is
// the gate's answer (a list to review). PASS when every changed executable line ran, SKIP
// when no changed line was executable or profiled, ERROR when it could not be measured.
void AddCoverageTest(const GateReport& report, const std::string& checkout_id, json& tests) {
  using State = ChangedLineCoverage::State;
  const ChangedLineCoverage& coverage = report.coverage;
  if (coverage.state == State::kSkipped || report.patched.builds.empty()) return;
  std::string build_id = coverage.builds.empty()
                             ? BuildId(checkout_id, report.patched.builds.front().arch)
                             : BuildId(checkout_id, coverage.builds.front().arch) + ":gcov";
  std::string status = coverage.state == State::kFailed     ? "ERROR"
                       : coverage.state == State::kNoChange ? "SKIP"
                       : coverage.Executable() == 0         ? "SKIP"
                       : coverage.NotExecuted() == 0        ? "PASS"
                                                            : "DONE";
  json test = {{"id", build_id + ":changed_line_coverage"},
               {"build_id", build_id},
               {"origin", kKcidbOrigin},
               {"path", std::string(kKcidbOrigin) + ".changed_line_coverage"},
               {"status", status},
               {"misc",
                {{"summary", DescribeCoverage(coverage)},
                 {"executable", coverage.Executable()},
                 {"executed", coverage.Executed()},
                 {"not_executed", coverage.NotExecuted()}}}};
  std::string excerpt = coverage.state == State::kFailed ? coverage.note : "";
  for (const FileLineCoverage& file : coverage.files) {
    for (const UnexecutedLine& line : file.not_executed) {
      excerpt += file.file + ":" + std::to_string(line.line) + ": " + line.text + "\n";
    }
  }
  if (!excerpt.empty()) test["log_excerpt"] = Excerpt(excerpt);
  tests.push_back(std::move(test));
}

}  // namespace

std::string KcidbPathComponent(std::string_view name) {
  std::string out;
  for (char c : name) {
    bool allowed = std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
    out += allowed ? c : '_';
  }
  return out;
}

json KcidbDocument(const GateReport& report) {
  json checkouts = json::array();
  json builds = json::array();
  json tests = json::array();
  for (const GateSide* side : {&report.base, &report.patched}) {
    std::string checkout_id = CheckoutId(report, *side);
    checkouts.push_back(Checkout(report, *side));
    for (const KernelBuild& build : side->builds) builds.push_back(Build(checkout_id, build));
    AddTests(report, *side, checkout_id, tests);
    AddReplayTests(*side, checkout_id, tests);
    AddWalkTests(*side, checkout_id, tests);
  }
  AddAbiTest(report, CheckoutId(report, report.patched), tests);
  AddCoverageBuilds(report, CheckoutId(report, report.patched), builds);
  AddCoverageTest(report, CheckoutId(report, report.patched), tests);
  return {{"version", {{"major", kKcidbMajor}, {"minor", kKcidbMinor}}},
          {"checkouts", checkouts},
          {"builds", builds},
          {"tests", tests}};
}

}  // namespace iommufd_conform::gate
