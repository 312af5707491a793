#include "harness/kernel/required_options.h"

#include "harness/kernel/text_file.h"

namespace iommufd_conform {
namespace {

constexpr std::string_view kPrefix = "CONFIG_";
constexpr std::string_view kIfDefined = "if-defined";

std::string Unquoted(std::string_view value) {
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    value = value.substr(1, value.size() - 2);
  }
  return std::string(value);
}

bool Satisfies(std::string_view wanted, std::string_view actual) {
  if (wanted == "n") return actual == "n";
  return wanted == actual;
}

}  // namespace

HarnessResult<std::vector<RequiredOption>> ParseRequiredOptions(std::string_view text,
                                                                std::string_view origin) {
  std::vector<RequiredOption> options;
  int line_number = 0;
  while (!text.empty()) {
    ++line_number;
    size_t end = text.find('\n');
    std::string_view line = Trim(text.substr(0, end));
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (line.empty() || line.front() == '#') continue;

    std::string where = std::string(origin) + ":" + std::to_string(line_number);
    RequiredOption option{.origin = where};
    if (size_t space = line.find_first_of(" \t"); space != std::string_view::npos) {
      if (Trim(line.substr(space)) != kIfDefined) {
        return MakeError(HarnessErrorKind::kUsage, where + ": expected CONFIG_NAME=VALUE [" +
                                                       std::string(kIfDefined) + "], got '" +
                                                       std::string(line) + "'");
      }
      option.only_if_defined = true;
      line = line.substr(0, space);
    }
    size_t equals = line.find('=');
    if (line.substr(0, kPrefix.size()) != kPrefix || equals == std::string_view::npos ||
        equals == kPrefix.size() || equals + 1 == line.size()) {
      return MakeError(HarnessErrorKind::kUsage,
                       where + ": expected CONFIG_NAME=VALUE, got '" + std::string(line) + "'");
    }
    option.name = line.substr(kPrefix.size(), equals - kPrefix.size());
    option.value = Unquoted(line.substr(equals + 1));
    options.push_back(std::move(option));
  }
  return options;
}

std::map<std::string, std::string> ParseConfigValues(std::string_view text) {
  constexpr std::string_view kNotSetHead = "# CONFIG_";
  constexpr std::string_view kNotSetTail = " is not set";
  std::map<std::string, std::string> values;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = Trim(text.substr(0, end));
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (line.substr(0, kPrefix.size()) == kPrefix) {
      size_t equals = line.find('=');
      if (equals == std::string_view::npos) continue;
      values[std::string(line.substr(kPrefix.size(), equals - kPrefix.size()))] =
          Unquoted(line.substr(equals + 1));
    } else if (line.substr(0, kNotSetHead.size()) == kNotSetHead &&
               line.size() > kNotSetTail.size() &&
               line.substr(line.size() - kNotSetTail.size()) == kNotSetTail) {
      values[std::string(line.substr(kNotSetHead.size(),
                                     line.size() - kNotSetHead.size() - kNotSetTail.size()))] = "n";
    }
  }
  return values;
}

std::vector<UnmetOption> FindUnmetOptions(const std::vector<RequiredOption>& required,
                                          const std::map<std::string, std::string>& config,
                                          const std::set<std::string>& defined_symbols) {
  std::vector<UnmetOption> unmet;
  for (const auto& option : required) {
    if (option.only_if_defined && !defined_symbols.count(option.name)) continue;
    auto found = config.find(option.name);
    std::string actual = found == config.end() ? "n" : found->second;
    if (!Satisfies(option.value, actual)) {
      unmet.push_back({option, actual, defined_symbols.count(option.name) > 0});
    }
  }
  return unmet;
}

std::string DescribeUnmetOptions(const std::vector<UnmetOption>& unmet) {
  std::string text = "the final .config lacks " + std::to_string(unmet.size()) +
                     (unmet.size() == 1 ? " required option:" : " required options:");
  for (const auto& item : unmet) {
    std::string state = !item.in_tree        ? "this tree has no such option"
                        : item.actual == "n" ? "is not set"
                                             : "is " + item.actual;
    text += "\n  " + std::string(kPrefix) + item.option.name + "=" + item.option.value + " (" +
            state + "; required by " + item.option.origin + ")";
  }
  return text;
}

}  // namespace iommufd_conform
