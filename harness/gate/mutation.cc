#include "harness/gate/mutation.h"

#include <algorithm>
#include <sstream>

#include "harness/kernel/sha256.h"

namespace iommufd_conform::gate {
namespace {

constexpr std::string_view kDivergenceFailure = "the model diverged from the kernel";
constexpr size_t kEvidenceShown = 3;

constexpr MutantFate kFates[] = {MutantFate::kKilled, MutantFate::kSurvived,
                                 MutantFate::kDoesNotApply, MutantFate::kDoesNotBuild,
                                 MutantFate::kNotMeasured};
constexpr KillCheck kChecks[] = {KillCheck::kExpectation, KillCheck::kDivergence,
                                 KillCheck::kSplat, KillCheck::kNoDelivery,
                                 KillCheck::kFuzzReplay, KillCheck::kFailNth};

void AddCheck(std::vector<KillCheck>& checks, KillCheck check) {
  if (std::find(checks.begin(), checks.end(), check) == checks.end()) checks.push_back(check);
}

std::string FirstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

std::string Percent(int part, int whole) {
  if (whole == 0) return "n/a";
  std::ostringstream out;
  out.precision(1);
  out << std::fixed << 100.0 * part / whole << "%";
  return out.str();
}

// Table cells hold no '|' or newline.
std::string Cell(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  std::string out;
  for (char c : text) {
    if (c == '|') out += "\\";
    out += c;
  }
  return out;
}

std::string Checks(const MutantResult& result) {
  std::string out;
  for (KillCheck check : result.killed_by) {
    if (!out.empty()) out += ", ";
    out += KillCheckName(check);
  }
  return out;
}

bool Measured(const MutantResult& result) {
  return result.fate == MutantFate::kKilled || result.fate == MutantFate::kSurvived;
}

}  // namespace

std::string_view MutantFateName(MutantFate fate) {
  switch (fate) {
    case MutantFate::kKilled: return "killed";
    case MutantFate::kSurvived: return "survived";
    case MutantFate::kDoesNotApply: return "does not apply";
    case MutantFate::kDoesNotBuild: return "does not build";
    case MutantFate::kNotMeasured: return "not measured";
  }
  return "not measured";
}

std::string_view KillCheckName(KillCheck check) {
  switch (check) {
    case KillCheck::kExpectation: return "expectation";
    case KillCheck::kDivergence: return "divergence";
    case KillCheck::kSplat: return "splat";
    case KillCheck::kNoDelivery: return "no delivery";
    case KillCheck::kFuzzReplay: return "fuzz replay";
    case KillCheck::kFailNth: return "fail-nth";
  }
  return "expectation";
}

std::string MutantIdentity(const Mutant& mutant, const std::string& base_commit,
                           const std::vector<std::string>& platforms,
                           const std::string& binaries_sha256) {
  std::string text = "patch:" + Sha256Hex(mutant.patch) + " base:" + base_commit +
                     " binaries:" + binaries_sha256 + " platforms:";
  for (const std::string& platform : platforms) text += platform + ",";
  return Sha256Hex(text);
}

void ClassifyFindings(const std::vector<Finding>& findings, MutantResult& result) {
  for (const Finding& finding : findings) {
    std::string where = finding.arch + ":" + finding.platform;
    std::optional<KillCheck> check;
    switch (finding.kind) {
      case FindingKind::kNewFailure:
        check = finding.evidence.find(kDivergenceFailure) != std::string::npos
                    ? KillCheck::kDivergence
                    : KillCheck::kExpectation;
        break;
      case FindingKind::kNewDivergence: check = KillCheck::kDivergence; break;
      case FindingKind::kNewSplat: check = KillCheck::kSplat; break;
      case FindingKind::kNoDelivery: check = KillCheck::kNoDelivery; break;
      case FindingKind::kNewFuzzFinding: check = KillCheck::kFuzzReplay; break;
      case FindingKind::kNewFailNthFinding: check = KillCheck::kFailNth; break;
      case FindingKind::kBaseBroken:
        result.fate = MutantFate::kNotMeasured;
        result.note = "base broken on " + where + ": " + finding.detail;
        return;
      default: break;
    }
    if (!check) continue;
    AddCheck(result.killed_by, *check);
    std::string line = where + " " + std::string(KillCheckName(*check)) + ": ";
    if (!finding.test.empty()) line += finding.test + ": ";
    line += finding.detail;
    std::string first = FirstLine(finding.evidence);
    if (!first.empty()) line += " — " + first;
    result.evidence.push_back(line);
  }
  std::sort(result.killed_by.begin(), result.killed_by.end());
  result.fate = result.killed_by.empty() ? MutantFate::kSurvived : MutantFate::kKilled;
}

nlohmann::json MutantResultToJson(const MutantResult& result) {
  nlohmann::json checks = nlohmann::json::array();
  for (KillCheck check : result.killed_by) checks.push_back(KillCheckName(check));
  return {{"id", result.id},
          {"subject", result.subject},
          {"kind", result.kind},
          {"identity", result.identity},
          {"platforms", result.platforms},
          {"fate", MutantFateName(result.fate)},
          {"killed_by", checks},
          {"evidence", result.evidence},
          {"selftests_ran", result.selftests_ran},
          {"selftest_kills", result.selftest_kills},
          {"note", result.note},
          {"seconds", result.seconds},
          {"project_commit", result.project_commit}};
}

std::optional<MutantResult> MutantResultFromJson(const nlohmann::json& json) {
  try {
    MutantResult result;
    result.id = json.at("id").get<std::string>();
    result.subject = json.at("subject").get<std::string>();
    result.kind = json.at("kind").get<std::string>();
    result.identity = json.at("identity").get<std::string>();
    result.platforms = json.at("platforms").get<std::vector<std::string>>();
    std::string fate = json.at("fate").get<std::string>();
    auto found = std::find_if(std::begin(kFates), std::end(kFates),
                              [&](MutantFate f) { return MutantFateName(f) == fate; });
    if (found == std::end(kFates)) return std::nullopt;
    result.fate = *found;
    for (const auto& name : json.at("killed_by")) {
      auto check = std::find_if(std::begin(kChecks), std::end(kChecks),
                                [&](KillCheck c) { return KillCheckName(c) == name; });
      if (check == std::end(kChecks)) return std::nullopt;
      result.killed_by.push_back(*check);
    }
    result.evidence = json.at("evidence").get<std::vector<std::string>>();
    result.selftests_ran = json.at("selftests_ran").get<bool>();
    result.selftest_kills = json.at("selftest_kills").get<std::vector<std::string>>();
    result.note = json.at("note").get<std::string>();
    result.seconds = json.at("seconds").get<double>();
    result.project_commit = json.at("project_commit").get<std::string>();
    return result;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

std::map<std::string, std::string> ParseSurvivorNotes(std::string_view text) {
  std::map<std::string, std::string> notes;
  std::string current;
  std::istringstream lines{std::string(text)};
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line.front() == '#') continue;
    if (line.front() == ' ' || line.front() == '\t') {
      if (!current.empty()) {
        notes[current] += " " + line.substr(line.find_first_not_of(" \t"));
      }
      continue;
    }
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    current = line.substr(0, colon);
    std::string rest = line.substr(colon + 1);
    auto start = rest.find_first_not_of(' ');
    notes[current] = start == std::string::npos ? "" : rest.substr(start);
  }
  return notes;
}

std::vector<std::string> UnexplainedSurvivors(const MutationReport& report) {
  std::vector<std::string> ids;
  for (const MutantResult& result : report.results) {
    if (result.fate == MutantFate::kSurvived && !report.survivor_notes.contains(result.id)) {
      ids.push_back(result.id);
    }
  }
  return ids;
}

std::string FormatMutationReport(const MutationReport& report) {
  int measured = 0, killed = 0, selftests_measured = 0, selftests_killed = 0;
  int suite_only = 0;
  std::map<KillCheck, int> by_check;
  std::map<MutantFate, int> by_fate;
  for (const MutantResult& result : report.results) {
    ++by_fate[result.fate];
    if (!Measured(result)) continue;
    ++measured;
    if (result.fate == MutantFate::kKilled) ++killed;
    for (KillCheck check : result.killed_by) ++by_check[check];
    if (result.selftests_ran) {
      ++selftests_measured;
      if (!result.selftest_kills.empty()) ++selftests_killed;
      if (result.fate == MutantFate::kKilled && result.selftest_kills.empty()) ++suite_only;
    }
  }
  std::ostringstream out;
  std::map<std::string, int> by_commit;
  for (const MutantResult& result : report.results) {
    if (Measured(result)) ++by_commit[result.project_commit];
  }
  out << "# Mutation testing on " << report.kernel << "\n\n"
      << "Produced by `" << report.command << "` from project commit `" << report.project_commit
      << "`, written " << report.date << ".";
  if (by_commit.size() > 1 || (by_commit.size() == 1 &&
                               by_commit.begin()->first != report.project_commit)) {
    out << " The mutants were measured (results kept between runs) by the builds of";
    bool first_commit = true;
    for (const auto& [commit, count] : by_commit) {
      out << (first_commit ? " " : ", ") << "`" << commit << "` (" << count << ")";
      first_commit = false;
    }
    out << ".";
  }
  out << "\n\n"
      << "Each mutant (mutants/README.md) is applied to the base tree and the kernel rebuilt; "
         "the gate's checks run on it (the suite differentially on the mutant's platforms: "
         "its expectations on the kernel's answers, every answer compared with the model's, "
         "kernel splats, hangs) and are compared with the same checks on the base kernel; "
         "the fuzz corpus replay through the differential fuzzer, the slowest check per kill, "
         "runs on the mutants the suite let through, and the fail-nth walk (x86_64) on those "
         "the replay let through. "
         "The kernel's own iommufd selftests (`iommufd`, `iommufd_fail_nth`) run on the same "
         "mutated kernel for the side-by-side figure.\n\n"
      << "## Totals\n\n"
      << "| | mutants |\n|---|---|\n"
      << "| in the set | " << report.results.size() << " |\n"
      << "| measured | " << measured << " |\n";
  for (MutantFate fate : kFates) {
    out << "| " << MutantFateName(fate) << " | " << by_fate[fate] << " |\n";
  }
  out << "\n**Kill rate of the suite: " << killed << " of " << measured << " measured ("
      << Percent(killed, measured) << ").** The kernel's selftests on the mutants where they "
      << "ran: " << selftests_killed << " of " << selftests_measured << " ("
      << Percent(selftests_killed, selftests_measured) << "). Killed by the suite and not by "
      << "the selftests: " << suite_only << ".\n\n"
      << "Checks that fired (a mutant can be killed by several): ";
  bool first = true;
  for (KillCheck check : kChecks) {
    out << (first ? "" : ", ") << KillCheckName(check) << " " << by_check[check];
    first = false;
  }
  out << ".\n\n## Base\n\n";
  for (const std::string& line : report.base_lines) out << "- " << line << "\n";
  out << "\n## Per mutant\n\n"
      << "| mutant | the bug | platforms | suite | killed by | kernel selftests |\n"
      << "|---|---|---|---|---|---|\n";
  for (const MutantResult& result : report.results) {
    std::string platforms;
    for (const std::string& platform : result.platforms) {
      platforms += (platforms.empty() ? "" : " ") + platform;
    }
    std::string selftests = !result.selftests_ran          ? "not run"
                            : result.selftest_kills.empty() ? "survived"
                                                            : "killed";
    out << "| " << result.id << " | " << Cell(result.subject) << " | " << platforms << " | "
        << MutantFateName(result.fate) << " | " << Checks(result) << " | " << selftests
        << " |\n";
  }
  out << "\n## Survivors\n\n";
  bool any_survivor = false;
  for (const MutantResult& result : report.results) {
    if (result.fate != MutantFate::kSurvived) continue;
    any_survivor = true;
    auto note = report.survivor_notes.find(result.id);
    out << "- **" << result.id << "** (" << result.subject << "): "
        << (note == report.survivor_notes.end() ? "not yet examined." : note->second) << "\n";
  }
  if (!any_survivor) out << "None.\n";
  out << "\n## Not measured\n\n";
  bool any_unmeasured = false;
  for (const MutantResult& result : report.results) {
    if (Measured(result)) continue;
    any_unmeasured = true;
    out << "- " << result.id << ": " << MutantFateName(result.fate)
        << (result.note.empty() ? "" : " — " + FirstLine(result.note)) << "\n";
  }
  if (!any_unmeasured) out << "None.\n";
  out << "\n## Evidence\n\nThe first findings of the gate's checks behind each kill, and the "
         "selftests' failures.\n\n";
  for (const MutantResult& result : report.results) {
    if (result.evidence.empty() && result.selftest_kills.empty()) continue;
    out << "### " << result.id << "\n\n";
    for (size_t i = 0; i < result.evidence.size() && i < kEvidenceShown; ++i) {
      out << "- gate: " << Cell(result.evidence[i]) << "\n";
    }
    if (result.evidence.size() > kEvidenceShown) {
      out << "- gate: (" << result.evidence.size() - kEvidenceShown << " more)\n";
    }
    for (size_t i = 0; i < result.selftest_kills.size() && i < kEvidenceShown; ++i) {
      out << "- selftests: " << Cell(result.selftest_kills[i]) << "\n";
    }
    if (result.selftest_kills.size() > kEvidenceShown) {
      out << "- selftests: (" << result.selftest_kills.size() - kEvidenceShown << " more)\n";
    }
    out << "\n";
  }
  return out.str();
}

}  // namespace iommufd_conform::gate
