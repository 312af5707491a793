#include "harness/fuzz/finding_recorder.h"

#include <fstream>

namespace iommufd_conform {
namespace {

constexpr std::string_view kSignature = "diff_fuzzer: finding-signature ";
constexpr std::string_view kDivergence = "diff_fuzzer: the model diverged";
constexpr std::string_view kSplat = "diff_fuzzer: the kernel splatted";
constexpr std::string_view kWritten = "Test unit written to ";
// Printed by either target (finding_case.h): "<target>: shrunk-input <hex>", "<target>: case| ".
constexpr std::string_view kShrunkInput = "shrunk-input ";
constexpr std::string_view kCaseLine = "case| ";

// The rest of `line` after "diff_fuzzer: " or "model_fuzzer: " and `tag`, if it has them.
std::optional<std::string_view> AfterTag(std::string_view line, std::string_view tag) {
  for (std::string_view target : {"diff_fuzzer: ", "model_fuzzer: "}) {
    if (line.starts_with(target) && line.substr(target.size()).starts_with(tag)) {
      return line.substr(target.size() + tag.size());
    }
  }
  return std::nullopt;
}

std::vector<uint8_t> FromHex(std::string_view hex) {
  std::vector<uint8_t> bytes;
  for (size_t at = 0; at + 1 < hex.size(); at += 2) {
    bytes.push_back(static_cast<uint8_t>(std::stoi(std::string(hex.substr(at, 2)), nullptr, 16)));
  }
  return bytes;
}

bool WriteFile(const std::filesystem::path& path, std::string_view text) {
  std::ofstream file(path, std::ios::binary);
  file << text;
  return static_cast<bool>(file);
}

}  // namespace

void FindingRecorder::Feed(std::string_view line) {
  if (line.starts_with(kSignature)) {
    finding_.signature = line.substr(kSignature.size());
    return;
  }
  if (auto hex = AfterTag(line, kShrunkInput)) {
    finding_.shrunk_input = FromHex(*hex);
    return;
  }
  if (auto case_line = AfterTag(line, kCaseLine)) {
    finding_.test_case += std::string(*case_line) + "\n";
    return;
  }
  if (line.starts_with(kDivergence) || line.starts_with(kSplat)) in_report_ = true;
  if (in_report_) {
    finding_.report += std::string(line) + "\n";
    if (line.starts_with("steps:")) in_report_ = false;
    return;
  }
  if (size_t at = line.find(kWritten); at != std::string_view::npos) {
    std::string_view path = line.substr(at + kWritten.size());
    size_t slash = path.rfind('/');
    finding_.artifact = path.substr(slash == std::string_view::npos ? 0 : slash + 1);
  }
}

std::optional<VmFinding> FindingRecorder::Finding() const {
  if (finding_.artifact.empty()) return std::nullopt;
  return finding_;
}

std::set<std::string> ReadKnownSignatures(const std::filesystem::path& path) {
  std::set<std::string> known;
  std::ifstream file(path);
  for (std::string line; std::getline(file, line);) {
    if (!line.empty()) known.insert(line);
  }
  return known;
}

bool RecordFinding(const VmFinding& finding, const std::filesystem::path& known,
                   const std::filesystem::path& findings) {
  // A finding without a signature (a crash of the target itself) is kept, not deduplicated.
  if (!finding.signature.empty() && !ReadKnownSignatures(known).contains(finding.signature)) {
    std::ofstream known_file(known, std::ios::app);
    known_file << finding.signature << '\n';
    if (!known_file) return false;
  }
  if (!WriteFile(findings / (finding.artifact + ".txt"),
                 "signature: " + finding.signature + "\n" + finding.report)) {
    return false;
  }
  return WriteShrunkCase(finding, findings / finding.artifact);
}

bool WriteShrunkCase(const VmFinding& finding, const std::filesystem::path& base) {
  if (finding.test_case.empty()) return true;
  std::string input(finding.shrunk_input.begin(), finding.shrunk_input.end());
  return WriteFile(base.string() + ".shrunk", input) &&
         WriteFile(base.string() + "_test.cc", finding.test_case);
}

}  // namespace iommufd_conform
