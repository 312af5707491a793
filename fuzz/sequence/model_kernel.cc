#include "fuzz/sequence/model_kernel.h"

#include <sys/utsname.h>

#include <cstdlib>

namespace iommufd_conform::fuzz {

std::string ModelKernel() {
  if (const char* version = std::getenv("IOMMUFD_CONFORM_FUZZ_KERNEL"); version && *version) {
    return version;
  }
  utsname name{};
  uname(&name);
  std::string release = name.release;  // "7.2.13"
  size_t first = release.find('.');
  return release.substr(0, release.find_first_of(".-+", first + 1));
}

}  // namespace iommufd_conform::fuzz
