#include "harness/vm/payload_check.h"

#include <elf.h>

#include <cstring>
#include <fstream>
#include <string>

namespace iommufd_conform {
namespace {

HarnessError Unusable(const std::filesystem::path& path, const std::string& why) {
  return MakeError(HarnessErrorKind::kUsage, path.string() + " cannot run in the guest: " + why);
}

}  // namespace

HarnessStatus CheckStaticExecutable(const std::filesystem::path& path, Arch arch) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(HarnessErrorKind::kUsage, "cannot read payload " + path.string());
  Elf64_Ehdr header{};
  in.read(reinterpret_cast<char*>(&header), sizeof(header));
  if (!in || std::memcmp(header.e_ident, ELFMAG, SELFMAG) != 0) {
    return Unusable(path, "not an ELF executable (the guest has no shell for scripts)");
  }
  if (header.e_ident[EI_CLASS] != ELFCLASS64) return Unusable(path, "not a 64-bit ELF file");
  const Elf64_Half want = arch == Arch::kX86_64 ? EM_X86_64 : EM_AARCH64;
  if (header.e_machine != want) {
    return Unusable(path, "built for another architecture than " + std::string(ArchName(arch)));
  }
  for (Elf64_Half i = 0; i < header.e_phnum; ++i) {
    Elf64_Phdr program{};
    in.seekg(static_cast<std::streamoff>(header.e_phoff + i * header.e_phentsize));
    in.read(reinterpret_cast<char*>(&program), sizeof(program));
    if (!in) return Unusable(path, "truncated program headers");
    if (program.p_type == PT_INTERP) {
      return Unusable(path, "dynamically linked (link it with -static)");
    }
  }
  return Done{};
}

}  // namespace iommufd_conform
