#include "suites/faults/model_fault_registry.h"

namespace iommufd_conform {
namespace {

using model::ModelFault;

// One entry per fault: name, the bug it imitates, the cases that meet it, then the call and
// the text of the first difference a diff run must report.
constexpr ModelFaultSpec kFaults[] = {
    // IOAS
    {ModelFault::kIoasAllocIdOffByOne, "ioas-alloc-id-off-by-one",
     "IOAS_ALLOC reports out_ioas_id one above the object it made",
     "IoasAllocDestroyTest.IdsStartAtOneAndAscend", "IOMMU_IOAS_ALLOC", "out_ioas_id"},
    {ModelFault::kFixedMapOverlapIsEinval, "fixed-map-overlap-einval",
     "a fixed MAP over an existing area fails with EINVAL instead of EEXIST",
     "Variants/IoasMapTest.FixedMapOverAnExistingAreaIsEexist/NoDomain", "IOMMU_IOAS_MAP",
     "kernel EEXIST, model EINVAL"},
    {ModelFault::kFixedMapIntoReservedAccepted, "fixed-map-into-reserved-accepted",
     "a fixed MAP ignores reserved ranges", "MockReservedTest.FixedMapIntoAReservedRangeIsEinval",
     "IOMMU_IOAS_MAP", "kernel EINVAL, model ok"},
    {ModelFault::kFixedMapMissingEoverflow, "fixed-map-missing-eoverflow",
     "a fixed MAP whose range wraps past the top of the address space is not refused",
     "Variants/IoasMapTest.FixedRangeWrappingPastTheTopIsEoverflow/NoDomain", "IOMMU_IOAS_MAP",
     "kernel EOVERFLOW, model ok"},
    {ModelFault::kUnmapLengthOffByOne, "unmap-length-off-by-one",
     "UNMAP's range ends one byte early, so an exact area is only partly inside it",
     "Variants/IoasUnmapTest.ExactAreaIsUnmappedAndItsLengthReturned/NoDomain", "IOMMU_IOAS_UNMAP",
     "kernel ok(ret=0), model ENOENT"},
    {ModelFault::kUnmapReportsOneByteLess, "unmap-reports-one-byte-less",
     "UNMAP writes back one byte less than it unmapped",
     "Variants/IoasUnmapTest.RangeCoveringSeveralAreasAndHolesUnmapsThemAll/NoDomain",
     "IOMMU_IOAS_UNMAP", "length"},
    {ModelFault::kIovaRangesLastOffByOne, "iova-ranges-last-off-by-one",
     "IOVA_RANGES reports the last range's end one byte short",
     "Variants/IoasRangesTest.FreshIoasSpansEverythingWithAlignmentOne/NoDomain",
     "IOMMU_IOAS_IOVA_RANGES", "allowed_iovas[0].last"},
    {ModelFault::kIovaRangesKeepsCallersCount, "iova-ranges-keeps-callers-count",
     "IOVA_RANGES' EMSGSIZE leaves num_iovas at the caller's room, not the count needed",
     "Variants/IoasRangesTest.NoRoomIsEmsgsizeWithTheNeededCount/NoDomain",
     "IOMMU_IOAS_IOVA_RANGES", "num_iovas"},
    {ModelFault::kAllowIovasSingleByteAccepted, "allow-iovas-single-byte-accepted",
     "ALLOW_IOVAS checks start > last where start >= last belongs",
     "Variants/IoasRangesTest.SingleByteAllowedRangeIsEinval/NoDomain", "IOMMU_IOAS_ALLOW_IOVAS",
     "kernel EINVAL, model ok"},
    {ModelFault::kAutoIovaIgnoresAllowedRanges, "auto-iova-ignores-allowed-ranges",
     "automatic IOVAs are chosen outside the allowed ranges",
     "Variants/IoasMapTest.AllowedRangesFullIsEnospc/NoDomain:Variants/"
     "IoasMapTest.AutomaticIovaStaysInsideTheAllowedRanges/NoDomain",
     "IOMMU_IOAS_MAP", "kernel ENOSPC, model ok"},
    {ModelFault::kAutoIovaIgnoresReserved, "auto-iova-ignores-reserved",
     "automatic IOVAs may land in reserved ranges",
     "MockReservedTest.NoRoomLeftIsEnospc:MockReservedTest.AutomaticIovaAvoidsReservedRanges",
     "IOMMU_IOAS_MAP", "kernel ENOSPC, model ok"},
    {ModelFault::kAutoIovaAlignmentDropped, "auto-iova-alignment-dropped",
     "automatic IOVAs keep only the IOAS alignment, not the one the length asks for",
     "Variants/IoasMapTest.Automatic*/NoDomain:Variants/IoasCopyTest.AutomaticCopyReturnsAnIova/"
     "NoDomain:"
     "Mock/MockDomainIoasTest.AutomaticIovasLandInTheAperture/*",
     "IOMMU_IOAS_MAP", "iova",
     "the uAPI leaves automatic IOVAs to the implementation: the differential backend accepts "
     "any IOVA the model's allocator could have chosen (IoPagetable::AdoptAutoIova) and never "
     "compares the model's own pick. This fault widens that set; the kernel's aligned choice "
     "still lies inside it, so nothing can show. A kernel choosing outside the set is caught "
     "(harness/backend/diff_backend_test.cc)"},
    {ModelFault::kCopyAcrossAHole, "copy-across-a-hole",
     "COPY of a source range with a hole copies the part before it",
     "Variants/IoasCopyTest.RangeWithAHoleIsEnoent/NoDomain", "IOMMU_IOAS_COPY",
     "kernel ENOENT, model ok"},
    {ModelFault::kCopyIgnoresSourcePermissions, "copy-ignores-source-permissions",
     "a writable COPY of read-only pages is accepted",
     "Variants/IoasCopyTest.WritableCopyOfReadOnlyPagesIsEperm/NoDomain", "IOMMU_IOAS_COPY",
     "kernel EPERM, model ok"},
    {ModelFault::kCopyFixedDstIovaOffByOne, "copy-fixed-dst-iova-off-by-one",
     "a fixed COPY writes back dst_iova plus one",
     "Variants/IoasCopyTest.FixedCopyMapsTheSameRangeInTheDestination/NoDomain", "IOMMU_IOAS_COPY",
     "dst_iova"},
    {ModelFault::kDestroyIgnoresUsers, "destroy-ignores-users",
     "DESTROY of an object in use (an IOAS under a HWPT) succeeds instead of EBUSY",
     "MockDomainTest.IoasWithADeviceIsBusy:"
     "Mock/MockDomainIoasTest.IoasIsBusyWhileADomainUsesIt/*",
     "IOMMU_DESTROY", "kernel EBUSY, model ok"},
    {ModelFault::kHugePagesOptionInverted, "huge-pages-option-inverted",
     "OPTION HUGE_PAGES get reports the opposite of the setting",
     "OptionTest.HugePagesDefaultsToOn", "IOMMU_OPTION", "val64"},
    // HWPT and GET_HW_INFO
    {ModelFault::kHwptAllocIdOffByOne, "hwpt-alloc-id-off-by-one",
     "HWPT_ALLOC reports out_hwpt_id one above the HWPT it made",
     "MockHwptAllocTest.PagingHwptHoldsItsIoas", "IOMMU_HWPT_ALLOC", "out_hwpt_id"},
    {ModelFault::kHwptAllocMissingPtIsEnoent, "hwpt-alloc-missing-pt-enoent",
     "HWPT_ALLOC on a pt_id that is no IOAS or HWPT fails with ENOENT instead of EINVAL",
     "MockHwptAllocTest.PtIdThatIsNoIoasOrHwptIsEinval", "IOMMU_HWPT_ALLOC",
     "kernel EINVAL, model ENOENT"},
    {ModelFault::kHwptAllocReservedCheckedLate, "hwpt-alloc-reserved-checked-late",
     "HWPT_ALLOC checks `__reserved` after looking the device up (check order swapped)",
     "MockHwptAllocTest.ReservedFieldIsEopnotsuppBeforeAnyLookup", "IOMMU_HWPT_ALLOC",
     "kernel EOPNOTSUPP, model ENOENT"},
    {ModelFault::kHwptDirtyTrackingUnchecked, "hwpt-dirty-tracking-unchecked",
     "HWPT_ALLOC with DIRTY_TRACKING accepts a device that cannot track",
     "MockHwptAllocTest.DirtyTrackingNeedsADeviceThatCanTrack", "IOMMU_HWPT_ALLOC",
     "kernel EOPNOTSUPP, model ok"},
    {ModelFault::kHwInfoWrongDataType, "hw-info-wrong-data-type",
     "GET_HW_INFO reports out_data_type NONE for a selftest device",
     "MockHwInfoTest.ReportsTheSelftestTypeAndRegister", "IOMMU_GET_HW_INFO", "out_data_type"},
    {ModelFault::kHwInfoNoZeroFill, "hw-info-no-zero-fill",
     "GET_HW_INFO leaves a buffer longer than its data as it was instead of zero-filling it",
     "MockHwInfoTest.LongBufferIsZeroFilled", "IOMMU_GET_HW_INFO", "data_uptr["},
    {ModelFault::kHwInfoCapabilitiesDropped, "hw-info-capabilities-dropped",
     "GET_HW_INFO reports no capabilities",
     "MockHwInfoTest.DirtyTrackingIsACapabilityUnlessTheDeviceLacksIt", "IOMMU_GET_HW_INFO",
     "out_capabilities"},
    // Dirty tracking
    {ModelFault::kDirtyBitmapLosesFirstBit, "dirty-bitmap-loses-first-bit",
     "GET_DIRTY_BITMAP loses the first dirty PTE of the range",
     "MockDirtyTrackingTest.MarkedPtesShowInTheBitmapAtAnyGranularity:"
     "MockDirtyTrackingTest.ReadingClearsUnlessAskedNotTo",
     "IOMMU_HWPT_GET_DIRTY_BITMAP", "data"},
    {ModelFault::kDirtyBitmapAlignmentUnchecked, "dirty-bitmap-alignment-unchecked",
     "GET_DIRTY_BITMAP does not check iova and length against its page_size",
     "MockDirtyTrackingTest.BitmapRangeMustBeAligned", "IOMMU_HWPT_GET_DIRTY_BITMAP",
     "kernel EINVAL, model ok"},
    {ModelFault::kDirtyTrackingCapabilityUnchecked, "dirty-tracking-capability-unchecked",
     "SET_DIRTY_TRACKING enables tracking on a HWPT allocated without DIRTY_TRACKING",
     "MockDirtyTrackingTest.OnlyDirtyTrackingHwptsCanTrack", "IOMMU_HWPT_SET_DIRTY_TRACKING",
     "kernel EOPNOTSUPP, model ok"},
    {ModelFault::kDirtyMarkCountOffByOne, "dirty-mark-count-off-by-one",
     "TEST_OP_DIRTY reports one PTE more than it marked",
     "MockDirtyTrackingTest.MarkedPtesShowInTheBitmapAtAnyGranularity", "IOMMU_TEST_CMD",
     "out_nr_dirty"},
    {ModelFault::kDirtyMarkMissingEoverflow, "dirty-mark-missing-eoverflow",
     "TEST_OP_DIRTY forgets the EOVERFLOW for more than 2^27 pages",
     "MockDirtyTrackingTest.MarkingMoreThan2To27PagesIsEoverflow", "IOMMU_TEST_CMD",
     "kernel EOVERFLOW"},
    // Selftest accesses
    {ModelFault::kAccessRwWritesReadOnlyAreas, "access-rw-writes-read-only-areas",
     "ACCESS_RW writes through an area mapped without WRITE",
     "AccessTest.ReadAndWriteHonourTheAreasPermissions", "IOMMU_TEST_CMD",
     "kernel EPERM, model ok"},
    {ModelFault::kAccessRwReadsWrongByte, "access-rw-reads-wrong-byte",
     "ACCESS_RW's read returns its last byte with one bit flipped",
     "AccessTest.ReadAndWriteThroughTheIoas", "IOMMU_TEST_CMD", "access_rw.uptr["},
    {ModelFault::kAccessPagesLengthUnlimited, "access-pages-length-unlimited",
     "ACCESS_PAGES forgets the mock's 16 MiB limit (ENOMEM)",
     "AccessTest.AccessPagesOfMoreThan16MibIsEnomem", "IOMMU_TEST_CMD", "kernel ENOMEM"},
    {ModelFault::kAccessUnmapKeepsPinnedPages, "access-unmap-keeps-pinned-pages",
     "UNMAP does not tell accesses, so the pages they pinned there stay theirs",
     "AccessTest.UnmapDropsThePagesAnAccessHoldsInTheRange", "IOMMU_TEST_CMD",
     "kernel ENOENT, model ok"},
    // VFIO compat container
    {ModelFault::kCompatUnmapNothingIsEnoent, "compat-unmap-nothing-enoent",
     "VFIO_IOMMU_UNMAP_DMA of a range with nothing mapped fails as IOAS_UNMAP does",
     "CompatContainerTest.UnmapDmaOfNothing", "VFIO_IOMMU_UNMAP_DMA",
     "kernel ok(ret=0), model ENOENT"},
    {ModelFault::kCompatPageSizesNotCollapsed, "compat-page-sizes-not-collapsed",
     "VFIO_IOMMU_GET_INFO reports page sizes below the CPU page",
     "CompatContainerTest.GetInfoReportsPageSizesAndCapabilities", "VFIO_IOMMU_GET_INFO",
     "iova_pgsizes"},
    {ModelFault::kCompatVfioIoasGetWithoutOne, "compat-vfio-ioas-get-without-one",
     "IOMMU_VFIO_IOAS GET without a compat IOAS answers id 0 instead of ENODEV",
     "CompatContainerTest.VfioIoasGetSetClear", "IOMMU_VFIO_IOAS", "kernel ENODEV, model ok"},
    // Mock devices and their domains
    {ModelFault::kMockDomainIdsSwapped, "mock-domain-ids-swapped",
     "MOCK_DOMAIN writes the selftest object's and the device's ids into each other's field",
     "MockDomainTest.IdsGoToTheSelftestObjectThenTheDeviceThenTheHwpt", "IOMMU_TEST_CMD",
     "out_stdev_id"},
    {ModelFault::kAutoHwptNeverShared, "auto-hwpt-never-shared",
     "every device attached to an IOAS gets its own automatic HWPT",
     "MockDomainTest.DevicesOnOneIoasShareItsAutomaticHwpt", "IOMMU_TEST_CMD", "out_hwpt_id"},
    {ModelFault::kAutoHwptOutlivesItsDevices, "auto-hwpt-outlives-its-devices",
     "an automatic HWPT stays after its last device detaches (a reference never dropped)",
     "MockDomainTest.DestroyingTheSelftestObjectFreesDeviceAndAutomaticHwpt", "IOMMU_DESTROY",
     "kernel ENOENT, model ok"},
    {ModelFault::kApertureIgnored, "aperture-ignored",
     "a domain's aperture does not limit the IOAS it is attached to",
     "Mock/MockDomainIoasTest.FixedMapOutsideTheApertureIsRefusedOnlyWithADomain/*",
     "IOMMU_IOAS_MAP", "kernel EINVAL, model ok"},
    // The whole model
    {ModelFault::kEnottyForEverything, "enotty-for-everything",
     "the model answers ENOTTY to every ioctl",
     "IoasAllocDestroyTest.*:Variants/IoasMapTest.FixedMapReturnsTheRequestedIova/NoDomain",
     "IOMMU_IOAS_ALLOC", "kernel ok(ret=0), model ENOTTY"},
    {ModelFault::kWritesNothing, "writes-nothing",
     "the model writes nothing back: neither the ioctl struct nor the memory it points to",
     "IoasAllocDestroyTest.IdsStartAtOneAndAscend:"
     "Variants/IoasRangesTest.FreshIoasSpansEverythingWithAlignmentOne/NoDomain",
     "IOMMU_IOAS_ALLOC", "out_ioas_id"},
};

}  // namespace

std::span<const ModelFaultSpec> ModelFaults() { return kFaults; }

const ModelFaultSpec* FindModelFault(std::string_view name) {
  for (const ModelFaultSpec& spec : kFaults) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

}  // namespace iommufd_conform
