#include "harness/cli/run_plan.h"

#include <algorithm>
#include <optional>
#include <sstream>

#include "reference/model/profile.h"

namespace iommufd_conform {
namespace {

// Which arches each platform exists on; the VM registry has the QEMU details.
std::vector<Arch> ArchesOf(std::string_view platform) {
  if (platform == "vtd" || platform == "amd") return {Arch::kX86_64};
  if (platform == "smmuv3") return {Arch::kArm64};
  if (platform == "none" || platform == "virtio") return {Arch::kX86_64, Arch::kArm64};
  return {};
}

std::vector<std::string> Split(std::string_view list) {
  std::vector<std::string> items;
  std::stringstream stream{std::string(list)};
  for (std::string item; std::getline(stream, item, ',');) {
    if (!item.empty()) items.push_back(item);
  }
  return items;
}

}  // namespace

std::string_view TargetName(RunTarget target) {
  switch (target) {
    case RunTarget::kModel: return "model";
    case RunTarget::kVm: return "vm";
    case RunTarget::kHost: return "host";
  }
  return "model";
}

HarnessResult<std::vector<PlannedRun>> PlanRuns(RunTarget target, std::string_view platforms,
                                                Arch default_arch, std::string_view kernel) {
  if (target == RunTarget::kModel && !model::KernelProfileFor(kernel)) {
    return MakeError(HarnessErrorKind::kUsage,
                     "the model knows kernels 6.12, 7.2 and 7.3, not '" + std::string(kernel) + "'");
  }
  std::vector<PlannedRun> runs;
  for (const std::string& entry : Split(platforms)) {
    if (entry == "all") {
      for (Arch arch : {Arch::kX86_64, Arch::kArm64}) {
        for (std::string_view name : {"none", "vtd", "amd", "virtio", "smmuv3"}) {
          const std::vector<Arch> arches = ArchesOf(name);
          if (std::find(arches.begin(), arches.end(), arch) != arches.end()) {
            runs.push_back({target, arch, std::string(name), std::string(kernel)});
          }
        }
      }
      continue;
    }
    std::string name = entry;
    std::optional<Arch> arch;
    if (size_t colon = entry.find(':'); colon != std::string::npos) {
      arch = ParseArch(entry.substr(0, colon));
      name = entry.substr(colon + 1);
      if (!arch) return MakeError(HarnessErrorKind::kUsage, "unknown arch in '" + entry + "'");
    }
    std::vector<Arch> arches = ArchesOf(name);
    if (arches.empty()) {
      return MakeError(HarnessErrorKind::kUsage,
                       "unknown platform '" + name + "' (known: none, vtd, amd, virtio, smmuv3)");
    }
    if (!arch) {
      arch = arches.size() == 1 ? arches[0] : default_arch;
    } else if (std::find(arches.begin(), arches.end(), *arch) == arches.end()) {
      return MakeError(HarnessErrorKind::kUsage, "platform '" + name + "' does not exist on " +
                                                     std::string(ArchName(*arch)));
    }
    runs.push_back({target, *arch, name, std::string(kernel)});
  }
  if (runs.empty()) return MakeError(HarnessErrorKind::kUsage, "no platform given");
  return runs;
}

}  // namespace iommufd_conform
