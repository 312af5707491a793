#include "harness/kernel/kconfig_symbols.h"

#include "harness/kernel/kernel_arch.h"
#include "harness/kernel/text_file.h"

namespace iommufd_conform {

std::set<std::string> DefinedSymbolsIn(std::string_view kconfig_text) {
  std::set<std::string> symbols;
  while (!kconfig_text.empty()) {
    size_t end = kconfig_text.find('\n');
    std::string_view line = Trim(kconfig_text.substr(0, end));
    for (std::string_view keyword : {"config", "menuconfig"}) {
      if (line.size() > keyword.size() && line.substr(0, keyword.size()) == keyword &&
          (line[keyword.size()] == ' ' || line[keyword.size()] == '\t')) {
        symbols.emplace(Trim(line.substr(keyword.size())));
      }
    }
    if (end == std::string_view::npos) break;
    kconfig_text.remove_prefix(end + 1);
  }
  return symbols;
}

std::set<std::string> DefinedKconfigSymbols(const std::filesystem::path& tree, Arch arch,
                                            const std::set<std::string>& wanted) {
  std::set<std::string> found;
  std::error_code error;
  const std::filesystem::path arch_root = tree / "arch";
  auto it = std::filesystem::recursive_directory_iterator(tree, error);
  for (; !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
    const auto& path = it->path();
    if (it->is_directory() &&
        (path.filename() == ".git" ||
         (path.parent_path() == arch_root && path.filename() != KernelArchDir(arch)))) {
      it.disable_recursion_pending();
      continue;
    }
    if (path.filename().string().rfind("Kconfig", 0) != 0 || !it->is_regular_file()) continue;
    auto text = ReadTextFile(path);
    if (!text.ok()) continue;
    for (const auto& symbol : DefinedSymbolsIn(text.value())) {
      if (wanted.count(symbol)) found.insert(symbol);
    }
    if (found.size() == wanted.size()) break;
  }
  return found;
}

}  // namespace iommufd_conform
