#include "harness/gate/changed_line_coverage.h"

namespace iommufd_conform::gate {
namespace {

template <typename Count>
int Sum(const std::vector<FileLineCoverage>& files, Count count) {
  int total = 0;
  for (const FileLineCoverage& file : files) total += count(file);
  return total;
}

}  // namespace

int ChangedLineCoverage::Changed() const {
  return Sum(files, [](const FileLineCoverage& f) { return f.changed; });
}
int ChangedLineCoverage::Executable() const {
  return Sum(files, [](const FileLineCoverage& f) { return f.Executable(); });
}
int ChangedLineCoverage::Executed() const {
  return Sum(files, [](const FileLineCoverage& f) { return static_cast<int>(f.executed.size()); });
}
int ChangedLineCoverage::NotExecuted() const {
  return Sum(files,
             [](const FileLineCoverage& f) { return static_cast<int>(f.not_executed.size()); });
}

std::vector<FileLineCoverage> IntersectCoverage(const std::vector<ChangedFile>& changed,
                                                const CoverageMap& measured) {
  std::vector<FileLineCoverage> out;
  for (const ChangedFile& file : changed) {
    FileLineCoverage entry{.file = file.path, .changed = static_cast<int>(file.lines.size())};
    const std::map<int, uint64_t>* counts = measured.Lines(file.path);
    entry.profiled = counts != nullptr;
    if (counts) {
      for (const auto& [line, text] : file.lines) {
        auto found = counts->find(line);
        if (found == counts->end()) continue;  // not executable
        if (found->second > 0) {
          entry.executed.push_back(line);
        } else {
          entry.not_executed.push_back({line, text});
        }
      }
    }
    out.push_back(std::move(entry));
  }
  return out;
}

std::string DescribeCoverage(const ChangedLineCoverage& coverage) {
  using State = ChangedLineCoverage::State;
  switch (coverage.state) {
    case State::kSkipped: return "skipped (" + coverage.note + ")";
    case State::kNoChange: return "nothing to measure: " + coverage.note;
    case State::kFailed: return "not measured: " + coverage.note;
    case State::kMeasured: break;
  }
  int profiled = 0;
  for (const FileLineCoverage& file : coverage.files) profiled += file.profiled ? 1 : 0;
  std::string text = std::to_string(coverage.Executed()) + " of " +
                     std::to_string(coverage.Executable()) + " changed executable line(s) ran (" +
                     std::to_string(coverage.Changed()) + " changed line(s) in " +
                     std::to_string(coverage.files.size()) + " file(s)";
  if (profiled < static_cast<int>(coverage.files.size())) {
    text += ", " + std::to_string(coverage.files.size() - profiled) + " without gcov data";
  }
  text += ")";
  if (coverage.NotExecuted() > 0) {
    text += "; " + std::to_string(coverage.NotExecuted()) + " ran in no case";
  }
  return text;
}

}  // namespace iommufd_conform::gate
