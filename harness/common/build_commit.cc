#include "harness/common/build_commit.h"

namespace iommufd_conform {

std::string_view BuildCommit() {
  return
#include "build_commit.inc"
      ;
}

}  // namespace iommufd_conform
