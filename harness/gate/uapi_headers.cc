#include "harness/gate/uapi_headers.h"

#include <chrono>

#include "harness/common/process.h"
#include "harness/kernel/text_file.h"

namespace iommufd_conform::gate {

namespace fs = std::filesystem;

HarnessStatus ExportUapiHeaders(const fs::path& tree, const fs::path& dest) {
  const fs::path mark = dest / ".installed";
  std::error_code error;
  if (fs::exists(mark, error)) return Done{};
  fs::remove_all(dest, error);
  const fs::path objects = dest.string() + ".obj";
  fs::remove_all(objects, error);
  fs::create_directories(objects, error);
  auto make = RunProcess({{"make", "-s", "-C", tree.string(), "O=" + objects.string(), "ARCH=x86",
                           "INSTALL_HDR_PATH=" + dest.string(), "headers_install"},
                          "",
                          {},
                          std::chrono::minutes(10)});
  fs::remove_all(objects, error);
  if (!make.ok()) return make.error();
  if (!make.value().Succeeded()) {
    return MakeError(HarnessErrorKind::kBuildFailed,
                     "make headers_install failed in " + tree.string() + ":\n" +
                         make.value().output);
  }
  return WriteTextFile(mark, "");
}

}  // namespace iommufd_conform::gate
