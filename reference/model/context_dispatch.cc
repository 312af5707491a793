// The generic rules every iommufd ioctl follows before its own handler runs.
#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <vector>

#include "reference/model/context.h"
#include "reference/model/dispatched_ioctls.h"
#include "reference/model/struct_tail.h"
#include "reference/model/user_memory.h"
#include "reference/model/user_pages.h"
#include "reference/uapi/ioctl_sizes.h"
#include "reference/uapi/iommufd.h"
#include "reference/uapi/iommufd_test.h"

namespace iommufd_conform::model {
namespace {

struct CommandSpec {
  unsigned long request;
  int (Context::*handler)(Command&);
};

constexpr unsigned kFirstNr = 0x80;

// The handler of each iommufd command. Every description of the iommufd family has one here
// or an entry in unmodelled.cc, and every entry here a description (model_dispatch_test).
const CommandSpec kSpecs[] = {
    {uapi::kIoctlDestroy, &Context::Destroy},
    {uapi::kIoctlIoasAlloc, &Context::IoasAlloc},
    {uapi::kIoctlIoasAllowIovas, &Context::IoasAllowIovas},
    {uapi::kIoctlIoasCopy, &Context::IoasCopy},
    {uapi::kIoctlIoasIovaRanges, &Context::IoasIovaRanges},
    {uapi::kIoctlIoasMap, &Context::IoasMap},
    {uapi::kIoctlIoasUnmap, &Context::IoasUnmap},
    {uapi::kIoctlOption, &Context::Option},
    {uapi::kIoctlHwptAlloc, &Context::HwptAlloc},
    {uapi::kIoctlGetHwInfo, &Context::GetHwInfo},
    {uapi::kIoctlHwptSetDirtyTracking, &Context::HwptSetDirtyTracking},
    {uapi::kIoctlHwptGetDirtyBitmap, &Context::HwptGetDirtyBitmap},
    {uapi::kIoctlFaultQueueAlloc, &Context::FaultQueueAlloc},
    {uapi::kIoctlIoasMapFile, &Context::IoasMapFile},
    {uapi::kIoctlIoasChangeProcess, &Context::IoasChangeProcess},
    {uapi::kIoctlHwptInvalidate, &Context::HwptInvalidate},
    {uapi::kIoctlViommuAlloc, &Context::ViommuAlloc},
    {uapi::kIoctlVdeviceAlloc, &Context::VdeviceAlloc},
    {uapi::kIoctlVeventqAlloc, &Context::VeventqAlloc},
    {uapi::kIoctlHwQueueAlloc, &Context::HwQueueAlloc},
    {uapi::kIoctlVfioIoas, &Context::VfioIoas},
    {uapi::kIoctlTestCmd, &Context::TestCmd},
};

const CommandSpec* FindSpec(unsigned nr) {
  // Looked up on every call: a table by number, built once.
  static const auto kByNr = [] {
    std::array<const CommandSpec*, 256> by_nr{};
    for (const CommandSpec& spec : kSpecs) by_nr[spec.request & 0xff] = &spec;
    return by_nr;
  }();
  return kByNr[nr & 0xff];
}

// The sizes of the command with number `nr`, found once per number.
const uapi::IoctlSizes* SizesOf(const CommandSpec& spec) {
  static const auto kByNr = [] {
    std::array<const uapi::IoctlSizes*, 256> by_nr{};
    for (unsigned nr = 0; nr < by_nr.size(); ++nr) {
      if (const CommandSpec* found = FindSpec(nr)) by_nr[nr] = uapi::FindIoctlSizes(found->request);
    }
    return by_nr;
  }();
  return kByNr[spec.request & 0xff];
}

}  // namespace

std::vector<unsigned long> DispatchedIoctls() {
  std::vector<unsigned long> requests;
  for (const CommandSpec& spec : kSpecs) requests.push_back(spec.request);
  return requests;
}

Outcome Context::Ioctl(unsigned long request, uint64_t arg) {
  if (config_.fault == ModelFault::kEnottyForEverything) return Outcome::Failure(ENOTTY);
  unsigned nr = request & 0xff;
  // Numbers outside the iommufd table belong to the VFIO compat layer. Every kernel the
  // model speaks for has the selftest driver, whose IOMMU_TEST_CMD sits past the table's end.
  bool in_table = nr >= kFirstNr && nr <= config_.kernel.last_ioctl_nr;
  if (!in_table && nr != (uapi::kIoctlTestCmd & 0xff)) return VfioCompatIoctl(request, arg);
  const CommandSpec* spec = FindSpec(nr);
  // An in-range number with other type or direction bits is not the command.
  bool known = spec && spec->request == request;
  const uapi::IoctlSizes* sizes = known ? SizesOf(*spec) : nullptr;
  // Each copy is a system call, so the size word and the struct are read in one go where
  // they can be; the checks below still see them in the kernel's order, and a short read
  // falls back to reading exactly what the kernel reads.
  Command cmd;
  size_t read_ahead =
      sizes ? UserMemory::CopyFromPrefix(cmd.bytes.data(), arg, sizes->struct_size) : 0;
  uint32_t user_size;
  if (read_ahead >= sizeof(user_size)) {
    std::memcpy(&user_size, cmd.bytes.data(), sizeof(user_size));
  } else if (UserMemory::CopyFrom(&user_size, arg, sizeof(user_size))) {
    return Outcome::Failure(EFAULT);
  }
  if (!known) return Outcome::Failure(ENOTTY);
  if (user_size < sizes->min_size) return Outcome::Failure(EINVAL);

  cmd.kernel_size = sizes->struct_size;
  size_t copy = std::min<size_t>(user_size, sizes->struct_size);
  if (read_ahead < copy && UserMemory::CopyFrom(cmd.bytes.data(), arg, copy)) {
    return Outcome::Failure(EFAULT);
  }
  // Bytes past the caller's struct read as zero, whatever lies behind it.
  std::memset(cmd.bytes.data() + copy, 0, sizes->struct_size - copy);
  if (int error = CheckStructTail(arg, sizes->struct_size, user_size)) {
    return Outcome::Failure(error);
  }

  int error = (this->*(spec->handler))(cmd);
  if (cmd.respond && UserMemory::CopyTo(arg, cmd.bytes.data(), copy)) error = EFAULT;
  return error ? Outcome::Failure(error) : Outcome::Success(cmd.ret);
}

}  // namespace iommufd_conform::model
