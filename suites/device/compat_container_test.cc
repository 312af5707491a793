// The VFIO type1 container iommufd serves on its own descriptor: the legacy ioctls on the
// compat IOAS that IOMMU_VFIO_IOAS names. Most of it needs no device.
#include <sys/mman.h>

#include <cstring>
#include <optional>

#include "reference/uapi/iommufd_test.h"
#include "reference/uapi/vfio.h"
#include "suites/device/vfio_device_fixture.h"

namespace iommufd_conform {
namespace {

using uapi::VfioIommuType1Info;

// One capability in a GET_INFO answer, found by walking the chain from cap_offset.
std::optional<size_t> FindCapability(const std::vector<std::byte>& buffer, uint16_t id) {
  VfioIommuType1Info info;
  std::memcpy(&info, buffer.data(), sizeof(info));
  for (size_t at = info.cap_offset, hops = 0; at && hops < 8; ++hops) {
    if (at + sizeof(uapi::VfioInfoCapHeader) > buffer.size()) return std::nullopt;
    uapi::VfioInfoCapHeader header;
    std::memcpy(&header, buffer.data() + at, sizeof(header));
    if (header.id == id) return at;
    at = header.next;
  }
  return std::nullopt;
}

class CompatContainerTest : public IoasTest {
 protected:
  void SetCompatOk(uint32_t ioas) {
    (void)Require(iommufd().VfioIoas(uapi::kIommuVfioIoasSet, ioas),
                  "IOMMU_VFIO_IOAS set to " + std::to_string(ioas));
  }
  static constexpr uint64_t kIova = 0x100000;
};

TEST_F(CompatContainerTest, ApiVersionIsZero) {
  Outcome outcome = iommufd().VfioValue(uapi::kIoctlVfioGetApiVersion, 0);
  ASSERT_THAT(outcome, Succeeds());
  EXPECT_EQ(outcome.ret, uapi::kVfioApiVersion);
}

TEST_F(CompatContainerTest, ExtensionsOffered) {
  for (uint32_t type : {uapi::kVfioType1Iommu, uapi::kVfioType1v2Iommu, uapi::kVfioUnmapAll}) {
    Outcome outcome = iommufd().VfioValue(uapi::kIoctlVfioCheckExtension, type);
    ASSERT_THAT(outcome, Succeeds());
    EXPECT_EQ(outcome.ret, 1) << type;
  }
  for (uint32_t type : {0u, uapi::kVfioSpaprTceIommu, uapi::kVfioEeh,
                        uapi::kVfioReservedType1NestingIommu, uapi::kVfioSpaprTceV2Iommu,
                        uapi::kVfioUpdateVaddr, 11u, 0xffffu}) {
    Outcome outcome = iommufd().VfioValue(uapi::kIoctlVfioCheckExtension, type);
    ASSERT_THAT(outcome, Succeeds());
    EXPECT_EQ(outcome.ret, 0) << type;
  }
  // NOIOMMU is offered only by kernels built with VFIO_NOIOMMU.
  Outcome noiommu = iommufd().VfioValue(uapi::kIoctlVfioCheckExtension, uapi::kVfioNoiommuIommu);
  ASSERT_THAT(noiommu, Succeeds());
  EXPECT_LE(noiommu.ret, 1);
}

TEST_F(CompatContainerTest, CacheCoherencyNeedsACompatIoas) {
  EXPECT_THAT(iommufd().VfioValue(uapi::kIoctlVfioCheckExtension, uapi::kVfioDmaCcIommu),
              FailsWith(ENODEV));
  SetCompatOk(ioas_);
  // With no domain at all, nothing breaks coherency.
  Outcome outcome = iommufd().VfioValue(uapi::kIoctlVfioCheckExtension, uapi::kVfioDmaCcIommu);
  ASSERT_THAT(outcome, Succeeds());
  EXPECT_EQ(outcome.ret, 1);
}

TEST_F(CompatContainerTest, VfioIoasGetSetClear) {
  EXPECT_THAT(iommufd().VfioIoas(uapi::kIommuVfioIoasGet), FailsWith(ENODEV));
  EXPECT_THAT(iommufd().VfioIoas(uapi::kIommuVfioIoasSet, 9999), FailsWith(ENOENT));
  SetCompatOk(ioas_);
  Outcome got = iommufd().VfioIoas(uapi::kIommuVfioIoasGet);
  ASSERT_THAT(got, Succeeds());
  EXPECT_EQ(got.As<uapi::IommuVfioIoas>().ioas_id, ioas_);
  EXPECT_THAT(iommufd().VfioIoas(uapi::kIommuVfioIoasClear), Succeeds());
  EXPECT_THAT(iommufd().VfioIoas(uapi::kIommuVfioIoasGet), FailsWith(ENODEV));
  // Clearing does not destroy the IOAS.
  DestroyOk(ioas_);
}

TEST_F(CompatContainerTest, VfioIoasArgumentRules) {
  uapi::IommuVfioIoas reserved{};
  reserved.size = sizeof(reserved);
  reserved.op = uapi::kIommuVfioIoasGet;
  reserved.reserved = 1;
  EXPECT_THAT(iommufd().Raw(uapi::kIoctlVfioIoas, &reserved, sizeof(reserved)),
              FailsWith(EOPNOTSUPP));
  EXPECT_THAT(iommufd().VfioIoas(3), FailsWith(EOPNOTSUPP));
  EXPECT_THAT(iommufd().VfioIoas(uapi::kIommuVfioIoasSet, ioas_ + 1), FailsWith(ENOENT));
}

TEST_F(CompatContainerTest, DestroyingTheCompatIoasClearsIt) {
  SetCompatOk(ioas_);
  DestroyOk(ioas_);
  EXPECT_THAT(iommufd().VfioIoas(uapi::kIommuVfioIoasGet), FailsWith(ENODEV));
  // A new IOAS that takes the same id is not the compat IOAS.
  EXPECT_EQ(IoasAllocOk(), ioas_);
  EXPECT_THAT(iommufd().VfioIoas(uapi::kIommuVfioIoasGet), FailsWith(ENODEV));
}

TEST_F(CompatContainerTest, EverythingNeedsACompatIoas) {
  EXPECT_THAT(iommufd().VfioValue(uapi::kIoctlVfioSetIommu, uapi::kVfioType1v2Iommu),
              FailsWith(ENODEV));
  EXPECT_THAT(iommufd().VfioMapDma(kIova, buffer(), page_size()), FailsWith(ENODEV));
  EXPECT_THAT(iommufd().VfioUnmapDma(kIova, page_size()), FailsWith(ENODEV));
  std::vector<std::byte> info(sizeof(VfioIommuType1Info));
  EXPECT_THAT(iommufd().VfioIommuGetInfo(info, sizeof(VfioIommuType1Info)), FailsWith(ENODEV));
}

TEST_F(CompatContainerTest, SetIommuTakesOnlyType1) {
  SetCompatOk(ioas_);
  for (uint32_t type : {0u, uapi::kVfioSpaprTceIommu, uapi::kVfioNoiommuIommu, 11u}) {
    EXPECT_THAT(iommufd().VfioValue(uapi::kIoctlVfioSetIommu, type), FailsWith(EINVAL)) << type;
  }
  EXPECT_THAT(iommufd().VfioValue(uapi::kIoctlVfioSetIommu, uapi::kVfioType1v2Iommu), Succeeds());
  EXPECT_THAT(iommufd().Option(uapi::kIommuOptionHugePages, uapi::kIommuOptionOpGet, ioas_, 0),
              Succeeds());
}

TEST_F(CompatContainerTest, Type1TurnsHugePagesOff) {
  SetCompatOk(ioas_);
  EXPECT_THAT(iommufd().VfioValue(uapi::kIoctlVfioSetIommu, uapi::kVfioType1Iommu), Succeeds());
  Outcome got =
      iommufd().Option(uapi::kIommuOptionHugePages, uapi::kIommuOptionOpGet, ioas_, 0);
  ASSERT_THAT(got, Succeeds());
  EXPECT_EQ(got.As<uapi::IommuOption>().val64, 0u);
}

TEST_F(CompatContainerTest, Type1NeedsSplittableMappings) {
  SetCompatOk(ioas_);
  // Type1 must be able to cut any mapping at a page boundary: a mapping off the page grid
  // blocks it, and so does one already in a domain that may hold large pages.
  MapFixedOk(ioas_, buffer() + 1, page_size(), kIova + 1);
  EXPECT_THAT(iommufd().VfioValue(uapi::kIoctlVfioSetIommu, uapi::kVfioType1Iommu),
              FailsWith(EADDRINUSE));
  UnmapOk(ioas_, kIova + 1, page_size());
  if (!iommufd().MockDomain(ioas_).ok()) {
    GTEST_SKIP() << "this kernel's mock driver takes another command layout";
  }
  ASSERT_THAT(iommufd().VfioMapDma(0x2000000, buffer(), page_size()), Succeeds());
  EXPECT_THAT(iommufd().VfioValue(uapi::kIoctlVfioSetIommu, uapi::kVfioType1Iommu),
              FailsWith(EINVAL));
  EXPECT_THAT(iommufd().VfioUnmapDma(0, 0, uapi::kVfioDmaUnmapFlagAll), Succeeds());
  EXPECT_THAT(iommufd().VfioValue(uapi::kIoctlVfioSetIommu, uapi::kVfioType1Iommu), Succeeds());
}

TEST_F(CompatContainerTest, Type1UnmapsInsideAMapping) {
  SetCompatOk(ioas_);
  ASSERT_THAT(iommufd().VfioValue(uapi::kIoctlVfioSetIommu, uapi::kVfioType1Iommu), Succeeds());
  ASSERT_THAT(iommufd().VfioMapDma(kIova, buffer(), 4 * page_size()), Succeeds());
  // The middle two pages go; the outer ones stay as areas of their own.
  Outcome middle = iommufd().VfioUnmapDma(kIova + page_size(), 2 * page_size());
  ASSERT_THAT(middle, Succeeds());
  EXPECT_EQ(middle.As<uapi::VfioIommuType1DmaUnmap>().size, 2 * page_size());
  EXPECT_EQ(UnmapOk(ioas_, kIova, page_size()), page_size());
  EXPECT_EQ(UnmapOk(ioas_, kIova + 3 * page_size(), page_size()), page_size());
  // A cut that is not on a page boundary is refused.
  ASSERT_THAT(iommufd().VfioMapDma(kIova, buffer(), 2 * page_size()), Succeeds());
  EXPECT_THAT(iommufd().VfioUnmapDma(kIova + 1, page_size()), Fails());
  EXPECT_THAT(iommufd().VfioUnmapDma(kIova, 2 * page_size()), Succeeds());
}

TEST_F(CompatContainerTest, Type1SplitsTheFirstMappingAtIovaZero) {
  SetCompatOk(ioas_);
  ASSERT_THAT(iommufd().VfioValue(uapi::kIoctlVfioSetIommu, uapi::kVfioType1Iommu), Succeeds());
  ASSERT_THAT(iommufd().VfioMapDma(0, buffer(), 2 * page_size()), Succeeds());
  Outcome first = iommufd().VfioUnmapDma(0, page_size());
  ASSERT_THAT(first, Succeeds());
  EXPECT_EQ(UnmapOk(ioas_, page_size(), page_size()), page_size());
}

TEST_F(CompatContainerTest, MapDmaMapsIntoTheCompatIoas) {
  SetCompatOk(ioas_);
  ASSERT_THAT(iommufd().VfioMapDma(kIova, buffer(), 2 * page_size()), Succeeds());
  EXPECT_THAT(iommufd().VfioMapDma(kIova + page_size(), buffer(), page_size()), FailsWith(EEXIST));
  // The native view sees the same area.
  EXPECT_EQ(UnmapOk(ioas_, kIova, 2 * page_size()), 2 * page_size());
}

TEST_F(CompatContainerTest, MapDmaArgumentRules) {
  SetCompatOk(ioas_);
  EXPECT_THAT(iommufd().VfioMapDma(kIova, buffer(), page_size(), uapi::kVfioDmaMapFlagRead, 24),
              FailsWith(EINVAL));
  EXPECT_THAT(iommufd().VfioMapDma(kIova, buffer(), page_size(), uapi::kVfioDmaMapFlagVaddr),
              FailsWith(EINVAL));
  EXPECT_THAT(iommufd().VfioMapDma(kIova, buffer(), page_size(), 1u << 8), FailsWith(EINVAL));
  EXPECT_THAT(iommufd().VfioMapDma(kIova, buffer(), 0), FailsWith(EINVAL));
  EXPECT_THAT(iommufd().VfioMapDma(UINT64_MAX, buffer(), page_size()), FailsWith(EOVERFLOW));
  // Read-only and write-only maps are both fine; no access at all is the kernel's call.
  EXPECT_THAT(iommufd().VfioMapDma(kIova, buffer(), page_size(), uapi::kVfioDmaMapFlagRead),
              Succeeds());
  EXPECT_THAT(iommufd().VfioMapDma(2 * kIova, buffer(), page_size(), uapi::kVfioDmaMapFlagWrite),
              Succeeds());
  Outcome none = iommufd().VfioMapDma(3 * kIova, buffer(), page_size(), 0);
  EXPECT_THAT(none, ::testing::AnyOf(Succeeds(), FailsWith(EINVAL)));
}

TEST_F(CompatContainerTest, UnmapDmaRemovesWholeMappings) {
  SetCompatOk(ioas_);
  ASSERT_THAT(iommufd().VfioMapDma(kIova, buffer(), 2 * page_size()), Succeeds());
  // Part of a mapping cannot go in type1v2 mode.
  EXPECT_THAT(iommufd().VfioUnmapDma(kIova, page_size()), FailsWith(ENOENT));
  Outcome outcome = iommufd().VfioUnmapDma(kIova, 2 * page_size());
  ASSERT_THAT(outcome, Succeeds());
  EXPECT_THAT(iommufd().IoasUnmap(ioas_, kIova, 2 * page_size()), FailsWith(ENOENT));
}

TEST_F(CompatContainerTest, UnmapDmaOfNothing) {
  SetCompatOk(ioas_);
  // Since 6.18 an empty range is no error here, unlike IOMMU_IOAS_UNMAP.
  EXPECT_THAT(iommufd().VfioUnmapDma(kIova, page_size()),
              ::testing::AnyOf(Succeeds(), FailsWith(ENOENT)));
  EXPECT_THAT(iommufd().VfioUnmapDma(kIova, 0), FailsWith(EINVAL));
}

TEST_F(CompatContainerTest, UnmapDmaAll) {
  SetCompatOk(ioas_);
  ASSERT_THAT(iommufd().VfioMapDma(kIova, buffer(), page_size()), Succeeds());
  ASSERT_THAT(iommufd().VfioMapDma(2 * kIova, buffer(), page_size()), Succeeds());
  EXPECT_THAT(iommufd().VfioUnmapDma(kIova, 0, uapi::kVfioDmaUnmapFlagAll), FailsWith(EINVAL));
  EXPECT_THAT(iommufd().VfioUnmapDma(0, page_size(), uapi::kVfioDmaUnmapFlagAll),
              FailsWith(EINVAL));
  EXPECT_THAT(iommufd().VfioUnmapDma(0, 0, uapi::kVfioDmaUnmapFlagAll), Succeeds());
  EXPECT_THAT(iommufd().IoasUnmap(ioas_, 0, UINT64_MAX), Succeeds());
  EXPECT_THAT(iommufd().VfioMapDma(kIova, buffer(), page_size()), Succeeds());
}

TEST_F(CompatContainerTest, UnmapDmaRefusesDirtyAndVaddrFlags) {
  SetCompatOk(ioas_);
  ASSERT_THAT(iommufd().VfioMapDma(kIova, buffer(), page_size()), Succeeds());
  EXPECT_THAT(iommufd().VfioUnmapDma(kIova, page_size(), uapi::kVfioDmaUnmapFlagGetDirtyBitmap),
              FailsWith(EINVAL));
  EXPECT_THAT(iommufd().VfioUnmapDma(kIova, page_size(), uapi::kVfioDmaUnmapFlagVaddr),
              FailsWith(EINVAL));
  EXPECT_THAT(iommufd().VfioUnmapDma(kIova, page_size(), 0, 16), FailsWith(EINVAL));
  EXPECT_THAT(iommufd().VfioValue(uapi::kIoctlVfioIommuDirtyPages, 0), FailsWith(ENOTTY));
}

TEST_F(CompatContainerTest, GetInfoReportsPageSizesAndCapabilities) {
  SetCompatOk(ioas_);
  std::vector<std::byte> buffer(512);
  Outcome outcome = iommufd().VfioIommuGetInfo(buffer, static_cast<uint32_t>(buffer.size()));
  ASSERT_THAT(outcome, Succeeds());
  VfioIommuType1Info info;
  std::memcpy(&info, buffer.data(), sizeof(info));
  EXPECT_TRUE(info.flags & uapi::kVfioIommuInfoPgsizes);
  EXPECT_NE(info.iova_pgsizes & page_size(), 0u);
  EXPECT_GT(info.argsz, sizeof(info));
  EXPECT_LE(info.argsz, buffer.size());
  EXPECT_TRUE(FindCapability(buffer, uapi::kVfioIommuType1InfoCapIovaRange).has_value());
  EXPECT_TRUE(FindCapability(buffer, uapi::kVfioIommuType1InfoDmaAvail).has_value());
}

TEST_F(CompatContainerTest, GetInfoWithoutRoomForCapabilities) {
  SetCompatOk(ioas_);
  // argsz below the fixed part is refused; at the fixed part, argsz says what would be needed.
  std::vector<std::byte> buffer(64);
  EXPECT_THAT(iommufd().VfioIommuGetInfo(buffer, 8), FailsWith(EINVAL));
  std::vector<std::byte> exact(64);
  Outcome outcome = iommufd().VfioIommuGetInfo(exact, sizeof(VfioIommuType1Info));
  ASSERT_THAT(outcome, Succeeds());
  VfioIommuType1Info info;
  std::memcpy(&info, exact.data(), sizeof(info));
  EXPECT_GT(info.argsz, sizeof(info));
  // Each size in between fills what fits.
  for (uint32_t argsz = sizeof(info); argsz <= info.argsz; argsz += 4) {
    std::vector<std::byte> partial(96);
    EXPECT_THAT(iommufd().VfioIommuGetInfo(partial, argsz), Succeeds()) << argsz;
  }
}

TEST_F(CompatContainerTest, GetInfoFollowsReservedRangesAndMockDomains) {
  ASSERT_THAT(iommufd().AddReserved(ioas_, 0x200000, 0x100000), Succeeds());
  SetCompatOk(ioas_);
  std::vector<std::byte> buffer(512);
  ASSERT_THAT(iommufd().VfioIommuGetInfo(buffer, static_cast<uint32_t>(buffer.size())), Succeeds());
  if (!iommufd().MockDomain(ioas_).ok()) {
    GTEST_SKIP() << "this kernel's mock driver takes another command layout";
  }
  // The mock domain's page size and aperture show up.
  ASSERT_THAT(iommufd().VfioIommuGetInfo(buffer, static_cast<uint32_t>(buffer.size())), Succeeds());
  Outcome cc = iommufd().VfioValue(uapi::kIoctlVfioCheckExtension, uapi::kVfioDmaCcIommu);
  EXPECT_THAT(cc, Succeeds());
}

// With a VFIO device on the compat IOAS (VFIO platforms only).
TEST_F(VfioDeviceTest, CompatContainerSeesTheDevicesDomain) {
  BindOk();
  uint32_t ioas = IoasAllocOk();
  ASSERT_THAT(iommufd().VfioIoas(uapi::kIommuVfioIoasSet, ioas), Succeeds());
  AttachOk(ioas);
  std::vector<std::byte> info(512);
  ASSERT_THAT(iommufd().VfioIommuGetInfo(info, static_cast<uint32_t>(info.size())), Succeeds());
  Outcome cc = iommufd().VfioValue(uapi::kIoctlVfioCheckExtension, uapi::kVfioDmaCcIommu);
  ASSERT_THAT(cc, Succeeds());
  EXPECT_THAT(iommufd().VfioValue(uapi::kIoctlVfioSetIommu, uapi::kVfioType1v2Iommu), Succeeds());
  EXPECT_THAT(iommufd().VfioMapDma(0x100000, buffer(), page_size()), Succeeds());
  EXPECT_THAT(iommufd().VfioUnmapDma(0x100000, page_size()), Succeeds());
  // The device's reserved window is closed to MAP_DMA as to IOMMU_IOAS_MAP.
  auto ranges = IovaRangesOk(ioas);
  ASSERT_GT(ranges.size(), 1u);
  EXPECT_THAT(iommufd().VfioMapDma(ranges[0].last + 1, buffer(), page_size()), FailsWith(EINVAL));
  // With a domain the pages are pinned at once: a writable map of read-only memory fails.
  void* read_only = mmap(nullptr, page_size(), PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(read_only, MAP_FAILED);
  EXPECT_THAT(iommufd().VfioMapDma(0x200000, read_only, page_size()), Fails());
  EXPECT_THAT(iommufd().VfioMapDma(0x200000, read_only, page_size(), uapi::kVfioDmaMapFlagRead),
              Succeeds());
  EXPECT_THAT(iommufd().VfioUnmapDma(0, 0, uapi::kVfioDmaUnmapFlagAll), Succeeds());
  munmap(read_only, page_size());
}

}  // namespace
}  // namespace iommufd_conform
