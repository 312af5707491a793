#include "harness/fuzz/finding_recorder.h"

#include <fstream>

namespace iommufd_conform {
namespace {

constexpr std::string_view kSignature = "diff_fuzzer: finding-signature ";
constexpr std::string_view kDivergence = "diff_fuzzer: the model diverged";
constexpr std::string_view kSplat = "diff_fuzzer: the kernel splatted";
constexpr std::string_view kWritten = "Test unit written to ";

}  // namespace

void FindingRecorder::Feed(std::string_view line) {
  if (line.starts_with(kSignature)) {
    finding_.signature = line.substr(kSignature.size());
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
  std::ofstream text(findings / (finding.artifact + ".txt"));
  text << "signature: " << finding.signature << '\n' << finding.report;
  return static_cast<bool>(text);
}

}  // namespace iommufd_conform
