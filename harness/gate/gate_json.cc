#include "harness/gate/gate_json.h"

#include "harness/gate/run_json.h"

namespace iommufd_conform::gate {
namespace {

using nlohmann::json;

json Counts(const ConfigResult& config) {
  return {{"passed", config.Count(CaseStatus::kPassed)},
          {"failed", config.Count(CaseStatus::kFailed)},
          {"skipped", config.Count(CaseStatus::kSkipped)}};
}

json Side(const GateSide& side) {
  json builds = json::array();
  for (const KernelBuild& build : side.builds) {
    json entry = {{"arch", build.arch}, {"image", build.image}, {"release", build.release},
                  {"seconds", build.seconds}, {"ok", !build.error}};
    if (build.error) entry["error"] = build.error->message;
    builds.push_back(entry);
  }
  json runs = json::array();
  for (const PlatformRun& run : side.runs) {
    json entry = {{"arch", run.config.arch},
                  {"platform", run.config.platform},
                  {"counts", Counts(run.config)},
                  {"unexpected_divergences", run.divergences.size()},
                  {"from_cache", run.from_cache}};
    if (run.config.harness_error) entry["harness_error"] = run.config.harness_error->message;
    runs.push_back(entry);
  }
  json replays = json::array();
  for (const FuzzReplay& replay : side.replays) {
    json entry = {{"arch", replay.arch},        {"platform", replay.platform},
                  {"corpus", replay.corpus},    {"inputs", replay.inputs},
                  {"executed", replay.executed}, {"finished", replay.finished},
                  {"finding", replay.finding},  {"outcome", DescribeReplay(replay)}};
    if (replay.error) entry["harness_error"] = replay.error->message;
    replays.push_back(entry);
  }
  json walks = json::array();
  for (const FailNthWalk& walk : side.walks) walks.push_back(WalkToJson(walk));
  return {{"description", side.description},
          {"builds", builds},
          {"runs", runs},
          {"fuzz_replays", replays},
          {"fail_nth_walks", walks}};
}

std::string StateName(ChangedLineCoverage::State state) {
  switch (state) {
    case ChangedLineCoverage::State::kSkipped: return "skipped";
    case ChangedLineCoverage::State::kNoChange: return "no_change";
    case ChangedLineCoverage::State::kMeasured: return "measured";
    case ChangedLineCoverage::State::kFailed: return "failed";
  }
  return "failed";
}

json Coverage(const ChangedLineCoverage& coverage) {
  json builds = json::array();
  for (const KernelBuild& build : coverage.builds) {
    json entry = {{"arch", build.arch}, {"image", build.image}, {"seconds", build.seconds},
                  {"ok", !build.error}};
    if (build.error) entry["error"] = build.error->message;
    builds.push_back(entry);
  }
  json files = json::array();
  for (const FileLineCoverage& file : coverage.files) {
    json not_executed = json::array();
    for (const UnexecutedLine& line : file.not_executed) {
      not_executed.push_back({{"line", line.line}, {"text", line.text}});
    }
    files.push_back({{"file", file.file},
                     {"changed_lines", file.changed},
                     {"profiled", file.profiled},
                     {"executable", file.Executable()},
                     {"executed", file.executed},
                     {"not_executed", not_executed}});
  }
  return {{"state", StateName(coverage.state)},
          {"summary", DescribeCoverage(coverage)},
          {"note", coverage.note},
          {"regression", false},
          {"changed_lines", coverage.Changed()},
          {"executable", coverage.Executable()},
          {"executed", coverage.Executed()},
          {"not_executed", coverage.NotExecuted()},
          {"gcov_builds", builds},
          {"runs", coverage.runs},
          {"files", files}};
}

}  // namespace

json GateJson(const GateReport& report) {
  json findings = json::array();
  for (const Finding& f : report.findings) {
    findings.push_back({{"kind", FindingKindName(f.kind)},
                        {"regression", IsRegression(f.kind)},
                        {"arch", f.arch},
                        {"platform", f.platform},
                        {"test", f.test},
                        {"detail", f.detail},
                        {"evidence", f.evidence},
                        {"reproduce", ReproduceCommand(report, f)}});
  }
  return {{"verdict", VerdictName(report.verdict.kind)},
          {"headline", report.verdict.headline},
          {"exit_code", report.exit_code},
          {"tree", report.tree},
          {"base", {{"commit", report.base_commit}, {"name", report.base_name}}},
          {"patch",
           {{"description", report.patch_description},
            {"sha256", report.patch_sha256},
            {"files", report.patch_files}}},
          {"started_at", report.started_at},
          {"seconds", report.seconds},
          {"sides", {{"base", Side(report.base)}, {"patched", Side(report.patched)}}},
          {"findings", findings},
          {"uapi",
           {{"checked", report.abi.checked},
            {"not_checked_reason", report.abi.not_checked_reason},
            {"changed_headers", report.abi.changed_headers},
            {"breaks", report.abi.breaks},
            {"reviews", report.abi.reviews}}},
          {"coverage", Coverage(report.coverage)},
          {"not_done", report.not_done}};
}

}  // namespace iommufd_conform::gate
