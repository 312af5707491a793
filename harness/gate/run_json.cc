#include "harness/gate/run_json.h"

namespace iommufd_conform::gate {
namespace {

using nlohmann::json;

constexpr int kFormat = 1;  // bump when the layout changes: older entries are then ignored

std::optional<CaseStatus> ParseStatus(const std::string& name) {
  for (CaseStatus status : {CaseStatus::kPassed, CaseStatus::kFailed, CaseStatus::kSkipped}) {
    if (CaseStatusName(status) == name) return status;
  }
  return std::nullopt;
}

constexpr HarnessErrorKind kErrorKinds[] = {
    HarnessErrorKind::kUsage,       HarnessErrorKind::kMissingTool,
    HarnessErrorKind::kSourceUnavailable, HarnessErrorKind::kBuildFailed,
    HarnessErrorKind::kConfigMissing, HarnessErrorKind::kBootFailed,
    HarnessErrorKind::kGuestCrashed, HarnessErrorKind::kNoDevice,
    HarnessErrorKind::kIo};

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
                     {"seconds", r.seconds}});
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

}  // namespace iommufd_conform::gate
