#include "harness/kernel/kbuild_args.h"

#include <algorithm>

#include "harness/kernel/kernel_arch.h"

namespace iommufd_conform {
namespace {

bool Has(const std::vector<std::string>& extras, std::string_view extra) {
  return std::find(extras.begin(), extras.end(), extra) != extras.end();
}

template <typename Dirs>
std::string OnlyInDirs(std::string_view variable, const Dirs& dirs) {
  std::string list;
  for (std::string_view dir : dirs) {
    if (!list.empty()) list += ' ';
    list += dir;
  }
  return std::string(variable) + "=$(if $(filter " + list + ",$(obj)),y)";
}

}  // namespace

std::vector<std::string> KbuildArgs(const std::filesystem::path& objects, Arch arch) {
  std::vector<std::string> args = {"make", "O=" + objects.string(),
                                   "ARCH=" + std::string(KernelArchDir(arch))};
  if (std::string_view prefix = CrossCompilePrefix(arch); !prefix.empty()) {
    args.push_back("CROSS_COMPILE=" + std::string(prefix));
  }
  return args;
}

std::string KernelCompiler(Arch arch) { return std::string(CrossCompilePrefix(arch)) + "gcc"; }

std::vector<std::string> InstrumentationVariables(const std::vector<std::string>& extras) {
  std::vector<std::string> variables;
  if (Has(extras, "coverage")) variables.push_back(OnlyInDirs("GCOV_PROFILE", kGcovDirs));
  if (Has(extras, "kcov")) variables.push_back(OnlyInDirs("KCOV_INSTRUMENT", std::array{kInstrumentedDir}));
  return variables;
}

}  // namespace iommufd_conform
