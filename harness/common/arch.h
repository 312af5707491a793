#ifndef IOMMUFD_CONFORM_HARNESS_COMMON_ARCH_H_
#define IOMMUFD_CONFORM_HARNESS_COMMON_ARCH_H_

#include <optional>
#include <string_view>

namespace iommufd_conform {

enum class Arch { kX86_64, kArm64 };

constexpr std::string_view ArchName(Arch arch) {
  return arch == Arch::kX86_64 ? "x86_64" : "arm64";
}

constexpr std::optional<Arch> ParseArch(std::string_view name) {
  if (name == "x86_64") return Arch::kX86_64;
  if (name == "arm64") return Arch::kArm64;
  return std::nullopt;
}

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_COMMON_ARCH_H_
