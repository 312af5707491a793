#ifndef IOMMUFD_CONFORM_FUZZ_SEQUENCE_OP_CODE_H_
#define IOMMUFD_CONFORM_FUZZ_SEQUENCE_OP_CODE_H_

#include <cstdint>
#include <string_view>

namespace iommufd_conform::fuzz {

// The operations a fuzzer input is made of. The encoding is stable: an input's first byte
// says how many operations existed when it was written, and each opcode byte is taken
// modulo that count, so appending an operation never changes what an old input means.
// Rules: only ever append; never renumber; never change how an existing operation reads
// its argument bytes (its Fields in ops.h; add a new operation instead). Appending one means
// an Op in ops.h, a name in op_code.cc and a Do handler in the runner; the compiler asks
// for each.
enum class OpCode : uint8_t {
  kOpenIommufd = 0,
  kCloseIommufd = 1,
  kDestroy = 2,
  kIoasAlloc = 3,
  kIoasMap = 4,
  kIoasMapFile = 5,
  kIoasUnmap = 6,
  kIoasCopy = 7,
  kIoasIovaRanges = 8,
  kIoasAllowIovas = 9,
  kOption = 10,
  kHwptAlloc = 11,
  kGetHwInfo = 12,
  kHwptSetDirtyTracking = 13,
  kHwptGetDirtyBitmap = 14,
  kHwptInvalidate = 15,
  kFaultQueueAlloc = 16,
  kViommuAlloc = 17,
  kVdeviceAlloc = 18,
  kVeventqAlloc = 19,
  kHwQueueAlloc = 20,
  kIoasChangeProcess = 21,
  kVfioIoas = 22,
  kTestAddReserved = 23,
  kTestMockDomain = 24,
  kTestMockDomainReplace = 25,
  kTestMdCheckMap = 26,
  kTestMdCheckRefs = 27,
  kTestCreateAccess = 28,
  kTestAccessPages = 29,
  kTestDestroyAccessPages = 30,
  kTestAccessRw = 31,
  kTestAccessReplaceIoas = 32,
  kTestDirty = 33,
  kTestMdCheckIotlb = 34,
  kTestTriggerIopf = 35,
  kTestDevCheckCache = 36,
  kTestTriggerVevent = 37,
  kTestPasidAttach = 38,
  kTestPasidReplace = 39,
  kTestPasidDetach = 40,
  kTestPasidCheckHwpt = 41,
  kTestSetTempMemoryLimit = 42,
  kReadEventFd = 43,
  kWriteFaultResponse = 44,
  kPollEventFd = 45,
  kCloseEventFd = 46,
  kRawIoctl = 47,
  kVfioGetApiVersion = 48,
  kVfioCheckExtension = 49,
  kVfioSetIommu = 50,
  kVfioIommuGetInfo = 51,
  kVfioMapDma = 52,
  kVfioUnmapDma = 53,
  kTestDmabufGet = 54,
  kTestDmabufRevoke = 55,
  kIoasMapDmabuf = 56,
  kVfioDeviceOpen = 57,
  kVfioDeviceBind = 58,
  kVfioDeviceAttach = 59,
  kVfioDeviceDetach = 60,
  kVfioDeviceDma = 61,
};

inline constexpr unsigned kOpCodeCount = 62;
// Appending an operation means moving this check to the new last one.
static_assert(static_cast<unsigned>(OpCode::kVfioDeviceDma) + 1 == kOpCodeCount);

std::string_view OpCodeName(OpCode op);

}  // namespace iommufd_conform::fuzz

#endif  // IOMMUFD_CONFORM_FUZZ_SEQUENCE_OP_CODE_H_
