// The generic rules every iommufd ioctl follows before its own handler runs.
#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

#include "reference/model/context.h"
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

const CommandSpec* FindSpec(unsigned nr) {
  using namespace uapi;
  static const CommandSpec kSpecs[] = {
      {kIoctlDestroy, &Context::Destroy},
      {kIoctlIoasAlloc, &Context::IoasAlloc},
      {kIoctlIoasAllowIovas, &Context::IoasAllowIovas},
      {kIoctlIoasCopy, &Context::IoasCopy},
      {kIoctlIoasIovaRanges, &Context::IoasIovaRanges},
      {kIoctlIoasMap, &Context::IoasMap},
      {kIoctlIoasUnmap, &Context::IoasUnmap},
      {kIoctlOption, &Context::Option},
      {kIoctlHwptAlloc, &Context::HwptAlloc},
      {kIoctlGetHwInfo, &Context::GetHwInfo},
      {kIoctlHwptSetDirtyTracking, &Context::HwptSetDirtyTracking},
      {kIoctlHwptGetDirtyBitmap, &Context::HwptGetDirtyBitmap},
      {kIoctlFaultQueueAlloc, &Context::FaultQueueAlloc},
      {kIoctlIoasMapFile, &Context::IoasMapFile},
      {kIoctlIoasChangeProcess, &Context::IoasChangeProcess},
      {kIoctlHwptInvalidate, &Context::HwptInvalidate},
      {kIoctlViommuAlloc, &Context::ViommuAlloc},
      {kIoctlVdeviceAlloc, &Context::VdeviceAlloc},
      {kIoctlVeventqAlloc, &Context::VeventqAlloc},
      {kIoctlHwQueueAlloc, &Context::HwQueueAlloc},
      {kIoctlVfioIoas, &Context::VfioIoas},
      {kIoctlTestCmd, &Context::TestCmd},
  };
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
