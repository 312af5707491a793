#ifndef IOMMUFD_CONFORM_REFERENCE_MODEL_MODEL_FAULT_H_
#define IOMMUFD_CONFORM_REFERENCE_MODEL_MODEL_FAULT_H_

namespace iommufd_conform::model {

// Deliberate bugs the model can be told to have, one at a time (ModelConfig::fault), to show
// that a differential run against a kernel catches each of them. Every real use runs with
// kNone. What each one imitates, and what a diff run must then report, is listed in
// suites/faults/model_fault_registry.cc; the handlers test for them in one-line checks.
enum class ModelFault {
  kNone,
  // IOAS
  kIoasAllocIdOffByOne,
  kFixedMapOverlapIsEinval,
  kFixedMapIntoReservedAccepted,
  kFixedMapMissingEoverflow,
  kUnmapLengthOffByOne,
  kUnmapReportsOneByteLess,
  kIovaRangesLastOffByOne,
  kIovaRangesKeepsCallersCount,
  kAllowIovasSingleByteAccepted,
  kAutoIovaIgnoresAllowedRanges,
  kAutoIovaIgnoresReserved,
  kAutoIovaAlignmentDropped,
  kCopyAcrossAHole,
  kCopyIgnoresSourcePermissions,
  kCopyFixedDstIovaOffByOne,
  kDestroyIgnoresUsers,
  kHugePagesOptionInverted,
  // HWPT and GET_HW_INFO
  kHwptAllocIdOffByOne,
  kHwptAllocMissingPtIsEnoent,
  kHwptAllocReservedCheckedLate,
  kHwptDirtyTrackingUnchecked,
  kHwInfoWrongDataType,
  kHwInfoNoZeroFill,
  kHwInfoCapabilitiesDropped,
  // Dirty tracking
  kDirtyBitmapLosesFirstBit,
  kDirtyBitmapAlignmentUnchecked,
  kDirtyTrackingCapabilityUnchecked,
  kDirtyMarkCountOffByOne,
  kDirtyMarkMissingEoverflow,
  // Selftest accesses
  kAccessRwWritesReadOnlyAreas,
  kAccessRwReadsWrongByte,
  kAccessPagesLengthUnlimited,
  kAccessUnmapKeepsPinnedPages,
  // VFIO compat container
  kCompatUnmapNothingIsEnoent,
  kCompatPageSizesNotCollapsed,
  kCompatVfioIoasGetWithoutOne,
  // Mock devices and their domains
  kMockDomainIdsSwapped,
  kAutoHwptNeverShared,
  kAutoHwptOutlivesItsDevices,
  kApertureIgnored,
  // The whole model
  kEnottyForEverything,
  kWritesNothing,
};

}  // namespace iommufd_conform::model

#endif  // IOMMUFD_CONFORM_REFERENCE_MODEL_MODEL_FAULT_H_
