#include "fuzz/sequence/finding_signature.h"

#include <cctype>

namespace iommufd_conform::fuzz {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

// "ok(ret=3)" -> "ok": a successful call's return value is not what makes a finding.
std::string Answer(std::string_view value) {
  value = Trim(value);
  if (value.starts_with("ok(")) return "ok";
  return std::string(value);
}

// "allowed_iovas[1].last (region byte 24)" -> "allowed_iovas[].last";
// "read byte 12" -> "read byte".
std::string Place(std::string_view where) {
  if (size_t paren = where.find(" ("); paren != std::string_view::npos) {
    where = where.substr(0, paren);
  }
  std::string place;
  bool in_index = false;
  for (char c : where) {
    if (c == '[') in_index = true;
    if (c == ']') in_index = false;
    if (in_index && c != '[') continue;
    place += c;
  }
  while (!place.empty() && (std::isdigit(static_cast<unsigned char>(place.back())) ||
                            place.back() == ' ')) {
    place.pop_back();
  }
  return place;
}

}  // namespace

std::string FindingSignature(std::string_view report) {
  size_t end_of_first = report.find('\n');
  std::string_view first = report.substr(0, end_of_first);
  std::string call(first.substr(0, first.find(' ')));
  constexpr std::string_view kLabel = "first difference: ";
  size_t at = report.find(kLabel);
  if (at == std::string_view::npos || call.empty()) return "";
  std::string_view line = report.substr(at + kLabel.size());
  line = line.substr(0, line.find('\n'));
  // "<where>: kernel <k>, model <m>"; <where> may itself hold ": " only in its note part.
  size_t kernel = line.find(": kernel ");
  size_t model = line.rfind(", model ");
  if (kernel == std::string_view::npos || model == std::string_view::npos || model < kernel) {
    return "";
  }
  std::string_view where = line.substr(0, kernel);
  if (where == "result") {
    return call + " result: kernel " +
           Answer(line.substr(kernel + 9, model - kernel - 9)) + ", model " +
           Answer(line.substr(model + 8));
  }
  return call + " " + Place(where);
}

}  // namespace iommufd_conform::fuzz
