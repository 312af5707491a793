#include "harness/kernel/build_tools.h"

#include <vector>

#include "harness/common/process.h"
#include "harness/kernel/kbuild_args.h"
#include "harness/kernel/text_file.h"

namespace iommufd_conform {

HarnessResult<std::string> CheckBuildTools(Arch arch) {
  std::string compiler = KernelCompiler(arch);
  std::vector<std::string> missing;
  for (const std::string& tool : {std::string("make"), std::string("flex"), std::string("bison"),
                                  std::string("bc"), compiler}) {
    if (!FindExecutable(tool)) missing.push_back(tool);
  }
  if (!missing.empty()) {
    std::string list;
    for (const auto& tool : missing) list += (list.empty() ? "" : ", ") + tool;
    return MakeError(HarnessErrorKind::kMissingTool,
                     "a kernel build needs " + list +
                         " (Debian: make flex bison bc libelf-dev libssl-dev, and "
                         "gcc-aarch64-linux-gnu for arm64)");
  }
  ProcessSpec spec;
  spec.argv = {compiler, "--version"};
  auto version = RunProcess(spec);
  if (!version.ok()) return version.error();
  std::string_view output = version.value().output;
  return std::string(Trim(output.substr(0, output.find('\n'))));
}

}  // namespace iommufd_conform
