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

// The compat calls, on any session.
class Compat {
 public:
  explicit Compat(IommufdSession& session) : session_(session) {}

  // An ioctl whose argument is a number, not a pointer.
  Outcome Value(unsigned long request, uint64_t value) {
    return session_.backend().Ioctl(session_.fd(), request,
                                    reinterpret_cast<void*>(static_cast<uintptr_t>(value)), 0);
  }
  Outcome VfioIoas(uint16_t op, uint32_t ioas_id = 0, uint16_t reserved = 0) {
    uapi::IommuVfioIoas arg{};
    arg.size = sizeof(arg);
    arg.ioas_id = ioas_id;
    arg.op = op;
    arg.reserved = reserved;
    return session_.Raw(uapi::kIoctlVfioIoas, &arg, sizeof(arg));
  }
  Outcome MapDma(uint64_t iova, const void* va, uint64_t size,
                 uint32_t flags = uapi::kVfioDmaMapFlagRead | uapi::kVfioDmaMapFlagWrite,
                 uint32_t argsz = sizeof(uapi::VfioIommuType1DmaMap)) {
    uapi::VfioIommuType1DmaMap map{argsz, flags, reinterpret_cast<uintptr_t>(va), iova, size};
    return session_.Raw(uapi::kIoctlVfioIommuMapDma, &map, sizeof(map));
  }
  Outcome UnmapDma(uint64_t iova, uint64_t size, uint32_t flags = 0,
                   uint32_t argsz = sizeof(uapi::VfioIommuType1DmaUnmap)) {
    uapi::VfioIommuType1DmaUnmap unmap{argsz, flags, iova, size};
    return session_.Raw(uapi::kIoctlVfioIommuUnmapDma, &unmap, sizeof(unmap));
  }
  // VFIO_IOMMU_GET_INFO with `argsz` claimed over a buffer of `buffer->size()` bytes.
  Outcome GetInfo(std::vector<std::byte>* buffer, uint32_t argsz) {
    std::memcpy(buffer->data(), &argsz, sizeof(argsz));
    return session_.Raw(uapi::kIoctlVfioIommuGetInfo, buffer->data(), buffer->size());
  }

 private:
  IommufdSession& session_;
};

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
  Compat compat() { return Compat(iommufd()); }
  void SetCompatOk(uint32_t ioas) {
    EXPECT_THAT(compat().VfioIoas(uapi::kIommuVfioIoasSet, ioas), Succeeds());
  }
  static constexpr uint64_t kIova = 0x100000;
};

TEST_F(CompatContainerTest, ApiVersionIsZero) {
  Outcome outcome = compat().Value(uapi::kIoctlVfioGetApiVersion, 0);
  ASSERT_THAT(outcome, Succeeds());
  EXPECT_EQ(outcome.ret, uapi::kVfioApiVersion);
}

TEST_F(CompatContainerTest, ExtensionsOffered) {
  for (uint32_t type : {uapi::kVfioType1Iommu, uapi::kVfioType1v2Iommu, uapi::kVfioUnmapAll}) {
    Outcome outcome = compat().Value(uapi::kIoctlVfioCheckExtension, type);
    ASSERT_THAT(outcome, Succeeds());
    EXPECT_EQ(outcome.ret, 1) << type;
  }
  for (uint32_t type : {0u, uapi::kVfioSpaprTceIommu, uapi::kVfioEeh,
                        uapi::kVfioReservedType1NestingIommu, uapi::kVfioSpaprTceV2Iommu,
                        uapi::kVfioUpdateVaddr, 11u, 0xffffu}) {
    Outcome outcome = compat().Value(uapi::kIoctlVfioCheckExtension, type);
    ASSERT_THAT(outcome, Succeeds());
    EXPECT_EQ(outcome.ret, 0) << type;
  }
  // NOIOMMU is offered only by kernels built with VFIO_NOIOMMU.
  Outcome noiommu = compat().Value(uapi::kIoctlVfioCheckExtension, uapi::kVfioNoiommuIommu);
  ASSERT_THAT(noiommu, Succeeds());
  EXPECT_LE(noiommu.ret, 1);
}

TEST_F(CompatContainerTest, CacheCoherencyNeedsACompatIoas) {
  EXPECT_THAT(compat().Value(uapi::kIoctlVfioCheckExtension, uapi::kVfioDmaCcIommu),
              FailsWith(ENODEV));
  SetCompatOk(ioas_);
  // With no domain at all, nothing breaks coherency.
  Outcome outcome = compat().Value(uapi::kIoctlVfioCheckExtension, uapi::kVfioDmaCcIommu);
  ASSERT_THAT(outcome, Succeeds());
  EXPECT_EQ(outcome.ret, 1);
}

TEST_F(CompatContainerTest, VfioIoasGetSetClear) {
  EXPECT_THAT(compat().VfioIoas(uapi::kIommuVfioIoasGet), FailsWith(ENODEV));
  EXPECT_THAT(compat().VfioIoas(uapi::kIommuVfioIoasSet, 9999), FailsWith(ENOENT));
  SetCompatOk(ioas_);
  Outcome got = compat().VfioIoas(uapi::kIommuVfioIoasGet);
  ASSERT_THAT(got, Succeeds());
  EXPECT_EQ(got.As<uapi::IommuVfioIoas>().ioas_id, ioas_);
  EXPECT_THAT(compat().VfioIoas(uapi::kIommuVfioIoasClear), Succeeds());
  EXPECT_THAT(compat().VfioIoas(uapi::kIommuVfioIoasGet), FailsWith(ENODEV));
  // Clearing does not destroy the IOAS.
  DestroyOk(ioas_);
}

TEST_F(CompatContainerTest, VfioIoasArgumentRules) {
  EXPECT_THAT(compat().VfioIoas(uapi::kIommuVfioIoasGet, 0, 1), FailsWith(EOPNOTSUPP));
  EXPECT_THAT(compat().VfioIoas(3), FailsWith(EOPNOTSUPP));
  EXPECT_THAT(compat().VfioIoas(uapi::kIommuVfioIoasSet, ioas_ + 1), FailsWith(ENOENT));
}

TEST_F(CompatContainerTest, DestroyingTheCompatIoasClearsIt) {
  SetCompatOk(ioas_);
  DestroyOk(ioas_);
  EXPECT_THAT(compat().VfioIoas(uapi::kIommuVfioIoasGet), FailsWith(ENODEV));
  // A new IOAS that takes the same id is not the compat IOAS.
  EXPECT_EQ(IoasAllocOk(), ioas_);
  EXPECT_THAT(compat().VfioIoas(uapi::kIommuVfioIoasGet), FailsWith(ENODEV));
}

TEST_F(CompatContainerTest, EverythingNeedsACompatIoas) {
  EXPECT_THAT(compat().Value(uapi::kIoctlVfioSetIommu, uapi::kVfioType1v2Iommu),
              FailsWith(ENODEV));
  EXPECT_THAT(compat().MapDma(kIova, buffer(), page_size()), FailsWith(ENODEV));
  EXPECT_THAT(compat().UnmapDma(kIova, page_size()), FailsWith(ENODEV));
  std::vector<std::byte> info(sizeof(VfioIommuType1Info));
  EXPECT_THAT(compat().GetInfo(&info, sizeof(VfioIommuType1Info)), FailsWith(ENODEV));
}

TEST_F(CompatContainerTest, SetIommuTakesOnlyType1) {
  SetCompatOk(ioas_);
  for (uint32_t type : {0u, uapi::kVfioSpaprTceIommu, uapi::kVfioNoiommuIommu, 11u}) {
    EXPECT_THAT(compat().Value(uapi::kIoctlVfioSetIommu, type), FailsWith(EINVAL)) << type;
  }
  EXPECT_THAT(compat().Value(uapi::kIoctlVfioSetIommu, uapi::kVfioType1v2Iommu), Succeeds());
  EXPECT_THAT(iommufd().Option(uapi::kIommuOptionHugePages, uapi::kIommuOptionOpGet, ioas_, 0),
              Succeeds());
}

TEST_F(CompatContainerTest, Type1TurnsHugePagesOff) {
  SetCompatOk(ioas_);
  EXPECT_THAT(compat().Value(uapi::kIoctlVfioSetIommu, uapi::kVfioType1Iommu), Succeeds());
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
  EXPECT_THAT(compat().Value(uapi::kIoctlVfioSetIommu, uapi::kVfioType1Iommu),
              FailsWith(EADDRINUSE));
  UnmapOk(ioas_, kIova + 1, page_size());
  uapi::IommuTestCmd cmd{};
  cmd.size = sizeof(cmd);
  cmd.op = uapi::kIommuTestOpMockDomain;
  cmd.id = ioas_;
  if (!iommufd().Raw(uapi::kIoctlTestCmd, &cmd, sizeof(cmd)).ok()) {
    GTEST_SKIP() << "this kernel's mock driver takes another command layout";
  }
  ASSERT_THAT(compat().MapDma(0x2000000, buffer(), page_size()), Succeeds());
  EXPECT_THAT(compat().Value(uapi::kIoctlVfioSetIommu, uapi::kVfioType1Iommu),
              FailsWith(EINVAL));
  EXPECT_THAT(compat().UnmapDma(0, 0, uapi::kVfioDmaUnmapFlagAll), Succeeds());
  EXPECT_THAT(compat().Value(uapi::kIoctlVfioSetIommu, uapi::kVfioType1Iommu), Succeeds());
}

TEST_F(CompatContainerTest, Type1UnmapsInsideAMapping) {
  SetCompatOk(ioas_);
  ASSERT_THAT(compat().Value(uapi::kIoctlVfioSetIommu, uapi::kVfioType1Iommu), Succeeds());
  ASSERT_THAT(compat().MapDma(kIova, buffer(), 4 * page_size()), Succeeds());
  // The middle two pages go; the outer ones stay as areas of their own.
  Outcome middle = compat().UnmapDma(kIova + page_size(), 2 * page_size());
  ASSERT_THAT(middle, Succeeds());
  EXPECT_EQ(middle.As<uapi::VfioIommuType1DmaUnmap>().size, 2 * page_size());
  EXPECT_EQ(UnmapOk(ioas_, kIova, page_size()), page_size());
  EXPECT_EQ(UnmapOk(ioas_, kIova + 3 * page_size(), page_size()), page_size());
  // A cut that is not on a page boundary is refused.
  ASSERT_THAT(compat().MapDma(kIova, buffer(), 2 * page_size()), Succeeds());
  EXPECT_FALSE(compat().UnmapDma(kIova + 1, page_size()).ok());
  EXPECT_THAT(compat().UnmapDma(kIova, 2 * page_size()), Succeeds());
}

TEST_F(CompatContainerTest, Type1SplitsTheFirstMappingAtIovaZero) {
  SetCompatOk(ioas_);
  ASSERT_THAT(compat().Value(uapi::kIoctlVfioSetIommu, uapi::kVfioType1Iommu), Succeeds());
  ASSERT_THAT(compat().MapDma(0, buffer(), 2 * page_size()), Succeeds());
  Outcome first = compat().UnmapDma(0, page_size());
  ASSERT_THAT(first, Succeeds());
  EXPECT_EQ(UnmapOk(ioas_, page_size(), page_size()), page_size());
}

TEST_F(CompatContainerTest, MapDmaMapsIntoTheCompatIoas) {
  SetCompatOk(ioas_);
  ASSERT_THAT(compat().MapDma(kIova, buffer(), 2 * page_size()), Succeeds());
  EXPECT_THAT(compat().MapDma(kIova + page_size(), buffer(), page_size()), FailsWith(EEXIST));
  // The native view sees the same area.
  EXPECT_EQ(UnmapOk(ioas_, kIova, 2 * page_size()), 2 * page_size());
}

TEST_F(CompatContainerTest, MapDmaArgumentRules) {
  SetCompatOk(ioas_);
  EXPECT_THAT(compat().MapDma(kIova, buffer(), page_size(), uapi::kVfioDmaMapFlagRead, 24),
              FailsWith(EINVAL));
  EXPECT_THAT(compat().MapDma(kIova, buffer(), page_size(), uapi::kVfioDmaMapFlagVaddr),
              FailsWith(EINVAL));
  EXPECT_THAT(compat().MapDma(kIova, buffer(), page_size(), 1u << 8), FailsWith(EINVAL));
  EXPECT_THAT(compat().MapDma(kIova, buffer(), 0), FailsWith(EINVAL));
  EXPECT_THAT(compat().MapDma(UINT64_MAX, buffer(), page_size()), FailsWith(EOVERFLOW));
  // Read-only and write-only maps are both fine; no access at all is the kernel's call.
  EXPECT_THAT(compat().MapDma(kIova, buffer(), page_size(), uapi::kVfioDmaMapFlagRead),
              Succeeds());
  EXPECT_THAT(compat().MapDma(2 * kIova, buffer(), page_size(), uapi::kVfioDmaMapFlagWrite),
              Succeeds());
  Outcome none = compat().MapDma(3 * kIova, buffer(), page_size(), 0);
  EXPECT_THAT(none, ::testing::AnyOf(Succeeds(), FailsWith(EINVAL)));
}

TEST_F(CompatContainerTest, UnmapDmaRemovesWholeMappings) {
  SetCompatOk(ioas_);
  ASSERT_THAT(compat().MapDma(kIova, buffer(), 2 * page_size()), Succeeds());
  // Part of a mapping cannot go in type1v2 mode.
  EXPECT_THAT(compat().UnmapDma(kIova, page_size()), FailsWith(ENOENT));
  Outcome outcome = compat().UnmapDma(kIova, 2 * page_size());
  ASSERT_THAT(outcome, Succeeds());
  EXPECT_THAT(iommufd().IoasUnmap(ioas_, kIova, 2 * page_size()), FailsWith(ENOENT));
}

TEST_F(CompatContainerTest, UnmapDmaOfNothing) {
  SetCompatOk(ioas_);
  // Since 6.18 an empty range is no error here, unlike IOMMU_IOAS_UNMAP.
  EXPECT_THAT(compat().UnmapDma(kIova, page_size()),
              ::testing::AnyOf(Succeeds(), FailsWith(ENOENT)));
  EXPECT_THAT(compat().UnmapDma(kIova, 0), FailsWith(EINVAL));
}

TEST_F(CompatContainerTest, UnmapDmaAll) {
  SetCompatOk(ioas_);
  ASSERT_THAT(compat().MapDma(kIova, buffer(), page_size()), Succeeds());
  ASSERT_THAT(compat().MapDma(2 * kIova, buffer(), page_size()), Succeeds());
  EXPECT_THAT(compat().UnmapDma(kIova, 0, uapi::kVfioDmaUnmapFlagAll), FailsWith(EINVAL));
  EXPECT_THAT(compat().UnmapDma(0, page_size(), uapi::kVfioDmaUnmapFlagAll), FailsWith(EINVAL));
  EXPECT_THAT(compat().UnmapDma(0, 0, uapi::kVfioDmaUnmapFlagAll), Succeeds());
  EXPECT_THAT(iommufd().IoasUnmap(ioas_, 0, UINT64_MAX), Succeeds());
  EXPECT_THAT(compat().MapDma(kIova, buffer(), page_size()), Succeeds());
}

TEST_F(CompatContainerTest, UnmapDmaRefusesDirtyAndVaddrFlags) {
  SetCompatOk(ioas_);
  ASSERT_THAT(compat().MapDma(kIova, buffer(), page_size()), Succeeds());
  EXPECT_THAT(compat().UnmapDma(kIova, page_size(), uapi::kVfioDmaUnmapFlagGetDirtyBitmap),
              FailsWith(EINVAL));
  EXPECT_THAT(compat().UnmapDma(kIova, page_size(), uapi::kVfioDmaUnmapFlagVaddr),
              FailsWith(EINVAL));
  EXPECT_THAT(compat().UnmapDma(kIova, page_size(), 0, 16), FailsWith(EINVAL));
  EXPECT_THAT(compat().Value(uapi::kIoctlVfioIommuDirtyPages, 0), FailsWith(ENOTTY));
}

TEST_F(CompatContainerTest, GetInfoReportsPageSizesAndCapabilities) {
  SetCompatOk(ioas_);
  std::vector<std::byte> buffer(512);
  Outcome outcome = compat().GetInfo(&buffer, static_cast<uint32_t>(buffer.size()));
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
  EXPECT_THAT(compat().GetInfo(&buffer, 8), FailsWith(EINVAL));
  std::vector<std::byte> exact(64);
  Outcome outcome = compat().GetInfo(&exact, sizeof(VfioIommuType1Info));
  ASSERT_THAT(outcome, Succeeds());
  VfioIommuType1Info info;
  std::memcpy(&info, exact.data(), sizeof(info));
  EXPECT_GT(info.argsz, sizeof(info));
  // Each size in between fills what fits.
  for (uint32_t argsz = sizeof(info); argsz <= info.argsz; argsz += 4) {
    std::vector<std::byte> partial(96);
    EXPECT_THAT(compat().GetInfo(&partial, argsz), Succeeds()) << argsz;
  }
}

TEST_F(CompatContainerTest, GetInfoFollowsReservedRangesAndMockDomains) {
  uapi::IommuTestCmd cmd{};
  cmd.size = sizeof(cmd);
  cmd.op = uapi::kIommuTestOpAddReserved;
  cmd.id = ioas_;
  cmd.add_reserved.start = 0x200000;
  cmd.add_reserved.length = 0x100000;
  ASSERT_THAT(iommufd().Raw(uapi::kIoctlTestCmd, &cmd, sizeof(cmd)), Succeeds());
  SetCompatOk(ioas_);
  std::vector<std::byte> buffer(512);
  ASSERT_THAT(compat().GetInfo(&buffer, static_cast<uint32_t>(buffer.size())), Succeeds());
  cmd = {};
  cmd.size = sizeof(cmd);
  cmd.op = uapi::kIommuTestOpMockDomain;
  cmd.id = ioas_;
  if (!iommufd().Raw(uapi::kIoctlTestCmd, &cmd, sizeof(cmd)).ok()) {
    GTEST_SKIP() << "this kernel's mock driver takes another command layout";
  }
  // The mock domain's page size and aperture show up.
  ASSERT_THAT(compat().GetInfo(&buffer, static_cast<uint32_t>(buffer.size())), Succeeds());
  Outcome cc = compat().Value(uapi::kIoctlVfioCheckExtension, uapi::kVfioDmaCcIommu);
  EXPECT_THAT(cc, Succeeds());
}

// With a VFIO device on the compat IOAS (VFIO platforms only).
TEST_F(VfioDeviceTest, CompatContainerSeesTheDevicesDomain) {
  BindOk();
  uint32_t ioas = IoasAllocOk();
  Compat compat(iommufd());
  ASSERT_THAT(compat.VfioIoas(uapi::kIommuVfioIoasSet, ioas), Succeeds());
  AttachOk(ioas);
  std::vector<std::byte> info(512);
  ASSERT_THAT(compat.GetInfo(&info, static_cast<uint32_t>(info.size())), Succeeds());
  Outcome cc = compat.Value(uapi::kIoctlVfioCheckExtension, uapi::kVfioDmaCcIommu);
  ASSERT_THAT(cc, Succeeds());
  EXPECT_THAT(compat.Value(uapi::kIoctlVfioSetIommu, uapi::kVfioType1v2Iommu), Succeeds());
  EXPECT_THAT(compat.MapDma(0x100000, buffer(), page_size()), Succeeds());
  EXPECT_THAT(compat.UnmapDma(0x100000, page_size()), Succeeds());
  // The device's reserved window is closed to MAP_DMA as to IOMMU_IOAS_MAP.
  auto ranges = IovaRangesOk(ioas);
  ASSERT_GT(ranges.size(), 1u);
  EXPECT_THAT(compat.MapDma(ranges[0].last + 1, buffer(), page_size()), FailsWith(EINVAL));
  // With a domain the pages are pinned at once: a writable map of read-only memory fails.
  void* read_only = mmap(nullptr, page_size(), PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(read_only, MAP_FAILED);
  EXPECT_FALSE(compat.MapDma(0x200000, read_only, page_size()).ok());
  EXPECT_THAT(compat.MapDma(0x200000, read_only, page_size(), uapi::kVfioDmaMapFlagRead),
              Succeeds());
  EXPECT_THAT(compat.UnmapDma(0, 0, uapi::kVfioDmaUnmapFlagAll), Succeeds());
  munmap(read_only, page_size());
}

}  // namespace
}  // namespace iommufd_conform
