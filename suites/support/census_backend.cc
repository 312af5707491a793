#include "suites/support/census_backend.h"

#include <cstring>

#include "reference/uapi/iommufd_test.h"

namespace iommufd_conform {

Outcome CensusBackend::Ioctl(int fd, unsigned long request, void* arg, size_t arg_size) {
  std::string name = IoctlName(request);
  // The op is read before the call: the kernel may rewrite the struct.
  if (request == uapi::kIoctlTestCmd && arg &&
      arg_size >= offsetof(uapi::IommuTestCmd, op) + sizeof(uint32_t)) {
    uint32_t op;
    std::memcpy(&op, static_cast<const std::byte*>(arg) + offsetof(uapi::IommuTestCmd, op),
                sizeof(op));
    name = TestOpName(op);
  }
  return Count(name, inner_->Ioctl(fd, request, arg, arg_size));
}

Outcome CensusBackend::Count(const std::string& name, Outcome outcome) {
  CallCount& count = census_[name];
  ++(outcome.ok() ? count.succeeded : count.failed);
  return outcome;
}

}  // namespace iommufd_conform
