#include "harness/kernel/cache_key.h"

#include "harness/kernel/sha256.h"

namespace iommufd_conform {
namespace {

// Bump when the build recipe changes in a way the inputs below do not capture.
constexpr int kRecipeVersion = 1;
constexpr size_t kKeyLength = 16;

}  // namespace

HarnessResult<CacheKey> ComputeCacheKey(const CacheKeyInputs& inputs) {
  std::string text = "recipe " + std::to_string(kRecipeVersion) + "\n";
  text += "source " + inputs.source_identity + "\n";
  text += "arch " + std::string(ArchName(inputs.arch)) + "\n";
  text += "toolchain " + inputs.toolchain + "\n";
  for (const auto& fragment : inputs.fragments) {
    auto content = Sha256OfFile(fragment.path);
    if (!content.ok()) return content.error();
    text += "fragment " + fragment.name + " " + content.value() + "\n";
    if (!fragment.required.empty()) {
      auto required = Sha256OfFile(fragment.required);
      if (!required.ok()) return required.error();
      text += "required " + fragment.required.filename().string() + " " + required.value() + "\n";
    }
  }
  for (const auto& variable : inputs.make_variables) text += "make " + variable + "\n";
  return CacheKey{Sha256Hex(text).substr(0, kKeyLength), text};
}

std::string WorkspaceName(const std::filesystem::path& tree, Arch arch,
                          const std::vector<Fragment>& fragments) {
  std::string text = tree.string() + "\n";
  for (const auto& fragment : fragments) text += fragment.name + "\n";
  return std::string(ArchName(arch)) + "-" + Sha256Hex(text).substr(0, 12);
}

}  // namespace iommufd_conform
