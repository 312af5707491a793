#include "harness/gate/run_json.h"

namespace iommufd_conform::gate {
namespace {

using nlohmann::json;

constexpr int kFormat = 2;  // bump when the layout changes: older entries are then ignored

std::optional<CaseStatus> ParseStatus(const std::string& name) {
  for (CaseStatus status : {CaseStatus::kPassed, CaseStatus::kFailed, CaseStatus::kSkipped}) {
    if (CaseStatusName(status) == name) return status;
  }
  return std::nullopt;
}

std::string_view BugVerdictName(BugVerdict verdict) {
  switch (verdict) {
    case BugVerdict::kNone: return "";
    case BugVerdict::kXfail: return "xfail";
    case BugVerdict::kXpass: return "xpass";
  }
  return "";
}

std::optional<BugVerdict> ParseBugVerdict(const std::string& name) {
  for (BugVerdict verdict : {BugVerdict::kNone, BugVerdict::kXfail, BugVerdict::kXpass}) {
    if (BugVerdictName(verdict) == name) return verdict;
  }
  return std::nullopt;
}

constexpr HarnessErrorKind kErrorKinds[] = {
    HarnessErrorKind::kUsage,       HarnessErrorKind::kMissingTool,
    HarnessErrorKind::kSourceUnavailable, HarnessErrorKind::kBuildFailed,
    HarnessErrorKind::kConfigMissing, HarnessErrorKind::kBootFailed,
    HarnessErrorKind::kGuestCrashed, HarnessErrorKind::kNoDevice,
    HarnessErrorKind::kIo};

json IssuesToJson(const std::vector<FailNthIssue>& issues) {
  json out = json::array();
  for (const FailNthIssue& issue : issues) {
    out.push_back({{"signature", issue.signature}, {"evidence", issue.evidence}});
  }
  return out;
}

std::vector<FailNthIssue> IssuesFromJson(const json& in) {
  std::vector<FailNthIssue> issues;
  for (const json& issue : in) {
    issues.push_back({issue.at("signature").get<std::string>(),
                      issue.at("evidence").get<std::string>()});
  }
  return issues;
}

}  // namespace

std::string_view CaseStatusName(CaseStatus status) {
  switch (status) {
    case CaseStatus::kPassed: return "passed";
    case CaseStatus::kFailed: return "failed";
    case CaseStatus::kSkipped: return "skipped";
  }
  return "passed";
}

std::string DumpJson(const json& document) {
  return document.dump(1, ' ', false, json::error_handler_t::replace) + "\n";
}

json RunToJson(const PlatformRun& run) {
  const ConfigResult& c = run.config;
  json cases = json::array();
  for (const CaseResult& r : c.cases) {
    cases.push_back({{"suite", r.suite},
                     {"name", r.name},
                     {"status", CaseStatusName(r.status)},
                     {"message", r.message},
                     {"seconds", r.seconds},
                     {"bug_verdict", BugVerdictName(r.bug_verdict)},
                     {"bug_id", r.bug_id}});
  }
  json divergences = json::array();
  for (const Divergence& d : run.divergences) {
    divergences.push_back(
        {{"test", d.test}, {"call", d.call}, {"field", d.field}, {"report", d.report}});
  }
  json out = {{"format", kFormat},     {"target", c.target},   {"arch", c.arch},
              {"platform", c.platform}, {"kernel", c.kernel},   {"cases", cases},
              {"divergences", divergences}};
  if (c.harness_error) {
    out["harness_error"] = {{"kind", static_cast<int>(c.harness_error->kind)},
                            {"message", c.harness_error->message}};
  }
  return out;
}

std::optional<PlatformRun> RunFromJson(const json& in) {
  try {
    if (in.at("format").get<int>() != kFormat) return std::nullopt;
    PlatformRun run;
    ConfigResult& c = run.config;
    c.target = in.at("target").get<std::string>();
    c.arch = in.at("arch").get<std::string>();
    c.platform = in.at("platform").get<std::string>();
    c.kernel = in.at("kernel").get<std::string>();
    for (const json& r : in.at("cases")) {
      auto status = ParseStatus(r.at("status").get<std::string>());
      if (!status) return std::nullopt;
      CaseResult result;
      result.suite = r.at("suite").get<std::string>();
      result.name = r.at("name").get<std::string>();
      result.status = *status;
      result.message = r.at("message").get<std::string>();
      result.seconds = r.at("seconds").get<double>();
      auto verdict = ParseBugVerdict(r.at("bug_verdict").get<std::string>());
      if (!verdict) return std::nullopt;
      result.bug_verdict = *verdict;
      result.bug_id = r.at("bug_id").get<std::string>();
      c.cases.push_back(std::move(result));
    }
    for (const json& d : in.at("divergences")) {
      run.divergences.push_back({d.at("test").get<std::string>(), d.at("call").get<std::string>(),
                                 d.at("field").get<std::string>(),
                                 d.at("report").get<std::string>()});
    }
    if (in.contains("harness_error")) {
      int kind = in["harness_error"].at("kind").get<int>();
      if (kind < 0 || kind >= static_cast<int>(std::size(kErrorKinds))) return std::nullopt;
      c.harness_error = MakeError(kErrorKinds[kind], in["harness_error"].at("message"));
    }
    return run;
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

json WalkToJson(const FailNthWalk& walk) {
  json out = {{"format", kFormat},
              {"arch", walk.arch},
              {"platform", walk.platform},
              {"finished", walk.finished},
              {"runs", walk.runs},
              {"fault_sites", walk.fault_sites},
              {"outcome", walk.outcome},
              {"findings", IssuesToJson(walk.findings)},
              {"splats", IssuesToJson(walk.splats)},
              {"clean_failures", IssuesToJson(walk.clean_failures)},
              {"errnos_by_call", walk.errnos_by_call},
              {"reproduce", walk.reproduce}};
  if (walk.error) out["error"] = walk.error->message;
  return out;
}

std::optional<FailNthWalk> WalkFromJson(const json& in) {
  try {
    if (in.at("format").get<int>() != kFormat || in.contains("error")) return std::nullopt;
    FailNthWalk walk;
    walk.arch = in.at("arch").get<std::string>();
    walk.platform = in.at("platform").get<std::string>();
    walk.finished = in.at("finished").get<bool>();
    walk.runs = in.at("runs").get<int>();
    walk.fault_sites = in.at("fault_sites").get<int>();
    walk.outcome = in.at("outcome").get<std::string>();
    walk.findings = IssuesFromJson(in.at("findings"));
    walk.splats = IssuesFromJson(in.at("splats"));
    walk.clean_failures = IssuesFromJson(in.at("clean_failures"));
    walk.errnos_by_call = in.at("errnos_by_call").get<std::map<std::string, int>>();
    walk.reproduce = in.at("reproduce").get<std::string>();
    return walk;
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

}  // namespace iommufd_conform::gate
