#include "harness/kernel/image_header.h"

#include <fstream>
#include <string>

namespace iommufd_conform {
namespace {

constexpr size_t kX86MagicOffset = 0x202;
constexpr std::string_view kX86Magic = "HdrS";
constexpr size_t kArm64MagicOffset = 0x38;
constexpr std::string_view kArm64Magic = "ARM\x64";
constexpr size_t kHeaderBytes = 0x210;

bool HasAt(std::string_view header, size_t offset, std::string_view magic) {
  return header.size() >= offset + magic.size() && header.substr(offset, magic.size()) == magic;
}

}  // namespace

std::optional<Arch> KernelImageArch(std::string_view header) {
  if (HasAt(header, kX86MagicOffset, kX86Magic)) return Arch::kX86_64;
  if (HasAt(header, kArm64MagicOffset, kArm64Magic)) return Arch::kArm64;
  return std::nullopt;
}

std::optional<Arch> KernelImageArch(const std::filesystem::path& image) {
  std::ifstream in(image, std::ios::binary);
  std::string header(kHeaderBytes, '\0');
  in.read(header.data(), header.size());
  header.resize(static_cast<size_t>(in.gcount()));
  return KernelImageArch(std::string_view(header));
}

}  // namespace iommufd_conform
