#ifndef IOMMUFD_CONFORM_SUITES_ABI_KERNEL_HEADERS_H_
#define IOMMUFD_CONFORM_SUITES_ABI_KERNEL_HEADERS_H_

// Where the ABI tests find real kernel headers, and scratch copies of them to edit.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "reference/uapi/abi_catalog.h"

namespace iommufd_conform::abi_test {

struct KernelDirs {
  std::filesystem::path headers;  // make headers_install output
  std::filesystem::path tree;     // kernel source tree
};

// From IOMMUFD_CONFORM_HEADERS_<v> and IOMMUFD_CONFORM_TREE_<v> (v = 7_2, 7_3), which
// suites/abi/with-kernel-headers.sh sets; nullopt if either is unset.
std::optional<KernelDirs> KernelDirsFromEnv(uapi::KernelVersion version);

// A fresh temporary directory, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

std::string ReadFile(const std::filesystem::path& path);
void WriteFile(const std::filesystem::path& path, const std::string& text);
// Replaces `from` by `to` if `from` occurs exactly once; false (text untouched) otherwise.
bool ReplaceOnce(std::string& text, std::string_view from, std::string_view to);

}  // namespace iommufd_conform::abi_test

#endif  // IOMMUFD_CONFORM_SUITES_ABI_KERNEL_HEADERS_H_
