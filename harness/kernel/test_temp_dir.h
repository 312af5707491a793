#ifndef IOMMUFD_CONFORM_HARNESS_KERNEL_TEST_TEMP_DIR_H_
#define IOMMUFD_CONFORM_HARNESS_KERNEL_TEST_TEMP_DIR_H_

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace iommufd_conform {

// A fresh directory for one test, removed afterwards.
class TestTempDir {
 public:
  TestTempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "kernel-test-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TestTempDir() {
    std::error_code error;
    std::filesystem::remove_all(path_, error);
  }
  const std::filesystem::path& path() const { return path_; }

  // Writes `text` to path()/relative, creating directories as needed.
  std::filesystem::path Write(const std::string& relative, std::string_view text) const {
    std::filesystem::path file = path_ / relative;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
    return file;
  }

 private:
  std::filesystem::path path_;
};

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_KERNEL_TEST_TEMP_DIR_H_
