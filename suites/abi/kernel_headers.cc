#include "suites/abi/kernel_headers.h"

#include <stdlib.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace iommufd_conform::abi_test {

namespace fs = std::filesystem;

std::optional<KernelDirs> KernelDirsFromEnv(uapi::KernelVersion version) {
  std::string suffix(uapi::VersionName(version));
  suffix.replace(suffix.find('.'), 1, "_");
  const char* headers = std::getenv(("IOMMUFD_CONFORM_HEADERS_" + suffix).c_str());
  const char* tree = std::getenv(("IOMMUFD_CONFORM_TREE_" + suffix).c_str());
  if (!headers || !*headers || !tree || !*tree) return std::nullopt;
  return KernelDirs{headers, tree};
}

TempDir::TempDir() {
  std::string pattern = (fs::temp_directory_path() / "iommufd-conform-abi-test-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void WriteFile(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
  out.close();
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

bool ReplaceOnce(std::string& text, std::string_view from, std::string_view to) {
  size_t at = text.find(from);
  if (at == std::string::npos || text.find(from, at + 1) != std::string::npos) return false;
  text.replace(at, from.size(), to);
  return true;
}

}  // namespace iommufd_conform::abi_test
