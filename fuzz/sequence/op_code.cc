#include "fuzz/sequence/op_code.h"

namespace iommufd_conform::fuzz {

std::string_view OpCodeName(OpCode op) {
  switch (op) {
    case OpCode::kOpenIommufd: return "OpenIommufd";
    case OpCode::kCloseIommufd: return "CloseIommufd";
    case OpCode::kDestroy: return "Destroy";
    case OpCode::kIoasAlloc: return "IoasAlloc";
    case OpCode::kIoasMap: return "IoasMap";
    case OpCode::kIoasMapFile: return "IoasMapFile";
    case OpCode::kIoasUnmap: return "IoasUnmap";
    case OpCode::kIoasCopy: return "IoasCopy";
    case OpCode::kIoasIovaRanges: return "IoasIovaRanges";
    case OpCode::kIoasAllowIovas: return "IoasAllowIovas";
    case OpCode::kOption: return "Option";
    case OpCode::kHwptAlloc: return "HwptAlloc";
    case OpCode::kGetHwInfo: return "GetHwInfo";
    case OpCode::kHwptSetDirtyTracking: return "HwptSetDirtyTracking";
    case OpCode::kHwptGetDirtyBitmap: return "HwptGetDirtyBitmap";
    case OpCode::kHwptInvalidate: return "HwptInvalidate";
    case OpCode::kFaultQueueAlloc: return "FaultQueueAlloc";
    case OpCode::kViommuAlloc: return "ViommuAlloc";
    case OpCode::kVdeviceAlloc: return "VdeviceAlloc";
    case OpCode::kVeventqAlloc: return "VeventqAlloc";
    case OpCode::kHwQueueAlloc: return "HwQueueAlloc";
    case OpCode::kIoasChangeProcess: return "IoasChangeProcess";
    case OpCode::kVfioIoas: return "VfioIoas";
    case OpCode::kTestAddReserved: return "TestAddReserved";
    case OpCode::kTestMockDomain: return "TestMockDomain";
    case OpCode::kTestMockDomainReplace: return "TestMockDomainReplace";
    case OpCode::kTestMdCheckMap: return "TestMdCheckMap";
    case OpCode::kTestMdCheckRefs: return "TestMdCheckRefs";
    case OpCode::kTestCreateAccess: return "TestCreateAccess";
    case OpCode::kTestAccessPages: return "TestAccessPages";
    case OpCode::kTestDestroyAccessPages: return "TestDestroyAccessPages";
    case OpCode::kTestAccessRw: return "TestAccessRw";
    case OpCode::kTestAccessReplaceIoas: return "TestAccessReplaceIoas";
    case OpCode::kTestDirty: return "TestDirty";
    case OpCode::kTestMdCheckIotlb: return "TestMdCheckIotlb";
    case OpCode::kTestTriggerIopf: return "TestTriggerIopf";
    case OpCode::kTestDevCheckCache: return "TestDevCheckCache";
    case OpCode::kTestTriggerVevent: return "TestTriggerVevent";
    case OpCode::kTestPasidAttach: return "TestPasidAttach";
    case OpCode::kTestPasidReplace: return "TestPasidReplace";
    case OpCode::kTestPasidDetach: return "TestPasidDetach";
    case OpCode::kTestPasidCheckHwpt: return "TestPasidCheckHwpt";
    case OpCode::kTestSetTempMemoryLimit: return "TestSetTempMemoryLimit";
    case OpCode::kReadEventFd: return "ReadEventFd";
    case OpCode::kWriteFaultResponse: return "WriteFaultResponse";
    case OpCode::kPollEventFd: return "PollEventFd";
    case OpCode::kCloseEventFd: return "CloseEventFd";
    case OpCode::kRawIoctl: return "RawIoctl";
    case OpCode::kVfioGetApiVersion: return "VfioGetApiVersion";
    case OpCode::kVfioCheckExtension: return "VfioCheckExtension";
    case OpCode::kVfioSetIommu: return "VfioSetIommu";
    case OpCode::kVfioIommuGetInfo: return "VfioIommuGetInfo";
    case OpCode::kVfioMapDma: return "VfioMapDma";
    case OpCode::kVfioUnmapDma: return "VfioUnmapDma";
    case OpCode::kTestDmabufGet: return "TestDmabufGet";
    case OpCode::kTestDmabufRevoke: return "TestDmabufRevoke";
    case OpCode::kIoasMapDmabuf: return "IoasMapDmabuf";
  }
  return "Unknown";
}

}  // namespace iommufd_conform::fuzz
