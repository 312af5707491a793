#include "harness/gate/divergence_file.h"

#include <regex>
#include <sstream>
#include <string>

namespace iommufd_conform::gate {
namespace {

// A block header is unindented: "IoasMapTest.Fixed: unexpected (reason)".
const std::regex kHeader(R"(^(\S.*): (unexpected|expected|unverifiable|not covered)( \(.*\))?$)");
constexpr std::string_view kDiverged = " diverged";
constexpr std::string_view kFirstDifference = "  first difference: ";

// "out_ioas_id (byte 8): kernel 7, model 8" -> "out_ioas_id"; positions are not identity.
std::string FieldOf(std::string_view line) {
  std::string_view rest = line.substr(kFirstDifference.size());
  std::string_view where = rest.substr(0, rest.find(": kernel "));
  if (size_t paren = where.find(" ("); paren != std::string_view::npos) {
    where = where.substr(0, paren);
  }
  return std::string(where);
}

}  // namespace

std::vector<Divergence> ParseUnexpectedDivergences(std::string_view text) {
  std::vector<Divergence> found;
  bool in_unexpected = false;
  std::istringstream lines{std::string(text)};
  for (std::string line; std::getline(lines, line);) {
    std::smatch header;
    if (!line.empty() && line[0] != ' ' && std::regex_match(line, header, kHeader)) {
      in_unexpected = header[2] == "unexpected";
      if (in_unexpected) found.push_back({header[1], "", "", ""});
      continue;
    }
    if (!in_unexpected) continue;
    Divergence& current = found.back();
    current.report += line + "\n";
    if (current.call.empty()) {
      if (size_t at = line.find(kDiverged); at != std::string::npos && line[0] != ' ') {
        current.call = line.substr(0, at);
      }
    }
    if (current.field.empty() && line.starts_with(kFirstDifference)) current.field = FieldOf(line);
  }
  // A trailing blank line belongs to the separator, not to the report.
  for (Divergence& divergence : found) {
    while (divergence.report.ends_with("\n\n")) divergence.report.pop_back();
  }
  return found;
}

}  // namespace iommufd_conform::gate
