#include "fuzz/sequence/op_code.h"

#include <array>

namespace iommufd_conform::fuzz {
namespace {

// By opcode; every operation has a name (checked below).
constexpr std::array<std::string_view, kOpCodeCount> kNames = {
    "OpenIommufd", "CloseIommufd", "Destroy", "IoasAlloc", "IoasMap", "IoasMapFile",
    "IoasUnmap", "IoasCopy", "IoasIovaRanges", "IoasAllowIovas", "Option", "HwptAlloc",
    "GetHwInfo", "HwptSetDirtyTracking", "HwptGetDirtyBitmap", "HwptInvalidate",
    "FaultQueueAlloc", "ViommuAlloc", "VdeviceAlloc", "VeventqAlloc", "HwQueueAlloc",
    "IoasChangeProcess", "VfioIoas", "TestAddReserved", "TestMockDomain",
    "TestMockDomainReplace", "TestMdCheckMap", "TestMdCheckRefs", "TestCreateAccess",
    "TestAccessPages", "TestDestroyAccessPages", "TestAccessRw", "TestAccessReplaceIoas",
    "TestDirty", "TestMdCheckIotlb", "TestTriggerIopf", "TestDevCheckCache",
    "TestTriggerVevent", "TestPasidAttach", "TestPasidReplace", "TestPasidDetach",
    "TestPasidCheckHwpt", "TestSetTempMemoryLimit", "ReadEventFd", "WriteFaultResponse",
    "PollEventFd", "CloseEventFd", "RawIoctl", "VfioGetApiVersion", "VfioCheckExtension",
    "VfioSetIommu", "VfioIommuGetInfo", "VfioMapDma", "VfioUnmapDma", "TestDmabufGet",
    "TestDmabufRevoke", "IoasMapDmabuf", "VfioDeviceOpen", "VfioDeviceBind", "VfioDeviceAttach",
    "VfioDeviceDetach", "VfioDeviceDma",
};

constexpr bool EveryOpcodeNamed() {
  for (std::string_view name : kNames) {
    if (name.empty()) return false;
  }
  return true;
}
static_assert(EveryOpcodeNamed());

}  // namespace

std::string_view OpCodeName(OpCode op) {
  auto at = static_cast<size_t>(op);
  return at < kNames.size() ? kNames[at] : "Unknown";
}

}  // namespace iommufd_conform::fuzz
