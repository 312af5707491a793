#include "harness/common/paths.h"

#include <cstdlib>
#include <string>

namespace iommufd_conform {

std::filesystem::path SourceDir() { return IOMMUFD_CONFORM_SOURCE_DIR; }

std::filesystem::path BuildDir() { return IOMMUFD_CONFORM_BINARY_DIR; }

std::filesystem::path CacheDir() {
  if (const char* dir = std::getenv("IOMMUFD_CONFORM_CACHE"); dir && *dir) return dir;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) {
    return std::filesystem::path(xdg) / "iommufd-conform";
  }
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home && *home ? home : "/tmp") / ".cache" / "iommufd-conform";
}

std::filesystem::path GuestBinary(Arch arch, std::string_view name) {
  // The x86_64 guest binaries are built static in the main build; arm64 ones by the cross
  // build in build/aarch64 (see harness/CMakeLists.txt).
  std::filesystem::path dir = arch == Arch::kX86_64 ? BuildDir() : BuildDir() / "aarch64";
  return dir / std::string(name);
}

}  // namespace iommufd_conform
