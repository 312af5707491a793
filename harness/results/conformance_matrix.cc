#include "harness/results/conformance_matrix.h"

#include <algorithm>
#include <filesystem>
#include <map>

namespace iommufd_conform {
namespace {

constexpr std::array<std::string_view, kVerdictCount> kVerdictNames = {
    "pass", "expected divergence", "unverified", "skip", "FAIL",
    "expected failure (kernel bug)", "XPASS (kernel bug not seen: fixed?)"};
constexpr std::array<std::string_view, kVerdictCount> kVerdictShort = {
    "pass", "exp", "unverified", "skip", "FAIL", "xfail", "XPASS"};

std::string UnverifiedReason(const CaseResult& result) {
  const DiffCounts& diff = *result.diff;
  std::string reason = std::to_string(diff.Unverified()) + " of " + std::to_string(diff.calls) +
                       " calls not compared";
  if (!result.not_covered.empty()) reason += "; kernel only: " + result.not_covered;
  if (!result.unverifiable.empty()) reason += "; unverifiable: " + result.unverifiable;
  return reason;
}

std::string ReasonOf(const CaseResult& result, Verdict verdict) {
  switch (verdict) {
    case Verdict::kExpectedDivergence: return result.expected_divergences;
    case Verdict::kUnverified: return UnverifiedReason(result);
    case Verdict::kXfail: return "[" + result.bug_id + "] " + result.message;
    case Verdict::kXpass:
      return "[" + result.bug_id + "] passed where reference/divergences.txt lists the bug";
    default: return result.message.empty() ? "(no message)" : result.message;
  }
}

}  // namespace

Verdict VerdictOf(const CaseResult& result) {
  switch (result.status) {
    case CaseStatus::kFailed: return Verdict::kFail;
    case CaseStatus::kSkipped: return Verdict::kSkip;
    case CaseStatus::kPassed: break;
  }
  if (result.bug_verdict == BugVerdict::kXfail) return Verdict::kXfail;
  if (result.bug_verdict == BugVerdict::kXpass) return Verdict::kXpass;
  if (result.Unverified()) return Verdict::kUnverified;
  if (!result.expected_divergences.empty()) return Verdict::kExpectedDivergence;
  return Verdict::kPass;
}

std::string_view VerdictName(Verdict verdict) { return kVerdictNames[static_cast<int>(verdict)]; }

std::string_view VerdictShort(Verdict verdict) { return kVerdictShort[static_cast<int>(verdict)]; }

std::string AreaOf(const CaseResult& result) {
  std::filesystem::path file(result.file);
  std::string stem = file.stem().string();
  if (stem.empty()) return "(unknown)";
  constexpr std::string_view kSuffix = "_test";
  if (stem.ends_with(kSuffix)) stem.resize(stem.size() - kSuffix.size());
  std::string dir = file.parent_path().filename().string();
  // ioas/ioas_map -> ioas/map: the folder already names the area's family.
  if (!dir.empty() && stem.starts_with(dir + "_")) stem = stem.substr(dir.size() + 1);
  return dir.empty() ? stem : dir + "/" + stem;
}

std::string Tally::Text() const {
  std::string text;
  for (int i = 0; i < kVerdictCount; ++i) {
    if (!counts[i]) continue;
    if (!text.empty()) text += " · ";
    text += std::to_string(counts[i]) + " " + std::string(kVerdictShort[i]);
  }
  return text.empty() ? "–" : text;
}

std::vector<MatrixGroup> BuildMatrix(const std::vector<ConfigResult>& configs) {
  std::vector<MatrixGroup> groups;
  for (const ConfigResult& config : configs) {
    std::string title = config.target + ", kernel " + config.kernel;
    auto it = std::find_if(groups.begin(), groups.end(),
                           [&](const MatrixGroup& group) { return group.title == title; });
    if (it == groups.end()) it = groups.insert(groups.end(), MatrixGroup{title, {}, {}});
    it->configs.push_back(&config);
  }
  for (MatrixGroup& group : groups) {
    std::map<std::string, std::vector<Tally>> rows;
    for (size_t i = 0; i < group.configs.size(); ++i) {
      for (const CaseResult& result : group.configs[i]->cases) {
        auto& row = rows[AreaOf(result)];
        row.resize(group.configs.size());
        row[i].Add(VerdictOf(result));
      }
    }
    for (auto& [area, tallies] : rows) {
      tallies.resize(group.configs.size());
      group.rows.push_back({area, std::move(tallies)});
    }
  }
  return groups;
}

std::vector<NonPass> NonPasses(const ConfigResult& config) {
  std::vector<NonPass> found;
  for (const CaseResult& result : config.cases) {
    Verdict verdict = VerdictOf(result);
    if (verdict == Verdict::kPass) continue;
    found.push_back({&result, verdict, AreaOf(result), ReasonOf(result, verdict)});
  }
  return found;
}

}  // namespace iommufd_conform
