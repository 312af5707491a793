// Device DMA as the oracle: QEMU's edu device reads and writes through the translation
// iommufd set up, so these cases check what a device really reaches after a map, an unmap,
// a copy and an IOAS switch, not only what the ioctls answered. In diff runs every transfer
// is also compared with the translation the model computes (Backend::DeviceDma). Each
// transfer costs about 0.1 s of guest time: a few per case.
#include <cstring>
#include <vector>

#include "suites/device/vfio_device_fixture.h"
#include "suites/support/suite_backend.h"

namespace iommufd_conform {
namespace {

using ::testing::ElementsAreArray;
using ::testing::Each;

// Below 256 MiB: edu's default DMA mask is 28 bits.
constexpr uint64_t kStagingIova = 0x100000;
constexpr uint64_t kDataIova = 0x200000;
constexpr uint32_t kLength = 64;

// Whether the IOMMU lets a transfer through: it reaches memory, its paging domain refuses
// it, or the device is attached to nothing.
enum class Transfer { kReaches, kRefused, kBlocked };

class DmaTest : public VfioDeviceTest {
 protected:
  void SetUp() override {
    VfioDeviceTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    // QEMU 10.0's AMD-Vi lets edu's DMA through untranslated whatever the kernel programs
    // (with the v1 and the v2 page table): the first transfer overwrote guest memory at the
    // staging IOVA and the guest died. Nothing about the kernel can be learnt from it there.
    if (SuitePlatform() == model::Platform::kAmdVi) {
      GTEST_SKIP() << "QEMU's AMD-Vi does not translate the device's DMA";
    }
    dev_ = BindOk();
    ioas_ = IoasAllocOk();
    MapStaging(ioas_);
    AttachOk(ioas_);
  }

  // Page 0 of the buffer is the driver's staging page, at kStagingIova in every IOAS the
  // device is attached to.
  void MapStaging(uint32_t ioas) { MapFixedOk(ioas, buffer(), page_size(), kStagingIova); }
  uint8_t* Page(size_t n) { return buffer() + n * page_size(); }

  // What the device read at `iova`; a byte the IOMMU refused reads as zero. A refused
  // transfer must reach the driver as a fault where the platform reports one.
  std::vector<uint8_t> DeviceReads(uint64_t iova, uint32_t length,
                                   Transfer transfer = Transfer::kReaches) {
    DeviceDmaRequest request{.iova = iova, .length = length, .bounce = Bounce(),
                             .bounce_iova = kStagingIova};
    Outcome outcome = SuiteBackend().DeviceDma(device_fd(), request);
    ExpectDone(outcome, transfer);
    return std::vector<uint8_t>(reinterpret_cast<const uint8_t*>(outcome.out.data()),
                                reinterpret_cast<const uint8_t*>(outcome.out.data()) +
                                    outcome.out.size());
  }
  void DeviceWrites(uint64_t iova, const std::vector<uint8_t>& bytes,
                    Transfer transfer = Transfer::kReaches) {
    DeviceDmaRequest request{.write = true, .iova = iova, .bytes = bytes, .bounce = Bounce(),
                             .bounce_iova = kStagingIova};
    ExpectDone(SuiteBackend().DeviceDma(device_fd(), request), transfer);
  }
  // DeviceDma's ret is 1 when the driver's fault interrupt came: on VT-d for every refusal,
  // on SMMUv3 for its paging domains' (a blocked stream aborts without an event).
  // virtio-iommu's fault events share an interrupt with its requests, so they are not
  // counted there.
  static void ExpectDone(const Outcome& outcome, Transfer transfer) {
    const model::Platform platform = SuitePlatform();
    const bool interrupt =
        (transfer == Transfer::kRefused &&
         (platform == model::Platform::kVtd || platform == model::Platform::kSmmuV3)) ||
        (transfer == Transfer::kBlocked && platform == model::Platform::kVtd);
    EXPECT_THAT(outcome, Succeeds());
    EXPECT_EQ(outcome.ret, interrupt ? 1 : 0) << "fault interrupts the transfer raised";
  }
  std::span<uint8_t> Bounce() { return {buffer(), page_size()}; }
  void MapWriteOnlyOk(uint8_t* page, uint64_t iova) {
    (void)Require(iommufd().IoasMap(ioas_, page, page_size(), iova,
                                    uapi::kIommuIoasMapFixedIova | uapi::kIommuIoasMapWriteable),
                  "write-only IOAS_MAP");
  }
  // Distinct bytes, so a shifted or partial transfer shows.
  static std::vector<uint8_t> Pattern(uint8_t seed, size_t length = kLength) {
    std::vector<uint8_t> bytes(length);
    for (size_t i = 0; i < length; ++i) bytes[i] = static_cast<uint8_t>(seed + 7 * i);
    return bytes;
  }
  std::vector<uint8_t> UserBytes(const uint8_t* at, size_t length = kLength) {
    return std::vector<uint8_t>(at, at + length);
  }

  uint32_t dev_ = 0;
  uint32_t ioas_ = 0;
};

TEST_F(DmaTest, TheDeviceReadsTheBytesTheMappingNames) {
  MapFixedOk(ioas_, Page(1), page_size(), kDataIova);
  std::vector<uint8_t> expected = Pattern(0x31);
  std::memcpy(Page(1) + 100, expected.data(), expected.size());
  EXPECT_THAT(DeviceReads(kDataIova + 100, kLength), ElementsAreArray(expected));
}

TEST_F(DmaTest, ADeviceWriteLandsInTheMappedPagesAndNowhereElse) {
  MapFixedOk(ioas_, Page(1), 2 * page_size(), kDataIova);
  std::memset(Page(1), 0x11, 2 * page_size());
  std::vector<uint8_t> data = Pattern(0x80);
  // Across the boundary of the two pages.
  const uint64_t offset = page_size() - kLength / 2;
  DeviceWrites(kDataIova + offset, data);
  EXPECT_THAT(UserBytes(Page(1) + offset), ElementsAreArray(data));
  EXPECT_EQ(Page(1)[offset - 1], 0x11);
  EXPECT_EQ(Page(1)[offset + kLength], 0x11);
}

TEST_F(DmaTest, AReadOnlyMappingRefusesDeviceWrites) {
  ASSERT_THAT(iommufd().IoasMap(ioas_, Page(1), page_size(), kDataIova,
                                uapi::kIommuIoasMapFixedIova | uapi::kIommuIoasMapReadable),
              Succeeds());
  std::memset(Page(1), 0x22, page_size());
  DeviceWrites(kDataIova, Pattern(0x90), Transfer::kRefused);
  EXPECT_THAT(UserBytes(Page(1)), Each(0x22));
  EXPECT_THAT(DeviceReads(kDataIova, kLength), Each(0x22));
}

// The device used the mapping just before the unmap, so a translation it cached must go too.
TEST_F(DmaTest, AfterUnmapTheDeviceNoLongerReachesThePage) {
  MapFixedOk(ioas_, Page(1), page_size(), kDataIova);
  DeviceWrites(kDataIova, Pattern(0x40));
  ASSERT_THAT(UserBytes(Page(1)), ElementsAreArray(Pattern(0x40)));
  UnmapOk(ioas_, kDataIova, page_size());
  std::memset(Page(1), 0x33, page_size());
  DeviceWrites(kDataIova, Pattern(0x50), Transfer::kRefused);
  EXPECT_THAT(UserBytes(Page(1)), Each(0x33));
}

TEST_F(DmaTest, AttachingAnotherIoasMovesTheDeviceToItsMappings) {
  MapFixedOk(ioas_, Page(1), page_size(), kDataIova);
  uint32_t other = IoasAllocOk();
  MapStaging(other);
  MapFixedOk(other, Page(2), page_size(), kDataIova);
  std::memcpy(Page(1), Pattern(0x01).data(), kLength);
  std::memcpy(Page(2), Pattern(0x02).data(), kLength);
  EXPECT_THAT(DeviceReads(kDataIova, kLength), ElementsAreArray(Pattern(0x01)));
  AttachOk(other);
  EXPECT_THAT(DeviceReads(kDataIova, kLength), ElementsAreArray(Pattern(0x02)));
}

TEST_F(DmaTest, ACopiedMappingReachesTheSamePages) {
  MapFixedOk(ioas_, Page(1), page_size(), kDataIova);
  uint32_t other = IoasAllocOk();
  MapStaging(other);
  const uint64_t copy_iova = kDataIova + 0x100000;
  ASSERT_THAT(iommufd().IoasCopy(other, ioas_, kDataIova, page_size(), copy_iova,
                                 kFixedReadWrite),
              Succeeds());
  AttachOk(other);
  DeviceWrites(copy_iova + 8, Pattern(0x60));
  EXPECT_THAT(UserBytes(Page(1) + 8), ElementsAreArray(Pattern(0x60)));
}

TEST_F(DmaTest, AnAutomaticMapIsReachedAtTheIovaItReturned) {
  std::memcpy(Page(3), Pattern(0x03).data(), kLength);
  uint64_t iova = MapAutoOk(ioas_, Page(3), page_size());
  EXPECT_THAT(DeviceReads(iova, kLength), ElementsAreArray(Pattern(0x03)));
}

// Whether the platform's IOMMU page tables can say "writeable, not readable". Arm's stage-1
// descriptors (smmuv3's paging domains) say read-only or read-write only.
bool PageTablesSayWriteOnly(model::Platform platform) {
  return platform != model::Platform::kSmmuV3;
}

// The IOMMU refuses the read: the device gets nothing of the page (QEMU's devices read zeros).
TEST_F(DmaTest, AWriteOnlyMappingRefusesDeviceReads) {
  if (!PageTablesSayWriteOnly(SuitePlatform())) {
    GTEST_SKIP() << "the IOMMU's page tables have no write-only mapping";
  }
  MapWriteOnlyOk(Page(1), kDataIova);
  std::memset(Page(1), 0x44, page_size());
  EXPECT_THAT(DeviceReads(kDataIova, kLength, Transfer::kRefused), Each(0x00));
  DeviceWrites(kDataIova, Pattern(0x45));
  EXPECT_THAT(UserBytes(Page(1)), ElementsAreArray(Pattern(0x45)));
}

// Where the page tables cannot refuse a read alone, a write-only map is read-write to the
// device; writes land as on any other platform.
TEST_F(DmaTest, AWriteOnlyMappingIsReadWhereThePageTablesCannotRefuseReads) {
  if (PageTablesSayWriteOnly(SuitePlatform())) {
    GTEST_SKIP() << "the IOMMU's page tables refuse reads of a write-only mapping";
  }
  MapWriteOnlyOk(Page(1), kDataIova);
  std::memset(Page(1), 0x44, page_size());
  EXPECT_THAT(DeviceReads(kDataIova, kLength), Each(0x44));
  DeviceWrites(kDataIova, Pattern(0x45));
  EXPECT_THAT(UserBytes(Page(1)), ElementsAreArray(Pattern(0x45)));
}

// A refused partial unmap leaves the whole area in place for the device too.
TEST_F(DmaTest, ARefusedPartialUnmapLeavesTheDeviceItsMapping) {
  MapFixedOk(ioas_, Page(1), 2 * page_size(), kDataIova);
  std::memcpy(Page(2), Pattern(0x12).data(), kLength);
  EXPECT_THAT(iommufd().IoasUnmap(ioas_, kDataIova, page_size()), FailsWith(ENOENT));
  EXPECT_THAT(DeviceReads(kDataIova + page_size(), kLength), ElementsAreArray(Pattern(0x12)));
}

TEST_F(DmaTest, UnmapAllTakesEveryMappingFromTheDevice) {
  MapFixedOk(ioas_, Page(1), page_size(), kDataIova);
  std::memset(Page(1), 0x55, page_size());
  EXPECT_THAT(DeviceReads(kDataIova, kLength), Each(0x55));
  UnmapOk(ioas_, 0, UINT64_MAX);
  // Unmap-all took the driver's staging page too.
  MapStaging(ioas_);
  EXPECT_THAT(DeviceReads(kDataIova, kLength, Transfer::kRefused), Each(0x00));
}

// Detached, the device is blocked: its writes land nowhere.
TEST_F(DmaTest, ADetachedDeviceReachesNothing) {
  MapFixedOk(ioas_, Page(1), page_size(), kDataIova);
  std::memset(Page(1), 0x66, page_size());
  DetachOk();
  DeviceWrites(kDataIova, Pattern(0x67), Transfer::kBlocked);
  EXPECT_THAT(UserBytes(Page(1)), Each(0x66));
}

// Replacing the device's HWPT with one on another IOAS switches its translation at once.
TEST_F(DmaTest, ReplacingTheHwptSwitchesTheTranslation) {
  MapFixedOk(ioas_, Page(1), page_size(), kDataIova);
  uint32_t other = IoasAllocOk();
  MapStaging(other);
  MapFixedOk(other, Page(2), page_size(), kDataIova);
  uint32_t hwpt = HwptAllocOk(dev_, other);
  std::memset(Page(1), 0x77, page_size());
  std::memset(Page(2), 0x78, page_size());
  EXPECT_THAT(DeviceReads(kDataIova, kLength), Each(0x77));
  EXPECT_EQ(AttachOk(hwpt), hwpt);
  DeviceWrites(kDataIova, Pattern(0x79));
  EXPECT_THAT(UserBytes(Page(2)), ElementsAreArray(Pattern(0x79)));
  EXPECT_THAT(UserBytes(Page(1)), Each(0x77));
}

}  // namespace
}  // namespace iommufd_conform
