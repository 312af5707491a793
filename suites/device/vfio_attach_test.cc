// The VFIO cdev's argument rules, attach/replace/detach, and what iommufd does with a device
// of a real (emulated) IOMMU: reserved regions, HWPT allocation, destroy and close rules.
#include <fcntl.h>
#include <unistd.h>

#include <optional>

#include "reference/uapi/iommufd_test.h"
#include "suites/device/vfio_device_fixture.h"

namespace iommufd_conform {
namespace {

using uapi::IommuIovaRange;

constexpr uint64_t kFullLast = UINT64_MAX;

// The first IOVA the device's attachment reserves inside [0, first usable range's end]:
// the gap after the first usable range.
std::optional<uint64_t> FirstReservedGap(const std::vector<IommuIovaRange>& ranges) {
  if (ranges.empty()) return std::nullopt;
  if (ranges[0].start > 0) return 0;
  if (ranges[0].last == kFullLast) return std::nullopt;
  return ranges[0].last + 1;
}

TEST_F(VfioDeviceTest, BindWithShortArgszIsEinval) {
  EXPECT_THAT(iommufd().VfioDeviceBind(device_fd(), 0, std::nullopt,
                                       offsetof(uapi::VfioDeviceBindIommufd, out_devid)),
              FailsWith(EINVAL));
}

TEST_F(VfioDeviceTest, BindWithUnknownFlagIsEinval) {
  EXPECT_THAT(iommufd().VfioDeviceBind(device_fd(), 1u << 7), FailsWith(EINVAL));
}

// Found by diff_fuzzer (7.2 `vtd`, 2026-12-07; the model bound the device): BIND reads a
// struct longer than its own as copy_struct_from_user does, so the tail must be zero.
TEST_F(VfioDeviceTest, BindWithALongerStructNeedsAZeroTail) {
  struct {
    uapi::VfioDeviceBindIommufd bind;
    uint64_t tail;
  } arg{};
  arg.bind.argsz = sizeof(arg);
  arg.bind.iommufd = iommufd().fd();
  arg.tail = 1;
  auto bind = [&] {
    return iommufd().RawOn(device_fd(), uapi::kIoctlVfioDeviceBindIommufd, &arg, sizeof(arg));
  };
  EXPECT_THAT(bind(), FailsWith(E2BIG));
  arg.tail = 0;
  EXPECT_THAT(bind(), Succeeds());
}

TEST_F(VfioDeviceTest, BindToABadDescriptor) {
  // A negative number is refused before it is looked up.
  EXPECT_THAT(iommufd().VfioDeviceBind(device_fd(), 0, -1), FailsWith(EINVAL));
  EXPECT_THAT(iommufd().VfioDeviceBind(device_fd(), 0, 1000), FailsWith(EBADF));
  // The device stays unbound and can still be bound.
  BindOk();
}

// Found by diff_fuzzer (7.2 `vtd`, 2026-12-07; the model answered EBADF).
TEST_F(VfioDeviceTest, BindToAnOpenFileThatIsNoIommufdIsEbadfd) {
  int fd = open("/dev/null", O_RDWR | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  EXPECT_THAT(iommufd().VfioDeviceBind(device_fd(), 0, fd), FailsWith(EBADFD));
  close(fd);
}

TEST_F(VfioDeviceTest, BindToANonIommufdDescriptorFails) {
  EXPECT_THAT(iommufd().VfioDeviceBind(device_fd(), 0, device_fd()), Fails());
  BindOk();
}

TEST_F(VfioDeviceTest, VfTokenOnAFunctionWithoutSriovIsEinval) {
  // Kernels without the token flag refuse the unknown flag; those with it refuse a token for
  // a device that is neither PF nor VF.
  alignas(8) std::byte uuid[16] = {};
  EXPECT_THAT(iommufd().VfioDeviceBind(device_fd(), uapi::kVfioDeviceBindFlagToken, std::nullopt,
                                       sizeof(uapi::VfioDeviceBindIommufd), uuid),
              FailsWith(EINVAL));
}

TEST_F(VfioDeviceTest, AttachBeforeBindIsEinval) {
  uint32_t ioas = IoasAllocOk();
  EXPECT_THAT(iommufd().VfioDeviceAttach(device_fd(), ioas), FailsWith(EINVAL));
  EXPECT_THAT(iommufd().VfioDeviceDetach(device_fd()), FailsWith(EINVAL));
}

TEST_F(VfioDeviceTest, TheDeviceObjectCannotBeDestroyed) {
  uint32_t dev_id = BindOk();
  EXPECT_THAT(iommufd().Destroy(dev_id), FailsWith(EBUSY));
}

TEST_F(VfioDeviceTest, AttachArgumentRules) {
  BindOk();
  uint32_t ioas = IoasAllocOk();
  EXPECT_THAT(iommufd().VfioDeviceAttach(device_fd(), ioas, 0, 0,
                                         offsetof(uapi::VfioDeviceAttachIommufdPt, pt_id)),
              FailsWith(EINVAL));
  EXPECT_THAT(iommufd().VfioDeviceAttach(device_fd(), ioas, 1u << 5), FailsWith(EINVAL));
  EXPECT_THAT(iommufd().VfioDeviceAttach(device_fd(), 9999), FailsWith(ENOENT));
  // The device's own object is neither an IOAS nor a HWPT.
  AttachOk(ioas);
}

TEST_F(VfioDeviceTest, AttachToANonPagetableIsEinval) {
  uint32_t dev_id = BindOk();
  EXPECT_THAT(iommufd().VfioDeviceAttach(device_fd(), dev_id), FailsWith(EINVAL));
}

TEST_F(VfioDeviceTest, PasidAttachOnADeviceWithoutPasid) {
  BindOk();
  uint32_t ioas = IoasAllocOk();
  uint32_t hwpt = AttachOk(ioas);
  // The emulated functions have no PASID capability (or the kernel no PASID flag).
  EXPECT_THAT(iommufd().VfioDeviceAttach(device_fd(), hwpt, uapi::kVfioDeviceAttachPasid, 1),
              Fails());
  // Detaching a PASID that is attached to nothing succeeds where the flag exists (7.x).
  EXPECT_THAT(iommufd().VfioDeviceDetach(device_fd(), uapi::kVfioDeviceDetachPasid, 1),
              ::testing::AnyOf(Succeeds(), FailsWith(EINVAL)));
  EXPECT_THAT(iommufd().VfioDeviceAttach(device_fd(), hwpt, uapi::kVfioDeviceAttachPasid, 1,
                                         offsetof(uapi::VfioDeviceAttachIommufdPt, pasid)),
              FailsWith(EINVAL));
}

// Found by diff_fuzzer (7.2 `vtd`, 2026-12-07; the model answered EINVAL at once): a PASID
// attach looks the page table up before it asks whether the device supports PASIDs.
TEST_F(VfioDeviceTest, PasidAttachLooksUpThePageTableFirst) {
  BindOk();
  // Where the PASID flags exist (7.x), detaching an unattached PASID succeeds.
  const bool pasid_flags =
      iommufd().VfioDeviceDetach(device_fd(), uapi::kVfioDeviceDetachPasid, 1).ok();
  // Id 0 names no object.
  EXPECT_THAT(iommufd().VfioDeviceAttach(device_fd(), 0, uapi::kVfioDeviceAttachPasid, 1),
              FailsWith(pasid_flags ? ENOENT : EINVAL));
}

TEST_F(VfioDeviceTest, DetachArgumentRules) {
  BindOk();
  EXPECT_THAT(iommufd().VfioDeviceDetach(device_fd(), 0, 0, 4), FailsWith(EINVAL));
  EXPECT_THAT(iommufd().VfioDeviceDetach(device_fd(), 1u << 4), FailsWith(EINVAL));
  // Detaching a device that is attached to nothing is no error.
  DetachOk();
}

TEST_F(VfioDeviceTest, AttachingTwiceToOneIoasKeepsItsHwpt) {
  BindOk();
  uint32_t ioas = IoasAllocOk();
  uint32_t hwpt = AttachOk(ioas);
  EXPECT_EQ(AttachOk(ioas), hwpt);
  EXPECT_EQ(AttachOk(hwpt), hwpt);
}

TEST_F(VfioDeviceTest, ReplaceMovesTheDeviceToAnotherIoas) {
  BindOk();
  uint32_t first = IoasAllocOk();
  uint32_t second = IoasAllocOk();
  uint32_t old_hwpt = AttachOk(first);
  uint32_t new_hwpt = AttachOk(second);
  EXPECT_NE(new_hwpt, old_hwpt);
  // The old automatic HWPT went with its last device, freeing the first IOAS.
  EXPECT_THAT(iommufd().Destroy(old_hwpt), FailsWith(ENOENT));
  DestroyOk(first);
  EXPECT_THAT(iommufd().Destroy(second), FailsWith(EBUSY));
}

TEST_F(VfioDeviceTest, ReplaceWithinAnIoasKeepsItsReservedRegions) {
  uint32_t dev_id = BindOk();
  uint32_t ioas = IoasAllocOk();
  uint32_t automatic = AttachOk(ioas);
  auto before = IovaRangesOk(ioas);
  uint32_t allocated = HwptAllocOk(dev_id, ioas);
  EXPECT_EQ(AttachOk(allocated), allocated);
  auto after = IovaRangesOk(ioas);
  ASSERT_EQ(after.size(), before.size());
  for (size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i].start, before[i].start);
    EXPECT_EQ(after[i].last, before[i].last);
  }
  EXPECT_THAT(iommufd().Destroy(automatic), FailsWith(ENOENT));
  // And back: a new automatic HWPT, the allocated one free again.
  uint32_t again = AttachOk(ioas);
  EXPECT_NE(again, allocated);
  DestroyOk(allocated);
}

TEST_F(VfioDeviceTest, DetachFreesTheIoasAndItsRanges) {
  BindOk();
  uint32_t ioas = IoasAllocOk();
  uint32_t hwpt = AttachOk(ioas);
  DetachOk();
  auto ranges = IovaRangesOk(ioas);
  ASSERT_EQ(ranges.size(), 1u);
  EXPECT_EQ(ranges[0].start, 0u);
  EXPECT_EQ(ranges[0].last, kFullLast);
  EXPECT_THAT(iommufd().Destroy(hwpt), FailsWith(ENOENT));
  DestroyOk(ioas);
}

TEST_F(VfioDeviceTest, ClosingTheDeviceUnbindsIt) {
  uint32_t dev_id = BindOk();
  uint32_t ioas = IoasAllocOk();
  AttachOk(ioas);
  CloseDevice();
  EXPECT_THAT(iommufd().Destroy(dev_id), FailsWith(ENOENT));
  DestroyOk(ioas);
}

TEST_F(VfioDeviceTest, MappingsInAReservedRegionBlockTheAttach) {
  BindOk();
  uint32_t probe = IoasAllocOk();
  AttachOk(probe);
  auto gap = FirstReservedGap(IovaRangesOk(probe));
  ASSERT_TRUE(gap.has_value()) << "the attached IOAS reserves nothing";
  DetachOk();
  // A page mapped where the device reserves IOVAs keeps it out of that IOAS.
  uint32_t ioas = IoasAllocOk();
  MapFixedOk(ioas, buffer(), page_size(), *gap);
  EXPECT_THAT(iommufd().VfioDeviceAttach(device_fd(), ioas), FailsWith(EADDRINUSE));
  UnmapOk(ioas, *gap, page_size());
  AttachOk(ioas);
  // And once attached, the reserved window refuses fixed maps.
  EXPECT_THAT(iommufd().IoasMap(ioas, buffer(), page_size(), *gap, kFixedReadWrite),
              FailsWith(EINVAL));
}

TEST_F(VfioDeviceTest, AFailedReplaceKeepsTheOldAttachment) {
  uint32_t dev_id = BindOk();
  uint32_t probe = IoasAllocOk();
  AttachOk(probe);
  auto gap = FirstReservedGap(IovaRangesOk(probe));
  ASSERT_TRUE(gap.has_value());
  uint32_t blocked = IoasAllocOk();
  MapFixedOk(blocked, buffer(), page_size(), *gap);
  // Neither the IOAS nor a HWPT allocated on it can take the device.
  EXPECT_THAT(iommufd().VfioDeviceAttach(device_fd(), blocked), FailsWith(EADDRINUSE));
  uint32_t hwpt = HwptAllocOk(dev_id, blocked);
  EXPECT_THAT(iommufd().VfioDeviceAttach(device_fd(), hwpt), FailsWith(EADDRINUSE));
  // The device stayed where it was, holding the probe IOAS.
  EXPECT_THAT(iommufd().Destroy(probe), FailsWith(EBUSY));
  DestroyOk(hwpt);
  DestroyOk(blocked);
}

TEST_F(VfioDeviceTest, MappingsBeyondTheApertureBlockTheAttach) {
  BindOk();
  uint32_t probe = IoasAllocOk();
  AttachOk(probe);
  auto ranges = IovaRangesOk(probe);
  ASSERT_FALSE(ranges.empty());
  uint64_t top = ranges.back().last;
  DetachOk();
  if (top == kFullLast) GTEST_SKIP() << "the domain covers the whole IOVA space";
  uint32_t ioas = IoasAllocOk();
  MapFixedOk(ioas, buffer(), page_size(), top + 1);
  EXPECT_THAT(iommufd().VfioDeviceAttach(device_fd(), ioas), FailsWith(EADDRINUSE));
}

TEST_F(VfioDeviceTest, ClosingTheDeviceFreesAnAllocatedHwpt) {
  uint32_t dev_id = BindOk();
  uint32_t ioas = IoasAllocOk();
  uint32_t hwpt = HwptAllocOk(dev_id, ioas);
  AttachOk(hwpt);
  EXPECT_THAT(iommufd().Destroy(hwpt), FailsWith(EBUSY));
  CloseDevice();
  DestroyOk(hwpt);
  DestroyOk(ioas);
}

TEST_F(VfioDeviceTest, AllowedRangesInAReservedRegionBlockTheAttach) {
  BindOk();
  uint32_t probe = IoasAllocOk();
  AttachOk(probe);
  auto gap = FirstReservedGap(IovaRangesOk(probe));
  ASSERT_TRUE(gap.has_value());
  DetachOk();
  uint32_t ioas = IoasAllocOk();
  IommuIovaRange allowed{*gap, *gap + page_size() - 1};
  ASSERT_THAT(iommufd().IoasAllowIovas(ioas, {&allowed, 1}), Succeeds());
  EXPECT_THAT(iommufd().VfioDeviceAttach(device_fd(), ioas), FailsWith(EADDRINUSE));
}

TEST_F(VfioDeviceTest, UnalignedMappingsBlockTheAttach) {
  BindOk();
  uint32_t ioas = IoasAllocOk();
  // Byte-granular until a domain arrives; the IOMMU's pages then cannot hold this area.
  MapFixedOk(ioas, buffer() + 1, page_size(), page_size() + 1);
  EXPECT_THAT(iommufd().VfioDeviceAttach(device_fd(), ioas), FailsWith(EADDRINUSE));
}

TEST_F(VfioDeviceTest, AllocatedPagingHwptTakesTheDevice) {
  uint32_t dev_id = BindOk();
  uint32_t ioas = IoasAllocOk();
  uint32_t hwpt = HwptAllocOk(dev_id, ioas);
  // Allocation alone does not bring the device's reserved regions.
  auto before = IovaRangesOk(ioas);
  EXPECT_EQ(AttachOk(hwpt), hwpt);
  auto after = IovaRangesOk(ioas);
  EXPECT_GT(after.size(), before.size());
  EXPECT_THAT(iommufd().Destroy(hwpt), FailsWith(EBUSY));
  EXPECT_THAT(iommufd().Destroy(ioas), FailsWith(EBUSY));
  // An attach to the IOAS itself makes a new automatic HWPT rather than reuse this one.
  uint32_t automatic = AttachOk(ioas);
  EXPECT_NE(automatic, hwpt);
  DestroyOk(hwpt);
  DetachOk();
  DestroyOk(ioas);
}

TEST_F(VfioDeviceTest, HwptAllocFlagsThePlatformSupports) {
  uint32_t dev_id = BindOk();
  uint32_t ioas = IoasAllocOk();
  for (uint32_t flags : {uapi::kIommuHwptAllocNestParent, uapi::kIommuHwptAllocDirtyTracking,
                         uapi::kIommuHwptAllocPasid}) {
    Outcome outcome = iommufd().HwptAlloc(dev_id, ioas, flags);
    EXPECT_THAT(outcome, ::testing::AnyOf(Succeeds(), FailsWith(EOPNOTSUPP))) << flags;
    if (outcome.ok()) DestroyOk(outcome.As<uapi::IommuHwptAlloc>().out_hwpt_id);
  }
  EXPECT_THAT(iommufd().HwptAlloc(dev_id, ioas, 1u << 20), FailsWith(EOPNOTSUPP));
}

TEST_F(VfioDeviceTest, HwptAllocRefusesDriverDataForAPagingDomain) {
  uint32_t dev_id = BindOk();
  uint32_t ioas = IoasAllocOk();
  uapi::IommuHwptVtdS1 data{};
  EXPECT_THAT(iommufd().HwptAlloc(dev_id, ioas, 0, uapi::kIommuHwptDataVtdS1, BytesOf(data)),
              FailsWith(EOPNOTSUPP));
  EXPECT_THAT(iommufd().HwptAlloc(dev_id, ioas, 0, uapi::kIommuHwptDataNone, BytesOf(data)),
              FailsWith(EINVAL));
  EXPECT_THAT(iommufd().HwptAlloc(dev_id, dev_id), FailsWith(EINVAL));
}

TEST_F(VfioDeviceTest, NestedHwptOnAPlatformParent) {
  uint32_t dev_id = BindOk();
  uint32_t ioas = IoasAllocOk();
  Outcome parent = iommufd().HwptAlloc(dev_id, ioas, uapi::kIommuHwptAllocNestParent);
  if (!parent.ok()) GTEST_SKIP() << "no nesting parent on this IOMMU";
  uint32_t parent_id = parent.As<uapi::IommuHwptAlloc>().out_hwpt_id;
  // A nested domain needs driver data, and a real driver's takes a vIOMMU as its parent.
  EXPECT_THAT(iommufd().HwptAlloc(dev_id, parent_id), Fails());
  uapi::IommuHwptArmSmmuv3 ste{};
  EXPECT_THAT(
      iommufd().HwptAlloc(dev_id, parent_id, 0, uapi::kIommuHwptDataArmSmmuv3, BytesOf(ste)),
      FailsWith(EOPNOTSUPP));
  uapi::IommuHwptVtdS1 s1{};
  EXPECT_THAT(iommufd().HwptAlloc(dev_id, parent_id, 0, uapi::kIommuHwptDataVtdS1, BytesOf(s1)),
              FailsWith(EOPNOTSUPP));
  EXPECT_EQ(AttachOk(parent_id), parent_id);
}

TEST_F(VfioDeviceTest, HwInfoTypeSelection) {
  uint32_t dev_id = BindOk();
  std::vector<std::byte> data(64);
  Outcome plain = iommufd().GetHwInfo(dev_id, data);
  ASSERT_THAT(plain, Succeeds());
  uint32_t type = plain.As<uapi::IommuHwInfo>().out_data_type;
  Outcome chosen = iommufd().GetHwInfo(dev_id, data, uapi::kIommuHwInfoFlagInputType, type);
  Outcome other = iommufd().GetHwInfo(dev_id, data, uapi::kIommuHwInfoFlagInputType,
                                      uapi::kIommuHwInfoTypeAmd + 7);
  // Kernels without INPUT_TYPE refuse the flag outright.
  if (chosen.ok() && type == uapi::kIommuHwInfoTypeNone) {
    // A driver without hw_info data answers NONE whatever was asked for.
    ASSERT_THAT(other, Succeeds());
    EXPECT_EQ(other.As<uapi::IommuHwInfo>().out_data_type, uapi::kIommuHwInfoTypeNone);
  } else if (chosen.ok()) {
    EXPECT_EQ(chosen.As<uapi::IommuHwInfo>().out_data_type, type);
    EXPECT_THAT(other, FailsWith(EOPNOTSUPP));
  } else {
    EXPECT_THAT(chosen, FailsWith(EOPNOTSUPP));
  }
  // A short buffer gets as much of the driver's data as fits.
  std::vector<std::byte> short_data(4);
  EXPECT_THAT(iommufd().GetHwInfo(dev_id, short_data), Succeeds());
  std::vector<std::byte> none;
  EXPECT_THAT(iommufd().GetHwInfo(dev_id, none), Succeeds());
}

// The selftest mock driver is present on the VFIO platforms too: its devices and the
// platform's cannot share a domain.
TEST_F(VfioDeviceTest, MockAndPlatformDomainsDoNotMix) {
  uint32_t dev_id = BindOk();
  uint32_t ioas = IoasAllocOk();
  uint32_t platform_hwpt = HwptAllocOk(dev_id, ioas);
  Outcome mock = iommufd().MockDomain(ioas);
  if (!mock.ok()) GTEST_SKIP() << "this kernel's mock driver takes another command layout";
  uint32_t mock_hwpt = mock.As<uapi::IommuTestCmd>().mock_domain.out_hwpt_id;
  EXPECT_THAT(iommufd().VfioDeviceAttach(device_fd(), mock_hwpt), FailsWith(EINVAL));
  EXPECT_THAT(iommufd().MockDomain(platform_hwpt), FailsWith(EINVAL));
  // Attached to the IOAS, the device gets its own automatic HWPT beside the mock one.
  uint32_t automatic = AttachOk(ioas);
  EXPECT_NE(automatic, mock_hwpt);
  EXPECT_NE(automatic, platform_hwpt);
}

}  // namespace
}  // namespace iommufd_conform
