// iommufd-conform-syzlang: prints syzkaller's description of /dev/iommu written from the
// ioctl descriptions (reference/uapi/syzlang.h); reports/syzkaller/dev_iommu.txt is its output.
#include <cstdio>
#include <string>

#include "reference/uapi/ioctl_descriptions.h"
#include "reference/uapi/syzlang.h"

int main() {
  using namespace iommufd_conform::uapi;
  std::string text = DevIommuSyzlang(kIoctlDescriptions, kTestOpDescriptions, CatalogStructs());
  return std::fwrite(text.data(), 1, text.size(), stdout) == text.size() ? 0 : 1;
}
