#include "harness/gate/gate_compare.h"

#include <algorithm>
#include <map>
#include <set>

namespace iommufd_conform::gate {
namespace {

const PlatformRun* FindRun(const GateSide& side, const ConfigResult& like) {
  for (const PlatformRun& run : side.runs) {
    if (run.config.arch == like.arch && run.config.platform == like.platform) return &run;
  }
  return nullptr;
}

const KernelBuild* FindBuild(const GateSide& side, const std::string& arch) {
  for (const KernelBuild& build : side.builds) {
    if (build.arch == arch) return &build;
  }
  return nullptr;
}

std::string StatusName(CaseStatus status) {
  switch (status) {
    case CaseStatus::kPassed: return "passed";
    case CaseStatus::kFailed: return "failed";
    case CaseStatus::kSkipped: return "skipped";
  }
  return "passed";
}

std::string FirstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

std::map<std::string, const CaseResult*> CasesByName(const ConfigResult& config) {
  std::map<std::string, const CaseResult*> cases;
  for (const CaseResult& c : config.cases) cases[c.suite + "." + c.name] = &c;
  return cases;
}

// A known kernel bug's reproducer (both sides passed as far as the run goes): its bug fixed
// by the patch, or brought back by it.
void CompareBugVerdicts(const CaseResult& before, const CaseResult& after,
                        const std::string& arch, const std::string& platform,
                        const std::string& name, std::vector<Finding>& out) {
  if (before.bug_verdict == after.bug_verdict) return;
  if (before.bug_verdict == BugVerdict::kXfail && after.bug_verdict == BugVerdict::kXpass) {
    out.push_back({FindingKind::kFixed, arch, platform, name,
                   "the reproducer of kernel bug " + after.bug_id +
                       " passes on the patched kernel: the patch fixes it",
                   after.message});
  } else if (before.bug_verdict == BugVerdict::kXpass &&
             after.bug_verdict == BugVerdict::kXfail) {
    out.push_back({FindingKind::kNewFailure, arch, platform, name,
                   "the reproducer of kernel bug " + after.bug_id +
                       " passed on the base and fails again on the patched kernel",
                   after.message});
  } else {
    out.push_back({FindingKind::kChangedOutcome, arch, platform, name,
                   "the kernel-bug verdict changed: base '" + before.bug_id + "', patched '" +
                       after.bug_id + "'",
                   after.message});
  }
}

void CompareCases(const PlatformRun& base, const PlatformRun& patched,
                  std::vector<Finding>& out) {
  const std::string& arch = patched.config.arch;
  const std::string& platform = patched.config.platform;
  auto base_cases = CasesByName(base.config);
  auto patched_cases = CasesByName(patched.config);
  for (const auto& [name, after] : patched_cases) {
    auto found = base_cases.find(name);
    if (found == base_cases.end()) {
      out.push_back({FindingKind::kChangedOutcome, arch, platform, name,
                     "ran only on the patched kernel (" + StatusName(after->status) + ")", ""});
      continue;
    }
    const CaseResult& before = *found->second;
    if (before.status == after->status) {
      CompareBugVerdicts(before, *after, arch, platform, name, out);
      continue;
    }
    if (after->status == CaseStatus::kFailed) {
      out.push_back({FindingKind::kNewFailure, arch, platform, name,
                     "fails on the patched kernel, " + StatusName(before.status) + " on the base",
                     after->message});
    } else if (before.status == CaseStatus::kFailed) {
      out.push_back({FindingKind::kFixed, arch, platform, name,
                     "failed on the base, " + StatusName(after->status) + " patched", ""});
    } else {
      out.push_back({FindingKind::kChangedOutcome, arch, platform, name,
                     StatusName(before.status) + " on the base, " + StatusName(after->status) +
                         " patched",
                     after->message});
    }
  }
  // A case that vanished is a regression only when the guest stopped early, which the
  // harness error already reports; otherwise the suite itself differs.
  if (!patched.config.harness_error) {
    for (const auto& [name, before] : base_cases) {
      if (!patched_cases.contains(name)) {
        out.push_back({FindingKind::kChangedOutcome, arch, platform, name,
                       "ran only on the base (" + StatusName(before->status) + ")", ""});
      }
    }
  }
}

void CompareDivergences(const PlatformRun& base, const PlatformRun& patched,
                        std::vector<Finding>& out) {
  std::set<std::string> known;
  for (const Divergence& d : base.divergences) known.insert(d.Signature());
  std::set<std::string> reported;
  for (const Divergence& d : patched.divergences) {
    if (known.contains(d.Signature()) || !reported.insert(d.Signature()).second) continue;
    out.push_back({FindingKind::kNewDivergence, patched.config.arch, patched.config.platform,
                   d.test, "new divergence " + d.Signature(), d.report});
  }
}

void CompareDelivery(const PlatformRun& patched, std::vector<Finding>& out) {
  const auto& error = patched.config.harness_error;
  if (!error) return;
  const std::string& arch = patched.config.arch;
  const std::string& platform = patched.config.platform;
  if (error->kind == HarnessErrorKind::kGuestCrashed) {
    out.push_back({FindingKind::kNewSplat, arch, platform, "",
                   "the patched kernel crashed: " + FirstLine(error->message), error->message});
  } else if (error->kind == HarnessErrorKind::kBootFailed) {
    out.push_back({FindingKind::kNoDelivery, arch, platform, "",
                   "the patched guest did not deliver: " + FirstLine(error->message),
                   error->message});
  }
}

const FuzzReplay* FindReplay(const GateSide& side, const FuzzReplay& like) {
  for (const FuzzReplay& replay : side.replays) {
    if (replay.arch == like.arch && replay.platform == like.platform) return &replay;
  }
  return nullptr;
}

void CompareReplays(const GateSide& base, const GateSide& patched, std::vector<Finding>& out) {
  for (const FuzzReplay& after : patched.replays) {
    const FuzzReplay* before = FindReplay(base, after);
    auto add = [&](FindingKind kind, std::string detail, std::string evidence) {
      out.push_back({kind, after.arch, after.platform, "", std::move(detail),
                     std::move(evidence)});
    };
    if (!before || before->error) {
      add(FindingKind::kBaseBroken, "the fuzz corpus replay on the base did not deliver" +
          (before ? ": " + FirstLine(before->error->message) : std::string()),
          before ? before->error->message : "");
      continue;
    }
    if (after.error) {
      add(FindingKind::kNewFuzzFinding,
          "the fuzz corpus replay on the patched kernel did not deliver: " +
              FirstLine(after.error->message),
          after.error->message);
    } else if (!after.finding.empty() && after.finding != before->finding) {
      add(FindingKind::kNewFuzzFinding, "the fuzz corpus replay stopped at " + after.finding,
          after.report);
    } else if (after.finding.empty() && !after.finished && before->finished) {
      add(FindingKind::kNewFuzzFinding,
          "the fuzz corpus replay stopped early after " + std::to_string(after.executed) +
              " inputs",
          after.report);
    }
  }
}

const FailNthWalk* FindWalk(const GateSide& side, const FailNthWalk& like) {
  for (const FailNthWalk& walk : side.walks) {
    if (walk.arch == like.arch && walk.platform == like.platform) return &walk;
  }
  return nullptr;
}

// The issues of `after` whose signature `before` does not have.
std::vector<const FailNthIssue*> NewIssues(const std::vector<FailNthIssue>& before,
                                           const std::vector<FailNthIssue>& after) {
  std::set<std::string> known;
  for (const FailNthIssue& issue : before) known.insert(issue.signature);
  std::vector<const FailNthIssue*> added;
  for (const FailNthIssue& issue : after) {
    if (known.insert(issue.signature).second) added.push_back(&issue);
  }
  return added;
}

// Which calls fail with which errno under injected faults: a change is the patch's error
// paths changing, to review, not a regression (a new allocation adds ENOMEM sites).
std::string ErrnoChanges(const FailNthWalk& before, const FailNthWalk& after) {
  std::string changes;
  for (const auto& [key, count] : after.errnos_by_call) {
    if (!before.errnos_by_call.contains(key)) changes += "+ " + key + "\n";
  }
  for (const auto& [key, count] : before.errnos_by_call) {
    if (!after.errnos_by_call.contains(key)) changes += "- " + key + "\n";
  }
  return changes;
}

void CompareWalks(const GateSide& base, const GateSide& patched, std::vector<Finding>& out) {
  for (const FailNthWalk& after : patched.walks) {
    const FailNthWalk* before = FindWalk(base, after);
    auto add = [&](FindingKind kind, std::string detail, std::string evidence) {
      out.push_back({kind, after.arch, after.platform, "", std::move(detail),
                     std::move(evidence)});
    };
    if (!before || before->error) {
      add(FindingKind::kBaseBroken, "the fail-nth walk on the base did not deliver" +
          (before ? ": " + before->outcome : std::string()), "");
      continue;
    }
    // The likeliest root cause first: a splat, then what the runs found; a walk that did
    // not finish after them is usually their consequence.
    for (auto [issues, what] :
         {std::pair{NewIssues(before->splats, after.splats), "the fail-nth walk: kernel splat "},
          std::pair{NewIssues(before->findings, after.findings), "the fail-nth walk: "},
          std::pair{NewIssues(before->clean_failures, after.clean_failures),
                    "the fail-nth walk's clean run: "}}) {
      for (const FailNthIssue* issue : issues) {
        add(FindingKind::kNewFailNthFinding, what + issue->signature, issue->evidence);
      }
    }
    if (after.error) {
      add(FindingKind::kNewFailNthFinding,
          "the fail-nth walk on the patched kernel did not deliver: " + after.outcome,
          after.error->message);
    }
    if (std::string changes = ErrnoChanges(*before, after); !changes.empty()) {
      add(FindingKind::kChangedOutcome,
          "the fail-nth walk: calls fail with other errnos under injected faults: " +
              FirstLine(changes) + (changes.find('\n') + 1 < changes.size() ? " ..." : ""),
          changes);
    }
  }
}

void CompareAbi(const AbiDelta& abi, std::vector<Finding>& out) {
  for (const std::string& line : abi.breaks) {
    out.push_back({FindingKind::kAbiBreak, "", "", "", line, ""});
  }
  for (const std::string& line : abi.reviews) {
    out.push_back({FindingKind::kUapiChange, "", "", "", line, ""});
  }
  for (const std::string& header : abi.changed_headers) {
    out.push_back({FindingKind::kUapiChange, "", "", "", header + " changed", ""});
  }
}

int Rank(FindingKind kind) {
  switch (kind) {
    case FindingKind::kAbiBreak: return 0;
    case FindingKind::kNewSplat: return 1;
    case FindingKind::kNoDelivery: return 2;
    case FindingKind::kNewFailure: return 3;
    case FindingKind::kNewDivergence: return 4;
    case FindingKind::kNewFuzzFinding: return 5;
    case FindingKind::kNewFailNthFinding: return 6;
    default: return 7;
  }
}

}  // namespace

std::string DescribeReplay(const FuzzReplay& replay) {
  if (replay.error) return "did not deliver: " + FirstLine(replay.error->message);
  std::string of = replay.inputs >= 0 ? " of " + std::to_string(replay.inputs) : "";
  if (!replay.finding.empty()) {
    return "stopped at input " + std::to_string(replay.executed) + of + ": " + replay.finding;
  }
  if (!replay.finished) return "stopped early after " + std::to_string(replay.executed) + of;
  return std::to_string(replay.executed) + of + " inputs, clean";
}

std::string_view FindingKindName(FindingKind kind) {
  switch (kind) {
    case FindingKind::kNewFailure: return "new failure";
    case FindingKind::kNewDivergence: return "new divergence";
    case FindingKind::kNewSplat: return "new kernel splat";
    case FindingKind::kNoDelivery: return "patched guest did not deliver";
    case FindingKind::kNewFuzzFinding: return "new fuzz finding";
    case FindingKind::kNewFailNthFinding: return "new fail-nth finding";
    case FindingKind::kAbiBreak: return "uAPI break";
    case FindingKind::kUapiChange: return "uAPI change to review";
    case FindingKind::kChangedOutcome: return "changed outcome";
    case FindingKind::kFixed: return "fixed";
    case FindingKind::kBaseBroken: return "base broken";
  }
  return "new failure";
}

bool IsRegression(FindingKind kind) {
  switch (kind) {
    case FindingKind::kNewFailure:
    case FindingKind::kNewDivergence:
    case FindingKind::kNewSplat:
    case FindingKind::kNoDelivery:
    case FindingKind::kNewFuzzFinding:
    case FindingKind::kNewFailNthFinding:
    case FindingKind::kAbiBreak:
      return true;
    default:
      return false;
  }
}

std::vector<Finding> Compare(const GateSide& base, const GateSide& patched, const AbiDelta& abi) {
  std::vector<Finding> out;
  for (const KernelBuild& build : base.builds) {
    if (build.error) {
      out.push_back({FindingKind::kBaseBroken, build.arch, "", "",
                     "the base does not build for " + build.arch + ": " +
                         FirstLine(build.error->message),
                     build.error->message});
    }
  }
  for (const PlatformRun& after : patched.runs) {
    const PlatformRun* before = FindRun(base, after.config);
    const KernelBuild* base_build = FindBuild(base, after.config.arch);
    if (base_build && base_build->error) continue;  // reported once above
    if (!before) {
      out.push_back({FindingKind::kBaseBroken, after.config.arch, after.config.platform, "",
                     "no base run to compare with", ""});
      continue;
    }
    if (before->config.harness_error) {
      // Whatever the patched kernel does here cannot be told apart from the base's trouble.
      out.push_back({FindingKind::kBaseBroken, after.config.arch, after.config.platform, "",
                     "the base kernel did not deliver: " +
                         FirstLine(before->config.harness_error->message),
                     before->config.harness_error->message});
      continue;
    }
    CompareDelivery(after, out);
    CompareCases(*before, after, out);
    CompareDivergences(*before, after, out);
  }
  CompareReplays(base, patched, out);
  CompareWalks(base, patched, out);
  CompareAbi(abi, out);
  // Regressions first, the likeliest root causes (a uAPI break, a crash) before the case
  // failures and divergences they bring along.
  std::stable_sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
    return Rank(a.kind) < Rank(b.kind);
  });
  return out;
}

}  // namespace iommufd_conform::gate
