// IOMMU_HWPT_INVALIDATE on selftest nested HWPTs (their mock IOTLB) and on selftest vIOMMUs
// (the mock device caches of their vDEVICEs), observed through MD_CHECK_IOTLB and
// DEV_CHECK_CACHE. entry_num is written back as the number of entries handled, also when
// the call fails.
#include <sys/mman.h>
#include <unistd.h>

#include <array>
#include <cstring>
#include <vector>

#include "suites/mock/viommu_fixture.h"

namespace iommufd_conform {
namespace {

using uapi::IommuHwptInvalidateSelftest;
using uapi::IommuViommuInvalidateSelftest;
using uapi::kIommuHwptInvalidateDataSelftest;
using uapi::kIommuHwptInvalidateDataSelftestInvalid;
using uapi::kIommuTestInvalidateFlagAll;
using uapi::kIommuTestIotlbDefault;
using uapi::kIommuTestDevCacheDefault;
using uapi::kIommuViommuInvalidateDataSelftest;

constexpr uint32_t kIotlbEntry = sizeof(IommuHwptInvalidateSelftest);
constexpr uint32_t kCacheEntry = sizeof(IommuViommuInvalidateSelftest);

// Entries of `entry_len` bytes each, the struct at the front of each and `tail` after it.
template <typename T>
std::vector<std::byte> Entries(const std::vector<T>& entries, uint32_t entry_len,
                               std::byte tail = std::byte{0}) {
  std::vector<std::byte> bytes(entries.size() * entry_len, tail);
  for (size_t i = 0; i < entries.size(); ++i) {
    std::memcpy(bytes.data() + i * entry_len, &entries[i], std::min<size_t>(sizeof(T), entry_len));
  }
  return bytes;
}

// Two pages of which only the first is mapped: entries placed at its end run into a fault.
class HalfMappedPages {
 public:
  HalfMappedPages() : size_(sysconf(_SC_PAGESIZE)) {
    void* pages = mmap(nullptr, 2 * size_, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    base_ = static_cast<std::byte*>(pages);
    munmap(base_ + size_, size_);
  }
  ~HalfMappedPages() { munmap(base_, size_); }
  // Where `bytes` must start to end exactly at the unmapped page, copied there.
  std::byte* PlaceAtEnd(const std::vector<std::byte>& bytes) {
    std::byte* at = base_ + size_ - bytes.size();
    std::memcpy(at, bytes.data(), bytes.size());
    return at;
  }

 private:
  size_t size_;
  std::byte* base_;
};

class MockInvalidateTest : public NestingTest {
 protected:
  void SetUp() override {
    NestingTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    nested_ = NestedAllocOk(parent_);
  }

  // Whether the nested HWPT's IOTLB entries hold these values.
  void ExpectIotlb(std::array<uint32_t, 4> values) {
    for (uint32_t i = 0; i < values.size(); ++i) {
      EXPECT_THAT(iommufd().CheckIotlb(nested_, i, values[i]), Succeeds()) << "iotlb " << i;
    }
  }
  Outcome InvalidateIotlb(const std::vector<IommuHwptInvalidateSelftest>& entries) {
    std::vector<std::byte> bytes = Entries(entries, kIotlbEntry);
    return iommufd().HwptInvalidate(nested_, kIommuHwptInvalidateDataSelftest, bytes.data(),
                                    kIotlbEntry, static_cast<uint32_t>(entries.size()));
  }

  uint32_t nested_ = 0;
  static constexpr uint32_t kD = kIommuTestIotlbDefault;
};

TEST_F(MockInvalidateTest, NestedIotlbStartsAtTheValueItWasAllocatedWith) {
  ExpectIotlb({kD, kD, kD, kD});
  uint32_t other = NestedAllocOk(parent_, 0x1234);
  EXPECT_THAT(iommufd().CheckIotlb(other, 3, 0x1234), Succeeds());
  EXPECT_THAT(iommufd().CheckIotlb(other, 0, kD), FailsWith(EINVAL));
}

TEST_F(MockInvalidateTest, CheckIotlbRules) {
  EXPECT_THAT(iommufd().CheckIotlb(nested_, 4, kD), FailsWith(EINVAL));
  EXPECT_THAT(iommufd().CheckIotlb(nested_, 0, 0), FailsWith(EINVAL));
  for (uint32_t id : {0u, parent_, ioas_, device_.idev, nested_ + 100}) {
    EXPECT_THAT(iommufd().CheckIotlb(id, 0, kD), FailsWith(ENOENT)) << id;
  }
  // The object is looked up before the IOTLB id is checked.
  EXPECT_THAT(iommufd().CheckIotlb(nested_ + 100, 4, kD), FailsWith(ENOENT));
}

TEST_F(MockInvalidateTest, OneEntryClearsOneIotlbEntry) {
  Outcome outcome = InvalidateIotlb({{0, 1}});
  EXPECT_THAT(outcome, Succeeds());
  EXPECT_EQ(Handled(outcome), 1u);
  ExpectIotlb({kD, 0, kD, kD});
}

TEST_F(MockInvalidateTest, SeveralEntriesAreHandledInOrder) {
  Outcome outcome = InvalidateIotlb({{0, 0}, {0, 3}, {0, 3}});
  EXPECT_THAT(outcome, Succeeds());
  EXPECT_EQ(Handled(outcome), 3u);
  ExpectIotlb({0, kD, kD, 0});
}

TEST_F(MockInvalidateTest, FlagAllClearsEveryEntryWhateverTheId) {
  Outcome outcome = InvalidateIotlb({{kIommuTestInvalidateFlagAll, 0}});
  EXPECT_THAT(outcome, Succeeds());
  ExpectIotlb({0, 0, 0, 0});
}

TEST_F(MockInvalidateTest, EntryNumZeroOnlyProbesTheDataType) {
  Outcome outcome =
      iommufd().HwptInvalidate(nested_, kIommuHwptInvalidateDataSelftest, nullptr, 0, 0);
  EXPECT_THAT(outcome, Succeeds());
  EXPECT_EQ(Handled(outcome), 0u);
  EXPECT_THAT(
      iommufd().HwptInvalidate(nested_, kIommuHwptInvalidateDataSelftestInvalid, nullptr, 0, 0),
      FailsWith(EINVAL));
  EXPECT_THAT(iommufd().HwptInvalidate(nested_, kIommuHwptInvalidateDataSelftest, nullptr, 3, 0),
              Succeeds());
  ExpectIotlb({kD, kD, kD, kD});
}

TEST_F(MockInvalidateTest, EntriesNeedAPointerAndALength) {
  IommuHwptInvalidateSelftest entry{0, 0};
  Outcome outcome =
      iommufd().HwptInvalidate(nested_, kIommuHwptInvalidateDataSelftest, nullptr, kIotlbEntry, 1);
  EXPECT_THAT(outcome, FailsWith(EINVAL));
  EXPECT_EQ(Handled(outcome), 0u);
  outcome = iommufd().HwptInvalidate(nested_, kIommuHwptInvalidateDataSelftest, &entry, 0, 1);
  EXPECT_THAT(outcome, FailsWith(EINVAL));
  EXPECT_EQ(Handled(outcome), 0u);
  // Those are checked before the HWPT is looked up.
  EXPECT_THAT(
      iommufd().HwptInvalidate(nested_ + 100, kIommuHwptInvalidateDataSelftest, nullptr, 8, 1),
      FailsWith(EINVAL));
  ExpectIotlb({kD, kD, kD, kD});
}

TEST_F(MockInvalidateTest, WrongDataTypeIsEinvalWithNothingHandled) {
  IommuHwptInvalidateSelftest entry{0, 0};
  for (uint32_t type : {kIommuHwptInvalidateDataSelftestInvalid,
                        uint32_t{uapi::kIommuHwptInvalidateDataVtdS1}}) {
    Outcome outcome = iommufd().HwptInvalidate(nested_, type, &entry, kIotlbEntry, 1);
    EXPECT_THAT(outcome, FailsWith(EINVAL)) << type;
    EXPECT_EQ(Handled(outcome), 0u);
  }
  ExpectIotlb({kD, kD, kD, kD});
}

TEST_F(MockInvalidateTest, EntryShorterThanTheIotlbIdIsEinval) {
  IommuHwptInvalidateSelftest entry{0, 0};
  for (uint32_t len : {1u, 4u, 7u}) {
    Outcome outcome =
        iommufd().HwptInvalidate(nested_, kIommuHwptInvalidateDataSelftest, &entry, len, 1);
    EXPECT_THAT(outcome, FailsWith(EINVAL)) << len;
    EXPECT_EQ(Handled(outcome), 0u);
  }
}

// Unlike the vIOMMU's, the nested domain's entries must be exactly its struct's size, zero
// tail or not (observed on 7.2).
TEST_F(MockInvalidateTest, LongerEntriesAreEinvalEvenWithZeroTails) {
  for (uint32_t len : {kIotlbEntry + 1, kIotlbEntry + 4, kIotlbEntry + 8}) {
    std::vector<std::byte> bytes = Entries<IommuHwptInvalidateSelftest>({{0, 1}, {0, 2}}, len);
    Outcome outcome =
        iommufd().HwptInvalidate(nested_, kIommuHwptInvalidateDataSelftest, bytes.data(), len, 2);
    EXPECT_THAT(outcome, FailsWith(EINVAL)) << len;
    EXPECT_EQ(Handled(outcome), 0u) << len;
  }
  ExpectIotlb({kD, kD, kD, kD});
}

TEST_F(MockInvalidateTest, LongerEntryWithANonZeroTailIsEinval) {
  constexpr uint32_t kLen = kIotlbEntry + 4;
  std::vector<std::byte> bytes = Entries<IommuHwptInvalidateSelftest>({{0, 1}, {0, 2}}, kLen);
  bytes[kLen + kIotlbEntry] = std::byte{1};  // the second entry's tail
  Outcome outcome =
      iommufd().HwptInvalidate(nested_, kIommuHwptInvalidateDataSelftest, bytes.data(), kLen, 2);
  EXPECT_THAT(outcome, FailsWith(EINVAL));
  EXPECT_EQ(Handled(outcome), 0u);
  ExpectIotlb({kD, kD, kD, kD});
}

TEST_F(MockInvalidateTest, UnknownEntryFlagIsEopnotsupp) {
  Outcome outcome = InvalidateIotlb({{0, 0}, {1u << 1, 1}, {0, 2}});
  EXPECT_THAT(outcome, FailsWith(EOPNOTSUPP));
  EXPECT_EQ(Handled(outcome), 1u);
  ExpectIotlb({0, kD, kD, kD});
}

TEST_F(MockInvalidateTest, IotlbIdAboveTheMaximumIsEinvalAfterTheEarlierEntries) {
  Outcome outcome = InvalidateIotlb({{0, 2}, {0, 4}});
  EXPECT_THAT(outcome, FailsWith(EINVAL));
  EXPECT_EQ(Handled(outcome), 1u);
  ExpectIotlb({kD, kD, 0, kD});
}

TEST_F(MockInvalidateTest, UnreadableEntriesAreEfault) {
  auto* bad = reinterpret_cast<const void*>(uintptr_t{8});
  Outcome outcome =
      iommufd().HwptInvalidate(nested_, kIommuHwptInvalidateDataSelftest, bad, kIotlbEntry, 2);
  EXPECT_THAT(outcome, FailsWith(EFAULT));
  EXPECT_EQ(Handled(outcome), 0u);
}

TEST_F(MockInvalidateTest, FaultInALaterEntryKeepsTheEarlierOnes) {
  HalfMappedPages pages;
  std::byte* entries = pages.PlaceAtEnd(Entries<IommuHwptInvalidateSelftest>({{0, 2}}, kIotlbEntry));
  Outcome outcome =
      iommufd().HwptInvalidate(nested_, kIommuHwptInvalidateDataSelftest, entries, kIotlbEntry, 2);
  EXPECT_THAT(outcome, FailsWith(EFAULT));
  EXPECT_EQ(Handled(outcome), 1u);
  ExpectIotlb({kD, kD, 0, kD});
}

TEST_F(MockInvalidateTest, ReservedFieldIsEopnotsupp) {
  IommuHwptInvalidateSelftest entry{0, 0};
  uapi::IommuHwptInvalidate arg{};
  arg.size = sizeof(arg);
  arg.hwpt_id = nested_;
  arg.data_uptr = reinterpret_cast<uintptr_t>(&entry);
  arg.data_type = kIommuHwptInvalidateDataSelftest;
  arg.entry_len = kIotlbEntry;
  arg.entry_num = 1;
  arg.reserved = 1;
  EXPECT_THAT(iommufd().Raw(uapi::kIoctlHwptInvalidate, &arg, sizeof(arg)), FailsWith(EOPNOTSUPP));
  ExpectIotlb({kD, kD, kD, kD});
}

TEST_F(MockInvalidateTest, OnlyNestedHwptsAndViommusTakeInvalidations) {
  IommuHwptInvalidateSelftest entry{0, 0};
  // Kernels before vIOMMUs looked the id up as a nested HWPT.
  int other_object = HasViommuIoctl() ? EINVAL : ENOENT;
  for (uint32_t id : {parent_, device_.hwpt, ioas_, device_.idev, device_.stdev}) {
    Outcome outcome =
        iommufd().HwptInvalidate(id, kIommuHwptInvalidateDataSelftest, &entry, kIotlbEntry, 1);
    EXPECT_THAT(outcome, FailsWith(other_object)) << id;
    EXPECT_EQ(Handled(outcome), 0u);
  }
  EXPECT_THAT(iommufd().HwptInvalidate(0, kIommuHwptInvalidateDataSelftest, &entry, kIotlbEntry, 1),
              FailsWith(ENOENT));
  EXPECT_THAT(iommufd().HwptInvalidate(nested_ + 100, kIommuHwptInvalidateDataSelftest, &entry,
                                       kIotlbEntry, 1),
              FailsWith(ENOENT));
}

TEST_F(MockInvalidateTest, NestedHwptHoldsItsParent) {
  EXPECT_THAT(iommufd().Destroy(parent_), FailsWith(EBUSY));
  DestroyOk(nested_);
  DestroyOk(parent_);
}

// Invalidation through a vIOMMU: each entry names a vDEVICE by its virtual id and one of the
// mock device's caches.
class MockViommuInvalidateTest : public ViommuTest {
 protected:
  static constexpr uint64_t kVirtId = 0x99;
  void SetUp() override {
    ViommuTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    vdevice_ = VdeviceAllocOk(viommu_, device_.idev, kVirtId);
  }

  void ExpectCaches(std::array<uint32_t, 4> values) {
    for (uint32_t i = 0; i < values.size(); ++i) {
      EXPECT_THAT(iommufd().CheckDevCache(device_.idev, i, values[i]), Succeeds()) << "cache " << i;
    }
  }
  Outcome InvalidateCaches(const std::vector<IommuViommuInvalidateSelftest>& entries,
                           uint32_t entry_len = kCacheEntry, std::byte tail = std::byte{0}) {
    std::vector<std::byte> bytes = Entries(entries, entry_len, tail);
    return iommufd().HwptInvalidate(viommu_, kIommuViommuInvalidateDataSelftest, bytes.data(),
                                    entry_len, static_cast<uint32_t>(entries.size()));
  }

  uint32_t vdevice_ = 0;
  static constexpr uint32_t kD = kIommuTestDevCacheDefault;
};

TEST_F(MockViommuInvalidateTest, DeviceCachesStartAtTheirDefault) {
  ExpectCaches({kD, kD, kD, kD});
  EXPECT_THAT(iommufd().CheckDevCache(device_.idev, 0, 0), FailsWith(EINVAL));
  EXPECT_THAT(iommufd().CheckDevCache(device_.idev, 4, kD), FailsWith(EINVAL));
  for (uint32_t id : {0u, device_.stdev, ioas_, viommu_, vdevice_ + 100}) {
    EXPECT_THAT(iommufd().CheckDevCache(id, 0, kD), FailsWith(ENOENT)) << id;
  }
}

TEST_F(MockViommuInvalidateTest, OneEntryClearsOneCacheOfTheNamedDevice) {
  MockDevice other = MockDomainOk(ioas_);
  VdeviceAllocOk(viommu_, other.idev, kVirtId + 1);
  Outcome outcome = InvalidateCaches({{0, kVirtId + 1, 2}});
  EXPECT_THAT(outcome, Succeeds());
  EXPECT_EQ(Handled(outcome), 1u);
  ExpectCaches({kD, kD, kD, kD});
  EXPECT_THAT(iommufd().CheckDevCache(other.idev, 2, 0), Succeeds());
  EXPECT_THAT(iommufd().CheckDevCache(other.idev, 1, kD), Succeeds());
}

TEST_F(MockViommuInvalidateTest, FlagAllClearsEveryCacheOfTheDevice) {
  Outcome outcome = InvalidateCaches({{kIommuTestInvalidateFlagAll, kVirtId, 0}});
  EXPECT_THAT(outcome, Succeeds());
  ExpectCaches({0, 0, 0, 0});
}

TEST_F(MockViommuInvalidateTest, EntryNumZeroOnlyProbesTheDataType) {
  Outcome outcome =
      iommufd().HwptInvalidate(viommu_, kIommuViommuInvalidateDataSelftest, nullptr, 0, 0);
  EXPECT_THAT(outcome, Succeeds());
  EXPECT_EQ(Handled(outcome), 0u);
  EXPECT_THAT(iommufd().HwptInvalidate(viommu_, uapi::kIommuViommuInvalidateDataSelftestInvalid,
                                       nullptr, 0, 0),
              FailsWith(EINVAL));
}

TEST_F(MockViommuInvalidateTest, WrongDataTypeIsEinval) {
  IommuViommuInvalidateSelftest entry{0, kVirtId, 0};
  Outcome outcome = iommufd().HwptInvalidate(
      viommu_, uapi::kIommuViommuInvalidateDataSelftestInvalid, &entry, kCacheEntry, 1);
  EXPECT_THAT(outcome, FailsWith(EINVAL));
  EXPECT_EQ(Handled(outcome), 0u);
  ExpectCaches({kD, kD, kD, kD});
}

TEST_F(MockViommuInvalidateTest, UnknownVirtualIdIsEinvalAfterTheEarlierEntries) {
  Outcome outcome = InvalidateCaches({{0, kVirtId, 0}, {0, kVirtId + 7, 1}, {0, kVirtId, 2}});
  EXPECT_THAT(outcome, FailsWith(EINVAL));
  EXPECT_EQ(Handled(outcome), 1u);
  ExpectCaches({0, kD, kD, kD});
}

TEST_F(MockViommuInvalidateTest, CacheIdAboveTheMaximumIsEinval) {
  Outcome outcome = InvalidateCaches({{0, kVirtId, 3}, {0, kVirtId, 4}});
  EXPECT_THAT(outcome, FailsWith(EINVAL));
  EXPECT_EQ(Handled(outcome), 1u);
  ExpectCaches({kD, kD, kD, 0});
}

TEST_F(MockViommuInvalidateTest, UnknownEntryFlagIsEopnotsupp) {
  Outcome outcome = InvalidateCaches({{0, kVirtId, 1}, {1u << 3, kVirtId, 2}});
  EXPECT_THAT(outcome, FailsWith(EOPNOTSUPP));
  EXPECT_EQ(Handled(outcome), 1u);
  ExpectCaches({kD, 0, kD, kD});
}

// Shorter entries are zero-extended: eight bytes stop before cache_id, which reads as 0;
// four stop before vdev_id, and no vDEVICE has virtual id 0.
TEST_F(MockViommuInvalidateTest, ShorterEntriesAreZeroExtended) {
  Outcome outcome = InvalidateCaches({{0, kVirtId, 3}, {0, kVirtId, 3}}, 4);
  EXPECT_THAT(outcome, FailsWith(EINVAL));
  EXPECT_EQ(Handled(outcome), 0u);
  ExpectCaches({kD, kD, kD, kD});
  outcome = InvalidateCaches({{0, kVirtId, 3}, {0, kVirtId, 3}}, 8);
  EXPECT_THAT(outcome, Succeeds());
  EXPECT_EQ(Handled(outcome), 2u);
  ExpectCaches({0, kD, kD, kD});
}

TEST_F(MockViommuInvalidateTest, LongerEntriesWithZeroTailsAreTaken) {
  Outcome outcome = InvalidateCaches({{0, kVirtId, 0}, {0, kVirtId, 3}}, kCacheEntry + 4);
  EXPECT_THAT(outcome, Succeeds());
  EXPECT_EQ(Handled(outcome), 2u);
  ExpectCaches({0, kD, kD, 0});
}

TEST_F(MockViommuInvalidateTest, LongerEntriesWithNonZeroTailsAreE2bigBeforeAnyIsHandled) {
  Outcome outcome =
      InvalidateCaches({{0, kVirtId, 0}, {0, kVirtId, 3}}, kCacheEntry + 4, std::byte{0x5a});
  EXPECT_THAT(outcome, FailsWith(E2BIG));
  EXPECT_EQ(Handled(outcome), 0u);
  ExpectCaches({kD, kD, kD, kD});
}

TEST_F(MockViommuInvalidateTest, UnreadableEntriesAreEfault) {
  auto* bad = reinterpret_cast<const void*>(uintptr_t{8});
  Outcome outcome =
      iommufd().HwptInvalidate(viommu_, kIommuViommuInvalidateDataSelftest, bad, kCacheEntry, 1);
  EXPECT_THAT(outcome, FailsWith(EFAULT));
  EXPECT_EQ(Handled(outcome), 0u);
}

TEST_F(MockViommuInvalidateTest, FaultInALaterEntryStopsBeforeAnyIsHandled) {
  HalfMappedPages pages;
  std::byte* entries =
      pages.PlaceAtEnd(Entries<IommuViommuInvalidateSelftest>({{0, kVirtId, 1}}, kCacheEntry));
  Outcome outcome = iommufd().HwptInvalidate(viommu_, kIommuViommuInvalidateDataSelftest, entries,
                                             kCacheEntry, 2);
  EXPECT_THAT(outcome, FailsWith(EFAULT));
  EXPECT_EQ(Handled(outcome), 0u);
  ExpectCaches({kD, kD, kD, kD});
}

TEST_F(MockViommuInvalidateTest, DestroyedVdeviceIsNoLongerFound) {
  DestroyOk(vdevice_);
  Outcome outcome = InvalidateCaches({{0, kVirtId, 0}});
  EXPECT_THAT(outcome, FailsWith(EINVAL));
  EXPECT_EQ(Handled(outcome), 0u);
  ExpectCaches({kD, kD, kD, kD});
}

TEST_F(MockViommuInvalidateTest, NestedHwptOnTheViommuInvalidatesItsIotlb) {
  uint32_t nested = NestedAllocOk(viommu_);
  IommuHwptInvalidateSelftest entry{0, 2};
  Outcome outcome =
      iommufd().HwptInvalidate(nested, kIommuHwptInvalidateDataSelftest, &entry, kIotlbEntry, 1);
  EXPECT_THAT(outcome, Succeeds());
  EXPECT_EQ(Handled(outcome), 1u);
  EXPECT_THAT(iommufd().CheckIotlb(nested, 2, 0), Succeeds());
  EXPECT_THAT(iommufd().CheckIotlb(nested, 1, kIommuTestIotlbDefault), Succeeds());
  ExpectCaches({kD, kD, kD, kD});
}

}  // namespace
}  // namespace iommufd_conform
