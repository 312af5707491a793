#include "harness/kernel/config_check.h"

#include <cstdio>
#include <map>

#include "harness/kernel/kconfig_symbols.h"
#include "harness/kernel/required_options.h"
#include "harness/kernel/text_file.h"

namespace iommufd_conform {
namespace {

// The fragments' own requests, as RequiredOption values so the same matching applies. A later
// fragment overrides an earlier one, as in merge_config.sh.
HarnessResult<std::vector<RequiredOption>> FragmentRequests(
    const std::vector<Fragment>& fragments) {
  std::map<std::string, RequiredOption> by_name;
  for (const auto& fragment : fragments) {
    auto text = ReadTextFile(fragment.path);
    if (!text.ok()) return text.error();
    for (const auto& [name, value] : ParseConfigValues(text.value())) {
      by_name[name] = {.name = name, .value = value, .origin = fragment.name};
    }
  }
  std::vector<RequiredOption> requests;
  for (auto& [name, option] : by_name) requests.push_back(std::move(option));
  return requests;
}

void PrintNote(std::string_view title, const std::vector<std::string>& items) {
  if (items.empty()) return;
  std::string line;
  for (const auto& item : items) line += (line.empty() ? "" : ", ") + item;
  std::fprintf(stderr, "kernel: note: %.*s: %s\n", static_cast<int>(title.size()), title.data(),
               line.c_str());
}

}  // namespace

HarnessStatus CheckFinalConfig(const std::filesystem::path& tree, Arch arch,
                               const std::filesystem::path& config,
                               const std::vector<Fragment>& fragments) {
  // A later fragment's requirement replaces an earlier one for the same option, as the later
  // fragment's value wins the merge (an extra may turn off what common.config turns on).
  std::map<std::string, RequiredOption> required_by_name;
  for (const auto& fragment : fragments) {
    if (fragment.required.empty()) continue;
    auto text = ReadTextFile(fragment.required);
    if (!text.ok()) return text.error();
    auto parsed = ParseRequiredOptions(text.value(), fragment.required.filename().string());
    if (!parsed.ok()) return parsed.error();
    for (auto& option : parsed.value()) required_by_name[option.name] = std::move(option);
  }
  std::vector<RequiredOption> required;
  for (auto& [name, option] : required_by_name) required.push_back(std::move(option));
  auto requests = FragmentRequests(fragments);
  if (!requests.ok()) return requests.error();
  auto config_text = ReadTextFile(config);
  if (!config_text.ok()) return config_text.error();
  auto values = ParseConfigValues(config_text.value());

  std::set<std::string> wanted;
  for (const auto& option : required) wanted.insert(option.name);
  for (const auto& option : requests.value()) wanted.insert(option.name);
  std::set<std::string> defined = DefinedKconfigSymbols(tree, arch, wanted);

  std::vector<std::string> dropped;
  std::vector<std::string> absent;
  for (const auto& unmet : FindUnmetOptions(requests.value(), values, defined)) {
    const auto& option = unmet.option;
    if (defined.count(option.name)) {
      dropped.push_back(option.name + "=" + option.value + " (is " + unmet.actual + ")");
    } else if (option.value != "n") {
      absent.push_back(option.name);
    }
  }
  PrintNote("fragment options olddefconfig dropped", dropped);
  PrintNote("fragment options this tree does not have", absent);

  auto unmet = FindUnmetOptions(required, values, defined);
  if (!unmet.empty()) {
    return MakeError(HarnessErrorKind::kConfigMissing,
                     DescribeUnmetOptions(unmet) + "\n(final config: " + config.string() + ")");
  }
  return Done{};
}

}  // namespace iommufd_conform
