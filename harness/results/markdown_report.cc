#include "harness/results/markdown_report.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>

namespace iommufd_conform {
namespace {

// How one case ended, as the report counts it. A passing case whose differential run
// needed a manifest entry is not a plain pass, and one with calls that were neither compared
// nor accepted (only the kernel ran them, or the states were apart) is not verified at all.
enum class Verdict { kPass, kExpectedDivergence, kUnverified, kSkip, kFail };

Verdict VerdictOf(const CaseResult& result) {
  switch (result.status) {
    case CaseStatus::kFailed: return Verdict::kFail;
    case CaseStatus::kSkipped: return Verdict::kSkip;
    case CaseStatus::kPassed: break;
  }
  if (result.Unverified()) return Verdict::kUnverified;
  if (!result.expected_divergences.empty()) return Verdict::kExpectedDivergence;
  return Verdict::kPass;
}

constexpr const char* kVerdictNames[] = {"pass", "expected divergence", "unverified", "skip",
                                         "FAIL"};
constexpr const char* kVerdictShort[] = {"pass", "exp", "unverified", "skip", "FAIL"};

struct Tally {
  int counts[5] = {};
  void Add(Verdict verdict) { ++counts[static_cast<int>(verdict)]; }
  std::string Cell() const {
    std::string cell;
    for (int i = 0; i < 5; ++i) {
      if (!counts[i]) continue;
      if (!cell.empty()) cell += " · ";
      cell += std::to_string(counts[i]) + " " + kVerdictShort[i];
    }
    return cell.empty() ? "–" : cell;
  }
};

// Table cells must stay on one line and must not end the cell early.
std::string CellText(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  std::string escaped;
  for (char c : text) {
    if (c == '|') escaped += '\\';
    escaped += c;
  }
  constexpr size_t kLimit = 300;
  if (escaped.size() > kLimit) escaped = escaped.substr(0, kLimit) + " …";
  return escaped;
}

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
    default: return result.message.empty() ? "(no message)" : result.message;
  }
}

void AppendGroup(const std::string& title, const std::vector<const ConfigResult*>& group,
                 std::string& out) {
  out += "## " + title + "\n\n";
  std::map<std::string, std::vector<Tally>> rows;  // area -> one tally per configuration
  for (size_t i = 0; i < group.size(); ++i) {
    for (const CaseResult& result : group[i]->cases) {
      auto& row = rows[AreaOf(result)];
      row.resize(group.size());
      row[i].Add(VerdictOf(result));
    }
  }
  out += "| area |";
  for (const ConfigResult* config : group) out += " " + config->arch + " " + config->platform + " |";
  out += "\n|---|";
  for (size_t i = 0; i < group.size(); ++i) out += "---|";
  out += "\n";
  for (auto& [area, tallies] : rows) {
    tallies.resize(group.size());
    out += "| " + area + " |";
    for (const Tally& tally : tallies) out += " " + tally.Cell() + " |";
    out += "\n";
  }
  out += "| **configuration** |";
  for (const ConfigResult* config : group) {
    out += config->harness_error ? " **harness error** |" : " ok |";
  }
  out += "\n\n";

  for (const ConfigResult* config : group) {
    std::string details;
    if (config->harness_error) {
      details += "- **harness error**: " + CellText(config->harness_error->message) + "\n";
    }
    for (const CaseResult& result : config->cases) {
      Verdict verdict = VerdictOf(result);
      if (verdict == Verdict::kPass) continue;
      details += "- " + std::string(kVerdictNames[static_cast<int>(verdict)]) + ": `" +
                 result.suite + "." + result.name + "` (" + AreaOf(result) +
                 "): " + CellText(ReasonOf(result, verdict)) + "\n";
    }
    if (details.empty()) continue;
    out += "### " + config->Name() + ": every case that did not plainly pass\n\n" + details + "\n";
  }
}

}  // namespace

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

std::string FormatMarkdownReport(const std::vector<ConfigResult>& configs) {
  std::string out = "# iommufd conformance report\n\n";
  out += "Cells count cases per uAPI area (one suite source file each): pass; exp = passed with "
         "a divergence the manifest (reference/divergences.txt) accepts; unverified = no "
         "assertion failed, but some calls were not compared (they ran on the kernel only, "
         "or the two states were already apart), so the case proves nothing about them; "
         "skip = a stated precondition was missing; FAIL.\n\n";
  // One matrix per target and kernel, with the platforms as columns, in run order.
  std::vector<std::pair<std::string, std::vector<const ConfigResult*>>> groups;
  for (const ConfigResult& config : configs) {
    std::string title = config.target + ", kernel " + config.kernel;
    auto it = std::find_if(groups.begin(), groups.end(),
                           [&](const auto& group) { return group.first == title; });
    if (it == groups.end()) {
      groups.push_back({title, {}});
      it = std::prev(groups.end());
    }
    it->second.push_back(&config);
  }
  for (const auto& [title, group] : groups) AppendGroup(title, group, out);
  return out;
}

HarnessStatus WriteMarkdownReport(const std::vector<ConfigResult>& configs,
                                  const std::filesystem::path& file) {
  std::ofstream out(file);
  out << FormatMarkdownReport(configs);
  out.close();
  if (!out) return MakeError(HarnessErrorKind::kIo, "cannot write " + file.string());
  return Done{};
}

}  // namespace iommufd_conform
