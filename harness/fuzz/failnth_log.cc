#include "harness/fuzz/failnth_log.h"

#include <cctype>
#include <nlohmann/json.hpp>
#include <regex>

namespace iommufd_conform {
namespace {

constexpr std::string_view kFinding = "failnth-finding ";
constexpr std::string_view kAbsorbed = "failnth-absorbed ";
constexpr std::string_view kSplat = "failnth-splat ";
constexpr std::string_view kSummary = "failnth-summary ";
constexpr std::string_view kCleanRun = "failnth: clean run of ";

// "SEQ: fault at call K (CALL) n=N, divergence at X" without " n=N".
std::string FindingSignature(std::string_view header) {
  static const std::regex kNth(R"( n=\d+,)");
  return std::regex_replace(std::string(header), kNth, ",");
}

// "SEQ call K n N: WARNING: CPU: 1 PID: 80 at pages.c:12 f+0x1/0x2": the fault site's
// number, addresses and counters differ between kernels, the sequence, call and text do not.
std::string SplatSignature(std::string_view splat) {
  static const std::regex kNth(R"(^(\S+ call \d+) n \d+:)");
  // The guest's console interleaves the kernel's own messages into our lines.
  static const std::regex kInterleaved(R"(\[\s*\d+\.\d+\].*$)");
  static const std::regex kHex(R"(0x[0-9a-fA-F]+)");
  static const std::regex kNumber(R"(\d+)");
  std::string text = std::regex_replace(std::string(splat), kInterleaved, "");
  text = std::regex_replace(text, kNth, "$1:");
  size_t colon = text.find(':');
  std::string head = text.substr(0, colon);
  std::string tail = colon == std::string::npos ? "" : text.substr(colon);
  tail = std::regex_replace(std::regex_replace(tail, kHex, "0x_"), kNumber, "_");
  return head + tail;
}

// "failnth: SEQ: CALL ERRNO xN": the key and the count, or a count of -1.
int ErrnoLine(std::string_view line, std::string& key) {
  constexpr std::string_view kPrefix = "failnth: ";
  if (!line.starts_with(kPrefix)) return -1;
  size_t times = line.rfind(" x");
  if (times == std::string_view::npos || times + 2 >= line.size()) return -1;
  std::string_view count = line.substr(times + 2);
  for (char c : count) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return -1;
  }
  key = std::string(line.substr(kPrefix.size(), times - kPrefix.size()));
  if (key.find(": ") == std::string::npos) return -1;
  return std::stoi(std::string(count));
}

void ReadSummary(std::string_view json_text, FailNthLog& log) {
  auto json = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.contains("sequences")) return;
  log.finished = true;
  for (const auto& sequence : json["sequences"]) {
    log.runs += sequence.value("runs", 0);
    log.fault_sites += sequence.value("fault_sites", 0);
  }
}

}  // namespace

FailNthLog ParseFailNthLog(const std::vector<std::string>& console_lines) {
  FailNthLog log;
  FailNthIssue* block = nullptr;  // the finding whose lines are being read
  bool in_absorbed = false;
  for (const std::string& text : console_lines) {
    std::string_view line = text;
    if (line == "failnth-finding-end") {
      block = nullptr;
    } else if (line == "failnth-absorbed-end") {
      in_absorbed = false;
    } else if (block) {
      block->evidence += "\n" + text;
    } else if (in_absorbed) {
      continue;
    } else if (line.starts_with(kFinding)) {
      std::string header(line.substr(kFinding.size()));
      log.findings.push_back({FindingSignature(header), header});
      block = &log.findings.back();
    } else if (line.starts_with(kAbsorbed)) {
      ++log.absorbed;
      in_absorbed = true;
    } else if (line.starts_with(kSplat)) {
      std::string splat(line.substr(kSplat.size()));
      log.splats.push_back({SplatSignature(splat), splat});
    } else if (line.starts_with(kSummary)) {
      ReadSummary(line.substr(kSummary.size()), log);
    } else if (line.starts_with(kCleanRun)) {
      std::string failure(line.substr(kCleanRun.size()));
      log.clean_failures.push_back({failure, failure});
    } else if (line.starts_with("failnth: kernel ")) {
      log.started = true;
    } else if (line.starts_with("failnth: cannot ")) {
      log.cannot_run = std::string(line.substr(9));
    } else if (line.starts_with("failnth: run ")) {
      log.last_run = std::string(line.substr(9));
    } else {
      std::string key;
      if (int count = ErrnoLine(line, key); count >= 0) log.errnos_by_call[key] += count;
    }
  }
  return log;
}

std::string DescribeFailNthLog(const FailNthLog& log) {
  if (!log.cannot_run.empty()) return "could not run: " + log.cannot_run;
  if (!log.started) return "did not start";
  std::string issues;
  auto add = [&issues](size_t count, const char* what) {
    if (count == 0) return;
    issues += (issues.empty() ? "" : ", ") + std::to_string(count) + " " + what;
  };
  add(log.findings.size(), "finding(s)");
  add(log.splats.size(), "splat(s)");
  add(log.clean_failures.size(), "call(s) failing in the clean run");
  if (!log.finished) {
    return "did not finish (last: " + log.last_run + ")" + (issues.empty() ? "" : ": " + issues);
  }
  return std::to_string(log.runs) + " runs over " + std::to_string(log.fault_sites) +
         " fault sites, " + (issues.empty() ? "clean" : issues);
}

}  // namespace iommufd_conform
