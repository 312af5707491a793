#include "suites/support/without_capability.h"

#include <linux/capability.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "suites/support/forked_child.h"

namespace iommufd_conform {
namespace {

bool ReadCaps(__user_cap_data_struct* data) {
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  return syscall(SYS_capget, &header, data) == 0;
}

}  // namespace

bool Holds(int capability) {
  __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {};
  return ReadCaps(data) && (data[capability / 32].effective & (1u << (capability % 32)));
}

std::optional<Outcome> WithoutCapability(int capability, const std::function<Outcome()>& call) {
  return InForkedChild([&]() -> std::optional<Outcome> {
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {};
    if (!ReadCaps(data)) return std::nullopt;
    data[capability / 32].effective &= ~(1u << (capability % 32));
    if (syscall(SYS_capset, &header, data) != 0) return std::nullopt;
    return call();
  });
}

}  // namespace iommufd_conform
