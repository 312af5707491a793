#include "harness/gate/gate_verdict.h"

namespace iommufd_conform::gate {
namespace {

std::string Where(const Finding& finding) {
  if (finding.arch.empty()) return "";
  return " on " + finding.arch + (finding.platform.empty() ? "" : ":" + finding.platform);
}

std::string FirstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

int CountRegressions(const std::vector<Finding>& findings) {
  int count = 0;
  for (const Finding& f : findings) count += IsRegression(f.kind);
  return count;
}

}  // namespace

std::string_view VerdictName(Verdict::Kind kind) {
  switch (kind) {
    case Verdict::Kind::kPass: return "pass";
    case Verdict::Kind::kRegression: return "regression";
    case Verdict::Kind::kBuildFailed: return "build failed";
    case Verdict::Kind::kBaseBroken: return "base broken";
    case Verdict::Kind::kHarnessError: return "harness error";
  }
  return "pass";
}

Verdict Decide(const GateSide& base, const GateSide& patched,
               const std::vector<Finding>& findings) {
  for (const KernelBuild& build : patched.builds) {
    if (build.error) {
      return {Verdict::Kind::kBuildFailed, build.error->kind,
              "BUILD FAILED: the patched tree does not build for " + build.arch + ": " +
                  FirstLine(build.error->message)};
    }
  }
  if (int regressions = CountRegressions(findings); regressions > 0) {
    const Finding& first = findings.front();  // Compare puts regressions first
    std::string what = first.test.empty() ? first.detail : first.test + " " + first.detail;
    return {Verdict::Kind::kRegression, HarnessErrorKind::kIo, "REGRESSION (" + std::to_string(regressions) + "): " +
                                  std::string(FindingKindName(first.kind)) + Where(first) + ": " +
                                  what};
  }
  for (const Finding& finding : findings) {
    if (finding.kind != FindingKind::kBaseBroken) continue;
    HarnessErrorKind code = HarnessErrorKind::kBootFailed;
    for (const KernelBuild& build : base.builds) {
      if (build.error && build.arch == finding.arch) code = build.error->kind;
    }
    for (const PlatformRun& run : base.runs) {
      if (run.config.arch == finding.arch && run.config.platform == finding.platform &&
          run.config.harness_error) {
        code = run.config.harness_error->kind;
      }
    }
    return {Verdict::Kind::kBaseBroken, code, "BASE BROKEN" + Where(finding) + ": " + finding.detail +
                      " (not the patch's fault; nothing regressed where the base worked)"};
  }
  for (const PlatformRun& run : patched.runs) {
    const auto& error = run.config.harness_error;
    if (error && error->kind != HarnessErrorKind::kGuestCrashed &&
        error->kind != HarnessErrorKind::kBootFailed) {
      return {Verdict::Kind::kHarnessError, error->kind, "HARNESS ERROR on " + run.config.arch + ":" +
                                            run.config.platform + ": " + FirstLine(error->message)};
    }
  }
  int cases = 0;
  for (const PlatformRun& run : patched.runs) cases += static_cast<int>(run.config.cases.size());
  return {Verdict::Kind::kPass, HarnessErrorKind::kIo, "PASS: nothing regressed (" + std::to_string(patched.runs.size()) +
                       " platform run(s), " + std::to_string(cases) + " cases compared)"};
}

}  // namespace iommufd_conform::gate
