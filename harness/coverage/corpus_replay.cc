#include "harness/coverage/corpus_replay.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "harness/fuzz/libfuzzer_progress.h"

namespace iommufd_conform {
namespace {

std::string_view Trimmed(std::string_view line) {
  while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) {
    line.remove_suffix(1);
  }
  return line;
}

}  // namespace

CorpusReplay ParseCorpusReplay(const std::vector<std::string_view>& console_lines) {
  CorpusReplay replay;
  uint64_t runs = 0;  // libFuzzer's own count, the empty probe input included
  for (std::string_view raw : console_lines) {
    std::string_view line = Trimmed(raw);
    if (auto files = NumberAfter(line, "seed corpus: files:")) replay.inputs = static_cast<int>(*files);
    if (auto units = NumberAfter(line, "stat::number_of_executed_units:")) {
      runs = *units;
      replay.exact = true;
    } else if (auto done = NumberAfter(line, "Done ");
               done && line.find(" runs in ") != std::string_view::npos) {
      runs = *done;
      replay.finished = true;
    } else if (!replay.exact && line.starts_with('#')) {
      // "#512	pulse ...", "#542	INITED ...": a lower bound when the stats never came.
      if (auto progress = NumberAfter(line, "#")) runs = std::max(runs, *progress);
    }
    constexpr std::string_view kSignature = "diff_fuzzer: finding-signature ";
    if (size_t at = line.find(kSignature); at != std::string_view::npos) {
      replay.finding = std::string(line.substr(at + kSignature.size()));
    }
  }
  replay.executed = runs > 0 ? static_cast<int>(runs - 1) : 0;
  return replay;
}

std::string DescribeCorpusReplay(const CorpusReplay& replay) {
  std::string of = replay.inputs >= 0 ? " of " + std::to_string(replay.inputs) : "";
  if (replay.finished) return std::to_string(replay.executed) + of + " inputs replayed";
  if (!replay.exact) {
    return "replay stopped early, after at least " + std::to_string(replay.executed) + of +
           " inputs (libFuzzer printed no final stats: see console.log)";
  }
  std::string text = "replay stopped early at input " + std::to_string(replay.executed) + of;
  if (!replay.finding.empty()) return text + " (finding: " + replay.finding + ")";
  return text + " (see console.log)";
}

std::string CorpusName(const std::filesystem::path& folder) {
  std::filesystem::path path = folder.lexically_normal();
  if (!path.has_filename()) path = path.parent_path();
  if (path.filename() == "corpus" && path.has_parent_path() &&
      !path.parent_path().filename().empty()) {
    return (path.parent_path().filename() / path.filename()).string();
  }
  return path.filename().string();
}

}  // namespace iommufd_conform
