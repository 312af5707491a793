#include "harness/fuzz/finding_recorder.h"

#include <fstream>

namespace iommufd_conform {
namespace {

constexpr std::string_view kSignature = "diff_fuzzer: finding-signature ";
constexpr std::string_view kDivergence = "diff_fuzzer: the model diverged";
constexpr std::string_view kSplat = "diff_fuzzer: the kernel splatted";
constexpr std::string_view kWritten = "Test unit written to ";
constexpr std::string_view kShrunkInput = "diff_fuzzer: shrunk-input ";
constexpr std::string_view kCaseLine = "diff_fuzzer: case| ";

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
  if (line.starts_with(kShrunkInput)) {
    finding_.shrunk_input = FromHex(line.substr(kShrunkInput.size()));
    return;
  }
  if (line.starts_with(kCaseLine)) {
    finding_.test_case += std::string(line.substr(kCaseLine.size())) + "\n";
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
  if (finding.test_case.empty()) return true;
  std::string input(finding.shrunk_input.begin(), finding.shrunk_input.end());
  return WriteFile(findings / (finding.artifact + ".shrunk"), input) &&
         WriteFile(findings / (finding.artifact + "_test.cc"), finding.test_case);
}

}  // namespace iommufd_conform
