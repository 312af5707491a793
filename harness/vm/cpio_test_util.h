#ifndef IOMMUFD_CONFORM_HARNESS_VM_CPIO_TEST_UTIL_H_
#define IOMMUFD_CONFORM_HARNESS_VM_CPIO_TEST_UTIL_H_

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "harness/common/process.h"

namespace iommufd_conform::testing {

// Round trips go through the system's GNU cpio, an independent reader of the format.
inline bool HaveCpio() { return FindExecutable("cpio").has_value(); }

inline std::filesystem::path WriteTemp(const std::string& name, const std::string& bytes) {
  auto path = std::filesystem::temp_directory_path() / name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

// `cpio` output for the given arguments after "-F archive"; "" when cpio failed.
inline std::string RunCpio(const std::filesystem::path& archive, std::vector<std::string> mode,
                           std::vector<std::string> names = {}) {
  std::vector<std::string> argv = {"cpio"};
  argv.insert(argv.end(), mode.begin(), mode.end());
  argv.insert(argv.end(), {"--quiet", "-F", archive.string()});
  argv.insert(argv.end(), names.begin(), names.end());
  auto result = RunProcess({argv, {}, {}, std::chrono::seconds(10)});
  if (!result.ok() || !result.value().Succeeded()) return {};
  return result.value().output;
}

}  // namespace iommufd_conform::testing

#endif  // IOMMUFD_CONFORM_HARNESS_VM_CPIO_TEST_UTIL_H_
