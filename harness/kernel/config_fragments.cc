#include "harness/kernel/config_fragments.h"

#include <algorithm>

#include "harness/common/paths.h"

namespace iommufd_conform {
namespace {

HarnessResult<Fragment> ProjectFragment(const std::filesystem::path& configs_dir,
                                        std::string_view stem) {
  Fragment fragment{.name = std::string(stem) + ".config",
                    .path = configs_dir / (std::string(stem) + ".config")};
  std::error_code error;
  if (!std::filesystem::is_regular_file(fragment.path, error)) {
    return MakeError(HarnessErrorKind::kIo, "missing config fragment " + fragment.path.string());
  }
  std::filesystem::path required = configs_dir / (std::string(stem) + ".required");
  if (std::filesystem::is_regular_file(required, error)) fragment.required = required;
  return fragment;
}

}  // namespace

std::filesystem::path ConfigsDir() { return SourceDir() / "harness/kernel/configs"; }

HarnessResult<std::vector<std::string>> NormalizeExtras(const std::vector<std::string>& extras) {
  for (const auto& extra : extras) {
    if (std::find(kKnownExtras.begin(), kKnownExtras.end(), extra) == kKnownExtras.end()) {
      std::string known;
      for (std::string_view name : kKnownExtras)
        known += (known.empty() ? "" : ", ") + std::string(name);
      return MakeError(HarnessErrorKind::kUsage,
                       "unknown kernel extra '" + extra + "' (known: " + known + ")");
    }
  }
  std::vector<std::string> normalized;
  for (std::string_view name : kKnownExtras) {
    if (std::find(extras.begin(), extras.end(), name) != extras.end()) {
      normalized.emplace_back(name);
    }
  }
  return normalized;
}

HarnessResult<std::vector<Fragment>> SelectFragments(
    Arch arch, const std::vector<std::string>& extras,
    const std::vector<std::filesystem::path>& user_fragments,
    const std::filesystem::path& configs_dir) {
  std::vector<std::string> stems = {"common", std::string(ArchName(arch))};
  stems.insert(stems.end(), extras.begin(), extras.end());
  std::vector<Fragment> fragments;
  for (const auto& stem : stems) {
    auto fragment = ProjectFragment(configs_dir, stem);
    if (!fragment.ok()) return fragment.error();
    fragments.push_back(std::move(fragment).value());
  }
  for (const auto& path : user_fragments) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error)) {
      return MakeError(HarnessErrorKind::kUsage, "no such config fragment: " + path.string());
    }
    fragments.push_back(
        {.name = path.filename().string(), .path = std::filesystem::absolute(path)});
  }
  return fragments;
}

}  // namespace iommufd_conform
