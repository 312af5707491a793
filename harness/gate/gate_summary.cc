#include "harness/gate/gate_summary.h"

#include <cstdio>
#include <sstream>

namespace iommufd_conform::gate {
namespace {

constexpr int kEvidenceLines = 12;
// A reply on a list stays readable: the first regressions in full, then one line each, then
// a count (gate.json and junit.xml have them all).
constexpr int kRegressionsWithEvidence = 5;
constexpr int kRegressionsListed = 20;
constexpr int kUnexecutedListed = 40;

std::string Where(const Finding& finding) {
  if (finding.arch.empty()) return "";
  return " on " + finding.arch + (finding.platform.empty() ? "" : ":" + finding.platform);
}

std::string Indented(const std::string& text, const std::string& prefix, int max_lines) {
  std::istringstream lines(text);
  std::string out;
  int count = 0;
  for (std::string line; std::getline(lines, line);) {
    if (count++ == max_lines) {
      out += prefix + "[...]\n";
      break;
    }
    out += prefix + line + "\n";
  }
  return out;
}

void Section(const GateReport& report, const std::string& title, bool regressions,
             std::string& out) {
  std::string body;
  int listed = 0, left_out = 0;
  for (const Finding& f : report.findings) {
    if (IsRegression(f.kind) != regressions) continue;
    if (listed == kRegressionsListed) {
      ++left_out;
      continue;
    }
    body += "  " + std::string(FindingKindName(f.kind)) + Where(f) + ": " +
            (f.test.empty() ? "" : f.test + ": ") + f.detail + "\n";
    if (regressions && listed++ < kRegressionsWithEvidence) {
      body += Indented(f.evidence, "      ", kEvidenceLines);
      std::string command = ReproduceCommand(report, f);
      if (!command.empty()) body += "    reproduce: " + command + "\n";
    }
  }
  if (left_out) {
    body += "  ... and " + std::to_string(left_out) + " more (all in gate.json and junit.xml)\n";
  }
  if (!body.empty()) out += "\n" + title + ":\n" + body;
}

std::string Counts(const ConfigResult& config) {
  char text[96];
  std::snprintf(text, sizeof(text), "%3d passed %3d failed %3d skipped",
                config.Count(CaseStatus::kPassed), config.Count(CaseStatus::kFailed),
                config.Count(CaseStatus::kSkipped));
  return text;
}

std::string BuildLine(const KernelBuild& build) {
  if (build.error) return build.arch + ": does not build";
  char seconds[32];
  std::snprintf(seconds, sizeof(seconds), "%.0f s", build.seconds);
  return build.arch + " " + build.release + " (" + seconds + ")";
}

std::string Kernels(const GateSide& side) {
  std::string text;
  for (const KernelBuild& build : side.builds) text += (text.empty() ? "" : "; ") + BuildLine(build);
  return text;
}

std::string Platforms(const GateReport& report) {
  std::string text;
  for (const PlatformRun& after : report.patched.runs) {
    const PlatformRun* before = nullptr;
    for (const PlatformRun& run : report.base.runs) {
      if (run.config.arch == after.config.arch && run.config.platform == after.config.platform) {
        before = &run;
      }
    }
    std::string name = after.config.arch + ":" + after.config.platform;
    char line[64];
    std::snprintf(line, sizeof(line), "  %-16s", name.c_str());
    text += line;
    text += " base " + (before ? Counts(before->config) : std::string("(no run)"));
    if (before && before->from_cache) text += " (cached)";
    if (before && before->config.harness_error) text += " [did not deliver]";
    text += " | patched " + Counts(after.config);
    if (after.config.harness_error) text += " [did not deliver]";
    text += "\n";
  }
  return text;
}

std::string Replays(const GateReport& report) {
  std::string text;
  for (const FuzzReplay& after : report.patched.replays) {
    std::string name = after.arch + ":" + after.platform;
    char line[64];
    std::snprintf(line, sizeof(line), "  %-16s", name.c_str());
    text += line;
    for (const FuzzReplay& before : report.base.replays) {
      if (before.arch == after.arch && before.platform == after.platform) {
        text += " base " + DescribeReplay(before) + " |";
      }
    }
    text += " patched " + DescribeReplay(after) + "\n";
  }
  return text;
}

std::string Walks(const GateReport& report) {
  std::string text;
  for (const FailNthWalk& after : report.patched.walks) {
    std::string name = after.arch + ":" + after.platform;
    char line[64];
    std::snprintf(line, sizeof(line), "  %-16s", name.c_str());
    text += line;
    for (const FailNthWalk& before : report.base.walks) {
      if (before.arch == after.arch && before.platform == after.platform) {
        text += " base " + before.outcome + (before.from_cache ? " (cached)" : "") + " |";
      }
    }
    text += " patched " + after.outcome + "\n";
  }
  return text;
}

std::string Uapi(const AbiDelta& abi) {
  if (!abi.checked) return "not checked: " + abi.not_checked_reason;
  if (abi.changed_headers.empty() && abi.breaks.empty() && abi.reviews.empty()) {
    return "no change";
  }
  return std::to_string(abi.changed_headers.size()) + " header(s) changed, " +
         std::to_string(abi.breaks.size()) + " break(s), " + std::to_string(abi.reviews.size()) +
         " compatible change(s)";
}

// The changed lines no case ran, each with its text: what a reviewer looks at first.
void UnexecutedLines(const ChangedLineCoverage& coverage, std::string& out) {
  if (coverage.state != ChangedLineCoverage::State::kMeasured || coverage.NotExecuted() == 0) {
    return;
  }
  out += "\nChanged lines no case executed (gcov; to review, not a regression):\n";
  int listed = 0;
  for (const FileLineCoverage& file : coverage.files) {
    if (file.not_executed.empty()) continue;
    if (listed == kUnexecutedListed) break;
    out += "  " + file.file + ":\n";
    for (const UnexecutedLine& line : file.not_executed) {
      if (listed++ == kUnexecutedListed) break;
      char number[16];
      std::snprintf(number, sizeof(number), "%6d", line.line);
      out += "    " + std::string(number) + ": " + line.text + "\n";
    }
  }
  if (coverage.NotExecuted() > kUnexecutedListed) {
    out += "  ... and " + std::to_string(coverage.NotExecuted() - kUnexecutedListed) +
           " more (all in gate.json)\n";
  }
}

std::string CoverageDetails(const ChangedLineCoverage& coverage) {
  std::string text = "Changed-line coverage (gcov kernel of the patched tree, the suite with "
                     "the kernel backend): " + DescribeCoverage(coverage) + "\n";
  if (coverage.state != ChangedLineCoverage::State::kMeasured) return text;
  for (const FileLineCoverage& file : coverage.files) {
    char line[160];
    if (file.profiled) {
      std::snprintf(line, sizeof(line), "  %-44s %3d changed, %3d executable, %3d ran\n",
                    file.file.c_str(), file.changed, file.Executable(),
                    static_cast<int>(file.executed.size()));
    } else {
      std::snprintf(line, sizeof(line), "  %-44s %3d changed, no gcov data (not profiled or "
                    "not built)\n", file.file.c_str(), file.changed);
    }
    text += line;
  }
  for (const std::string& run : coverage.runs) text += "  run " + run + "\n";
  return text;
}

}  // namespace

std::string FormatSummary(const GateReport& report) {
  std::string out = "iommufd-conform gate: " + report.verdict.headline + "\n";
  for (const Finding& f : report.findings) {
    if (!IsRegression(f.kind)) continue;
    // The first regression's reproducer right under the headline, for a quick reply.
    std::string command = ReproduceCommand(report, f);
    if (!command.empty()) out += "reproduce: " + command + "\n";
    break;
  }
  for (const KernelBuild& build : report.patched.builds) {
    if (build.error) {
      out += "\nThe patched tree does not build for " + build.arch + ":\n" +
             Indented(build.error->message, "  ", 40);
    }
  }
  Section(report, "Regressions", true, out);
  Section(report, "Also seen (not regressions)", false, out);
  UnexecutedLines(report.coverage, out);

  out += "\nTree:      " + report.tree + "\n";
  out += "Base:      " + report.base_commit + " (" + report.base_name + ")\n";
  out += "Patch:     " + report.patch_description + "\n";
  if (!report.patch_files.empty()) {
    std::string files;
    for (const std::string& file : report.patch_files) files += (files.empty() ? "" : ", ") + file;
    out += "Files:     " + files + "\n";
  }
  out += "Kernels:   base " + Kernels(report.base) + "\n";
  out += "           patched " + Kernels(report.patched) + "\n";
  out += "Suite, differential (kernel and model on every call), per platform:\n" +
         Platforms(report);
  if (!report.patched.replays.empty()) {
    out += "Fuzz corpus " + report.patched.replays.front().corpus +
           " replayed through the differential fuzzer:\n" + Replays(report);
  }
  if (!report.patched.walks.empty()) {
    out += "Fail-nth walk (fuzz/failnth: every fault site of every call failed in turn, each "
           "run differential):\n" + Walks(report);
  }
  out += "uAPI headers: " + Uapi(report.abi) + "\n";
  if (report.coverage.state != ChangedLineCoverage::State::kSkipped) {
    out += CoverageDetails(report.coverage);
  }
  if (!report.not_done.empty()) {
    out += "Not checked by this gate:\n";
    for (const std::string& item : report.not_done) out += "  - " + item + "\n";
  }
  char tail[96];
  std::snprintf(tail, sizeof(tail), "Gate took %.0f s; exit status %d.\n", report.seconds,
                report.exit_code);
  out += tail;
  return out;
}

}  // namespace iommufd_conform::gate
