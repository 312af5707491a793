#include "harness/coverage/coverage_map.h"

namespace iommufd_conform {

std::string TreeRelativePath(std::string_view path) {
  constexpr std::string_view kDrivers = "drivers/";
  if (path.substr(0, kDrivers.size()) == kDrivers) return std::string(path);
  size_t at = path.find("/" + std::string(kDrivers));
  if (at == std::string_view::npos) return std::string(path);
  return std::string(path.substr(at + 1));
}

FileStats& FileStats::operator+=(const FileStats& other) {
  lines += other.lines;
  lines_hit += other.lines_hit;
  functions += other.functions;
  functions_hit += other.functions_hit;
  return *this;
}

double Percent(int hit, int total) { return total == 0 ? 0.0 : 100.0 * hit / total; }

void CoverageMap::Add(const SourceCoverage& source) {
  std::string name = TreeRelativePath(source.file);
  SourceCoverage& into = files_[name];
  into.file = name;
  for (const auto& [line, count] : source.lines) into.lines[line] += count;
  for (const auto& [function, entry] : source.functions) {
    FunctionCount& total = into.functions[function];
    total.start_line = entry.start_line;
    total.end_line = entry.end_line;
    total.count += entry.count;
  }
}

void CoverageMap::Merge(const CoverageMap& other) {
  for (const auto& [ignored, source] : other.files_) Add(source);
}

FileStats CoverageMap::Stats(const std::string& file) const {
  FileStats stats;
  auto found = files_.find(file);
  if (found == files_.end()) return stats;
  for (const auto& [line, count] : found->second.lines) {
    ++stats.lines;
    if (count > 0) ++stats.lines_hit;
  }
  for (const auto& [name, entry] : found->second.functions) {
    ++stats.functions;
    if (entry.count > 0) ++stats.functions_hit;
  }
  return stats;
}

std::vector<std::string> CoverageMap::Files() const {
  std::vector<std::string> names;
  for (const auto& [name, ignored] : files_) names.push_back(name);
  return names;
}

const std::map<std::string, FunctionCount>* CoverageMap::Functions(const std::string& file) const {
  auto found = files_.find(file);
  return found == files_.end() ? nullptr : &found->second.functions;
}

const std::map<int, uint64_t>* CoverageMap::Lines(const std::string& file) const {
  auto found = files_.find(file);
  return found == files_.end() ? nullptr : &found->second.lines;
}

}  // namespace iommufd_conform
