#include "harness/gate/changed_lines.h"

#include <charconv>
#include <optional>

namespace iommufd_conform::gate {
namespace {

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// "12" or "12,3" -> {12, 3}; a missing count means 1 (git's shorthand for one-line ranges).
std::optional<std::pair<int, int>> Range(std::string_view text) {
  int start = 0, count = 1;
  size_t comma = text.find(',');
  std::string_view first = text.substr(0, comma);
  if (std::from_chars(first.data(), first.data() + first.size(), start).ec != std::errc{}) {
    return std::nullopt;
  }
  if (comma != std::string_view::npos) {
    std::string_view second = text.substr(comma + 1);
    if (std::from_chars(second.data(), second.data() + second.size(), count).ec != std::errc{}) {
      return std::nullopt;
    }
  }
  return std::pair{start, count};
}

struct Hunk {
  int new_line = 0;       // the patched line number of the next ' ' or '+' line
  int old_left = 0;       // ' ' and '-' lines still to come
  int new_left = 0;       // ' ' and '+' lines still to come
};

// "@@ -10,7 +10,6 @@ optional function name"
std::optional<Hunk> HunkHeader(std::string_view line) {
  size_t minus = line.find(" -");
  size_t plus = line.find(" +", minus == std::string_view::npos ? 0 : minus + 2);
  if (minus == std::string_view::npos || plus == std::string_view::npos) return std::nullopt;
  size_t end = line.find(' ', plus + 2);
  auto old_range = Range(line.substr(minus + 2, plus - minus - 2));
  auto new_range = Range(line.substr(plus + 2, end == std::string_view::npos ? end : end - plus - 2));
  if (!old_range || !new_range) return std::nullopt;
  return Hunk{new_range->first, old_range->second, new_range->second};
}

// "b/drivers/x.c" -> "drivers/x.c"; "/dev/null" -> "".
std::string PathAfterPrefix(std::string_view path) {
  if (path == "/dev/null") return "";
  size_t slash = path.find('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

}  // namespace

std::vector<ChangedFile> ParseChangedLines(std::string_view diff) {
  std::vector<ChangedFile> files;
  ChangedFile current;
  Hunk hunk;
  auto flush = [&] {
    if (!current.path.empty() && !current.lines.empty()) files.push_back(std::move(current));
    current = {};
  };
  while (!diff.empty()) {
    size_t end = diff.find('\n');
    std::string_view line = diff.substr(0, end);
    diff = end == std::string_view::npos ? std::string_view() : diff.substr(end + 1);
    if (hunk.old_left > 0 || hunk.new_left > 0) {
      // Inside a hunk every line is content, even one that looks like a header.
      char kind = line.empty() ? ' ' : line.front();
      if (kind == '+') {
        current.lines[hunk.new_line++] = std::string(line.substr(1));
        --hunk.new_left;
      } else if (kind == '-') {
        --hunk.old_left;
      } else if (kind == ' ') {
        ++hunk.new_line;
        --hunk.old_left;
        --hunk.new_left;
      }  // '\': "\ No newline at end of file" belongs to the line before.
      continue;
    }
    if (StartsWith(line, "diff --git ")) {
      flush();
      // "diff --git a/X b/Y": Y until "+++" or "rename to" says otherwise.
      size_t b = line.rfind(" b/");
      if (b != std::string_view::npos) current.path = std::string(line.substr(b + 3));
    } else if (StartsWith(line, "+++ ")) {
      current.path = PathAfterPrefix(line.substr(4));
    } else if (StartsWith(line, "rename to ")) {
      current.path = std::string(line.substr(10));
    } else if (StartsWith(line, "@@ ")) {
      if (auto header = HunkHeader(line)) hunk = *header;
    }
  }
  flush();
  return files;
}

std::vector<ChangedFile> UnderDriversIommu(std::vector<ChangedFile> files) {
  std::vector<ChangedFile> kept;
  for (ChangedFile& file : files) {
    const std::string& path = file.path;
    bool source = path.ends_with(".c") || path.ends_with(".h");
    if (StartsWith(path, "drivers/iommu/") && source) kept.push_back(std::move(file));
  }
  return kept;
}

}  // namespace iommufd_conform::gate
