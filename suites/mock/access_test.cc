// Selftest accesses: CREATE_ACCESS, ACCESS_PAGES, DESTROY_ACCESS_PAGES, ACCESS_RW,
// ACCESS_REPLACE_IOAS, and what IOAS_UNMAP does to pages an access holds.
#include <sys/mman.h>
#include <unistd.h>

#include <cstring>

#include "reference/uapi/vfio.h"
#include "suites/mock/access_test.h"
#include "suites/support/suite_backend.h"

namespace iommufd_conform {
namespace {

using uapi::IommuTestCmd;

constexpr uint32_t kPin = uapi::kMockFlagsAccessCreateNeedsPinPages;
constexpr uint64_t kIova = uapi::kMockApertureStart;

// ---- CREATE_ACCESS and the access object ----

TEST_F(AccessTest, CreateAccessHandsOutADescriptor) {
  int pinning = CreateAccessOk(ioas_, kPin);
  int plain = CreateAccessOk(ioas_, 0);
  EXPECT_GE(pinning, 0);
  EXPECT_GE(plain, 0);
  EXPECT_NE(pinning, plain);
  CloseAccessOk(pinning);
  CloseAccessOk(plain);
}

TEST_F(AccessTest, CreateAccessRefusesUnknownFlags) {
  EXPECT_THAT(CreateAccess(ioas_, 2), FailsWith(EOPNOTSUPP));
  EXPECT_THAT(CreateAccess(ioas_, 0x80000000u), FailsWith(EOPNOTSUPP));
}

TEST_F(AccessTest, CreateAccessNeedsAnIoas) {
  EXPECT_THAT(CreateAccess(ioas_ + 100, kPin), FailsWith(ENOENT));
  EXPECT_THAT(CreateAccess(0, kPin), FailsWith(ENOENT));
  MockDevice device = MockDomainOk(ioas_);
  EXPECT_THAT(CreateAccess(device.hwpt, kPin), FailsWith(ENOENT));
  EXPECT_THAT(CreateAccess(device.stdev, 0), FailsWith(ENOENT));
}

TEST_F(AccessTest, TheAccessTakesAnObjectIdNobodyCanDestroy) {
  int access = CreateAccessOk(ioas_, kPin);
  // The access object sits between the IOAS and the next object.
  uint32_t next = IoasAllocOk();
  EXPECT_EQ(next, ioas_ + 2);
  EXPECT_THAT(iommufd().Destroy(ioas_ + 1), FailsWith(EBUSY));
  CloseAccessOk(access);
  // Closing the descriptor destroys the object and frees its id.
  EXPECT_THAT(iommufd().Destroy(ioas_ + 1), FailsWith(ENOENT));
  EXPECT_EQ(IoasAllocOk(), ioas_ + 1);
}

TEST_F(AccessTest, FailedCreateAccessLeavesNoObject) {
  EXPECT_THAT(CreateAccess(ioas_ + 100, kPin), FailsWith(ENOENT));
  EXPECT_EQ(IoasAllocOk(), ioas_ + 1);
}

TEST_F(AccessTest, AnAccessKeepsItsIoasBusy) {
  int access = CreateAccessOk(ioas_, 0);
  EXPECT_THAT(iommufd().Destroy(ioas_), FailsWith(EBUSY));
  CloseAccessOk(access);
  DestroyOk(ioas_);
}

TEST_F(AccessTest, TheAccessDescriptorServesNoIoctlsReadsOrWrites) {
  int access = CreateAccessOk(ioas_, kPin);
  IommuTestCmd cmd{};
  cmd.size = sizeof(cmd);
  EXPECT_THAT(iommufd().RawOn(access, uapi::kIoctlTestCmd, &cmd, sizeof(cmd)), FailsWith(ENOTTY));
  uint8_t byte = 0;
  EXPECT_THAT(iommufd().backend().Read(access, &byte, 1), FailsWith(EINVAL));
  EXPECT_THAT(iommufd().backend().Write(access, &byte, 1), FailsWith(EINVAL));
}

TEST_F(AccessTest, APinningAccessRaisesTheIovaAlignmentToAPage) {
  uint64_t alignment = 0;
  IovaRangesOk(ioas_, &alignment);
  EXPECT_EQ(alignment, 1u);
  int plain = CreateAccessOk(ioas_, 0);
  IovaRangesOk(ioas_, &alignment);
  EXPECT_EQ(alignment, 1u);
  int pinning = CreateAccessOk(ioas_, kPin);
  IovaRangesOk(ioas_, &alignment);
  EXPECT_EQ(alignment, page_size());
  EXPECT_THAT(iommufd().IoasMap(ioas_, buffer(), page_size() / 2, kIova, kFixedReadWrite),
              FailsWith(EINVAL));
  CloseAccessOk(pinning);
  IovaRangesOk(ioas_, &alignment);
  EXPECT_EQ(alignment, 1u);
  MapFixedOk(ioas_, buffer(), page_size() / 2, kIova);
  CloseAccessOk(plain);
}

TEST_F(AccessTest, APinningAccessHoldsCopiesToPagesToo) {
  uint32_t source = IoasAllocOk();
  MapFixedOk(source, buffer(), 2 * page_size(), kIova);
  CreateAccessOk(ioas_, kPin);
  EXPECT_THAT(iommufd().IoasCopy(ioas_, source, kIova + 64, page_size(), kIova, kFixedReadWrite),
              FailsWith(EINVAL));
  EXPECT_THAT(iommufd().IoasCopy(ioas_, source, kIova, page_size() / 2, kIova, kFixedReadWrite),
              FailsWith(EINVAL));
  EXPECT_THAT(
      iommufd().IoasCopy(ioas_, source, kIova, page_size(), kIova + 64, kFixedReadWrite),
      FailsWith(EINVAL));
  EXPECT_THAT(iommufd().IoasCopy(ioas_, source, kIova + page_size(), page_size(), kIova,
                                 kFixedReadWrite),
              Succeeds());
}

TEST_F(AccessTest, APinningAccessDoesNotFitAnUnalignedArea) {
  MapFixedOk(ioas_, buffer(), page_size() / 2, kIova);
  EXPECT_THAT(CreateAccess(ioas_, kPin), FailsWith(EADDRINUSE));
  CreateAccessOk(ioas_, 0);
}

TEST_F(AccessTest, APinningAccessChecksAreaUserAddressesToo) {
  // The area's IOVA and length are page multiples; its user address is not.
  MapFixedOk(ioas_, buffer() + 64, page_size(), kIova);
  EXPECT_THAT(CreateAccess(ioas_, kPin), FailsWith(EADDRINUSE));
  CreateAccessOk(ioas_, 0);
}

// ---- ACCESS_PAGES and DESTROY_ACCESS_PAGES ----

TEST_F(AccessTest, PinAndUnpinPages) {
  MapFixedOk(ioas_, buffer(), 4 * page_size(), kIova);
  int access = CreateAccessOk(ioas_);
  uint32_t first = AccessPagesOk(access, kIova, page_size(), buffer());
  uint32_t second =
      AccessPagesOk(access, kIova + page_size(), 2 * page_size(), buffer() + page_size());
  EXPECT_NE(first, second);
  EXPECT_THAT(iommufd().DestroyAccessPages(access, first), Succeeds());
  EXPECT_THAT(iommufd().DestroyAccessPages(access, first), FailsWith(ENOENT));
  EXPECT_THAT(iommufd().DestroyAccessPages(access, second), Succeeds());
}

TEST_F(AccessTest, AccessPagesItemIdsCountUpPerAccess) {
  MapFixedOk(ioas_, buffer(), 4 * page_size(), kIova);
  int access = CreateAccessOk(ioas_);
  uint32_t first = AccessPagesOk(access, kIova, page_size(), buffer());
  EXPECT_THAT(iommufd().DestroyAccessPages(access, first), Succeeds());
  uint32_t second = AccessPagesOk(access, kIova, page_size(), buffer());
  EXPECT_EQ(second, first + 1);
  int other = CreateAccessOk(ioas_);
  EXPECT_EQ(AccessPagesOk(other, kIova, page_size(), buffer()), first);
  EXPECT_THAT(iommufd().DestroyAccessPages(other, second), FailsWith(ENOENT));
}

TEST_F(AccessTest, AccessPagesMustStartOnAPage) {
  MapFixedOk(ioas_, buffer(), 4 * page_size(), kIova);
  int access = CreateAccessOk(ioas_);
  EXPECT_THAT(iommufd().AccessPages(access, kIova + 100, 200, buffer() + 100), FailsWith(EINVAL));
  EXPECT_THAT(iommufd().AccessPages(access, kIova + page_size() - 1, 2, nullptr),
              FailsWith(EINVAL));
  // It may end anywhere.
  AccessPagesOk(access, kIova, 200, buffer());
  AccessPagesOk(access, kIova + page_size(), page_size() + 1, buffer() + page_size());
}

TEST_F(AccessTest, AccessPagesWithoutUptrSkipsThePageCheck) {
  MapFixedOk(ioas_, buffer(), page_size(), kIova);
  int access = CreateAccessOk(ioas_);
  AccessPagesOk(access, kIova, page_size(), nullptr);
}

TEST_F(AccessTest, AccessPagesComparesWithUptr) {
  MapFixedOk(ioas_, buffer(), 4 * page_size(), kIova);
  int access = CreateAccessOk(ioas_);
  // The mock's own errno for "not the same page".
  EXPECT_THAT(iommufd().AccessPages(access, kIova, page_size(), buffer() + page_size()),
              FailsWith(EBADE));
  EXPECT_THAT(iommufd().AccessPages(access, kIova, 2 * page_size(), buffer() + page_size()),
              FailsWith(EBADE));
}


// diff_fuzzer in a 7.2 x86_64 `vtd` guest (fuzz/open-findings, vtd-access-pages-efault-ebade):
// the pages at uptr are looked up as get_user_pages does, so a mapped but inaccessible page
// (PROT_NONE) is EFAULT; the model only asked whether it was mapped and answered EBADE.
TEST_F(AccessTest, AccessPagesUptrOnAnInaccessiblePageIsEfault) {
  MapFixedOk(ioas_, buffer(), 2 * page_size(), kIova);
  int access = CreateAccessOk(ioas_);
  void* none = mmap(nullptr, 2 * page_size(), PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(none, MAP_FAILED);
  EXPECT_THAT(iommufd().AccessPages(access, kIova, page_size(), none), FailsWith(EFAULT));
  // The pages are compared one by one: a first page that differs decides before a later
  // inaccessible one is looked at.
  char* other = static_cast<char*>(none);
  ASSERT_EQ(mprotect(other, page_size(), PROT_READ), 0);
  EXPECT_THAT(iommufd().AccessPages(access, kIova, 2 * page_size(), other), FailsWith(EBADE));
  // A read-only page is looked up for reading even for a write access.
  EXPECT_THAT(iommufd().AccessPages(access, kIova, page_size(), other, uapi::kMockFlagsAccessWrite),
              FailsWith(EBADE));
  munmap(none, 2 * page_size());
}

TEST_F(AccessTest, AccessPagesNeedsAPinningAccess) {
  MapFixedOk(ioas_, buffer(), page_size(), kIova);
  int access = CreateAccessOk(ioas_, 0);
  EXPECT_THAT(iommufd().AccessPages(access, kIova, page_size(), buffer()), FailsWith(EOPNOTSUPP));
}

TEST_F(AccessTest, AccessPagesRefusesUnknownFlags) {
  MapFixedOk(ioas_, buffer(), page_size(), kIova);
  int access = CreateAccessOk(ioas_);
  EXPECT_THAT(iommufd().AccessPages(access, kIova, page_size(), buffer(), 2),
              FailsWith(EOPNOTSUPP));
  EXPECT_THAT(iommufd().AccessPages(access, kIova, page_size(), buffer(), 1u << 31),
              FailsWith(EOPNOTSUPP));
}

TEST_F(AccessTest, AccessPagesOfNothing) {
  MapFixedOk(ioas_, buffer(), 2 * page_size(), kIova);
  int access = CreateAccessOk(ioas_);
  EXPECT_THAT(iommufd().AccessPages(access, kIova, 0, buffer()), FailsWith(EINVAL));
  EXPECT_THAT(iommufd().AccessPages(access, kIova + 4 * page_size(), page_size(), nullptr),
              FailsWith(ENOENT));
  // Running off the end of the area.
  EXPECT_THAT(iommufd().AccessPages(access, kIova + page_size(), 2 * page_size(), nullptr),
              FailsWith(ENOENT));
  EXPECT_THAT(iommufd().AccessPages(access, UINT64_MAX - page_size() + 1, 2 * page_size(), nullptr),
              FailsWith(EOVERFLOW));
}

TEST_F(AccessTest, AccessPagesOfMoreThan16MibIsEnomem) {
  MapFixedOk(ioas_, buffer(), page_size(), kIova);
  int access = CreateAccessOk(ioas_);
  EXPECT_THAT(iommufd().AccessPages(access, kIova, (16 << 20) + 1, nullptr), FailsWith(ENOMEM));
  EXPECT_THAT(iommufd().AccessPages(access, kIova, 16 << 20, nullptr), FailsWith(ENOENT));
}

TEST_F(AccessTest, AccessPagesSpansContiguousAreas) {
  MapFixedOk(ioas_, buffer(), page_size(), kIova);
  MapFixedOk(ioas_, buffer() + page_size(), page_size(), kIova + page_size());
  int access = CreateAccessOk(ioas_);
  AccessPagesOk(access, kIova, 2 * page_size(), buffer());
}

TEST_F(AccessTest, WritingPagesOfAReadOnlyAreaIsEperm) {
  ASSERT_THAT(iommufd().IoasMap(ioas_, buffer(), page_size(), kIova,
                                uapi::kIommuIoasMapFixedIova | uapi::kIommuIoasMapReadable),
              Succeeds());
  int access = CreateAccessOk(ioas_);
  EXPECT_THAT(
      iommufd().AccessPages(access, kIova, page_size(), buffer(), uapi::kMockFlagsAccessWrite),
      FailsWith(EPERM));
  AccessPagesOk(access, kIova, page_size(), buffer());
}

TEST_F(AccessTest, WritingPagesOfAWriteOnlyArea) {
  ASSERT_THAT(iommufd().IoasMap(ioas_, buffer(), page_size(), kIova,
                                uapi::kIommuIoasMapFixedIova | uapi::kIommuIoasMapWriteable),
              Succeeds());
  int access = CreateAccessOk(ioas_);
  AccessPagesOk(access, kIova, page_size(), buffer(), uapi::kMockFlagsAccessWrite);
  EXPECT_THAT(iommufd().AccessPages(access, kIova, page_size(), buffer()), FailsWith(EPERM));
}

TEST_F(AccessTest, AccessPagesPinsUnpinnedPages) {
  void* p = mmap(nullptr, page_size(), PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(p, MAP_FAILED);
  ASSERT_EQ(munmap(p, page_size()), 0);
  MapFixedOk(ioas_, p, page_size(), kIova);
  int access = CreateAccessOk(ioas_);
  EXPECT_THAT(iommufd().AccessPages(access, kIova, page_size(), nullptr), FailsWith(EFAULT));
}

TEST_F(AccessTest, AccessPagesNeedsWritablePagesForAWritableArea) {
  void* p = mmap(nullptr, page_size(), PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(p, MAP_FAILED);
  MapFixedOk(ioas_, p, page_size(), kIova);
  int access = CreateAccessOk(ioas_);
  EXPECT_THAT(iommufd().AccessPages(access, kIova, page_size(), nullptr), FailsWith(EFAULT));
  munmap(p, page_size());
}

// The mock answers EBADFD, not EBADF, for a descriptor that is not an access.
TEST_F(AccessTest, AccessOpsNeedAnAccessDescriptor) {
  MapFixedOk(ioas_, buffer(), page_size(), kIova);
  uint8_t byte;
  EXPECT_THAT(iommufd().AccessPages(-1, kIova, page_size(), nullptr), FailsWith(EBADFD));
  EXPECT_THAT(iommufd().AccessRw(-1, kIova, 1, &byte, 0), FailsWith(EBADFD));
  EXPECT_THAT(iommufd().DestroyAccessPages(-1, 0), FailsWith(EBADFD));
  EXPECT_THAT(iommufd().AccessReplaceIoas(-1, ioas_), FailsWith(EBADFD));
  // The iommufd's own descriptor is open, but no access.
  EXPECT_THAT(iommufd().AccessRw(iommufd().fd(), kIova, 1, &byte, 0), FailsWith(EBADFD));
  EXPECT_THAT(iommufd().DestroyAccessPages(iommufd().fd(), 0), FailsWith(EBADFD));
}

TEST_F(AccessTest, AClosedAccessDescriptorIsEbadfd) {
  MapFixedOk(ioas_, buffer(), page_size(), kIova);
  int access = CreateAccessOk(ioas_);
  uint32_t item = AccessPagesOk(access, kIova, page_size(), buffer());
  CloseAccessOk(access);
  EXPECT_THAT(iommufd().DestroyAccessPages(access, item), FailsWith(EBADFD));
  // Its pages went with it: the area unmaps as if never pinned.
  EXPECT_EQ(UnmapOk(ioas_, kIova, page_size()), page_size());
}

// ---- IOAS_UNMAP while an access holds pages ----

TEST_F(AccessTest, UnmapDropsThePagesAnAccessHoldsInTheRange) {
  MapFixedOk(ioas_, buffer(), 2 * page_size(), kIova);
  MapFixedOk(ioas_, buffer() + 2 * page_size(), 2 * page_size(), kIova + 2 * page_size());
  int access = CreateAccessOk(ioas_);
  uint32_t in_first = AccessPagesOk(access, kIova, page_size(), buffer());
  uint32_t in_second =
      AccessPagesOk(access, kIova + 2 * page_size(), page_size(), buffer() + 2 * page_size());
  EXPECT_EQ(UnmapOk(ioas_, kIova, 2 * page_size()), 2 * page_size());
  EXPECT_THAT(iommufd().DestroyAccessPages(access, in_first), FailsWith(ENOENT));
  EXPECT_THAT(iommufd().DestroyAccessPages(access, in_second), Succeeds());
}

TEST_F(AccessTest, UnmapDropsPagesSpanningTheArea) {
  MapFixedOk(ioas_, buffer(), page_size(), kIova);
  MapFixedOk(ioas_, buffer() + page_size(), page_size(), kIova + page_size());
  int access = CreateAccessOk(ioas_);
  uint32_t both = AccessPagesOk(access, kIova, 2 * page_size(), buffer());
  EXPECT_EQ(UnmapOk(ioas_, kIova + page_size(), page_size()), page_size());
  EXPECT_THAT(iommufd().DestroyAccessPages(access, both), FailsWith(ENOENT));
  EXPECT_THAT(iommufd().AccessPages(access, kIova, 2 * page_size(), nullptr), FailsWith(ENOENT));
}

TEST_F(AccessTest, UnmapAllDropsEveryAccessesPages) {
  MapFixedOk(ioas_, buffer(), page_size(), kIova);
  int first = CreateAccessOk(ioas_);
  int second = CreateAccessOk(ioas_);
  uint32_t a = AccessPagesOk(first, kIova, page_size(), buffer());
  uint32_t b = AccessPagesOk(second, kIova, page_size(), buffer());
  EXPECT_EQ(UnmapOk(ioas_, 0, UINT64_MAX), page_size());
  EXPECT_THAT(iommufd().DestroyAccessPages(first, a), FailsWith(ENOENT));
  EXPECT_THAT(iommufd().DestroyAccessPages(second, b), FailsWith(ENOENT));
}

TEST_F(AccessTest, APartialUnmapOfAPinnedAreaIsStillEnoent) {
  MapFixedOk(ioas_, buffer(), 2 * page_size(), kIova);
  int access = CreateAccessOk(ioas_);
  uint32_t item = AccessPagesOk(access, kIova, page_size(), buffer());
  EXPECT_THAT(iommufd().IoasUnmap(ioas_, kIova, page_size()), FailsWith(ENOENT));
  EXPECT_THAT(iommufd().DestroyAccessPages(access, item), Succeeds());
}

TEST_F(AccessTest, PinnedPagesOfACopyAreDroppedWithTheCopy) {
  uint32_t source = IoasAllocOk();
  MapFixedOk(source, buffer(), page_size(), kIova);
  ASSERT_THAT(iommufd().IoasCopy(ioas_, source, kIova, page_size(), kIova, kFixedReadWrite),
              Succeeds());
  int access = CreateAccessOk(ioas_);
  uint32_t item = AccessPagesOk(access, kIova, page_size(), buffer());
  // Unmapping the source leaves the copy and what is pinned through it.
  EXPECT_EQ(UnmapOk(source, kIova, page_size()), page_size());
  EXPECT_THAT(iommufd().DestroyAccessPages(access, item), Succeeds());
  item = AccessPagesOk(access, kIova, page_size(), buffer());
  EXPECT_EQ(UnmapOk(ioas_, kIova, page_size()), page_size());
  EXPECT_THAT(iommufd().DestroyAccessPages(access, item), FailsWith(ENOENT));
}

TEST_F(AccessTest, ADomainSharesThePagesAnAccessPinned) {
  void* p = mmap(nullptr, 2 * page_size(), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                 -1, 0);
  ASSERT_NE(p, MAP_FAILED);
  std::memset(p, 1, 2 * page_size());
  MapFixedOk(ioas_, p, 2 * page_size(), kIova);
  int access = CreateAccessOk(ioas_);
  uint32_t item = AccessPagesOk(access, kIova, page_size(), p);
  ASSERT_EQ(munmap(p, 2 * page_size()), 0);
  // The first page is pinned already; the second must come from the address space.
  EXPECT_THAT(iommufd().MockDomain(ioas_), FailsWith(EFAULT));
  EXPECT_THAT(iommufd().DestroyAccessPages(access, item), Succeeds());
}

TEST_F(AccessTest, ADomainNeedsNothingFromTheAddressSpaceAnAccessPinnedWhole) {
  void* p = mmap(nullptr, page_size(), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(p, MAP_FAILED);
  std::memset(p, 1, page_size());
  MapFixedOk(ioas_, p, page_size(), kIova);
  int access = CreateAccessOk(ioas_);
  uint32_t item = AccessPagesOk(access, kIova, page_size(), p);
  ASSERT_EQ(munmap(p, page_size()), 0);
  MockDomainOk(ioas_);
  EXPECT_THAT(iommufd().DestroyAccessPages(access, item), Succeeds());
}

TEST_F(AccessTest, PagesPinnedThroughACopyAreSharedWithTheSource) {
  void* p = mmap(nullptr, page_size(), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(p, MAP_FAILED);
  std::memset(p, 1, page_size());
  uint32_t source = IoasAllocOk();
  MapFixedOk(source, p, page_size(), kIova);
  ASSERT_THAT(iommufd().IoasCopy(ioas_, source, kIova, page_size(), kIova, kFixedReadWrite),
              Succeeds());
  int access = CreateAccessOk(ioas_);
  AccessPagesOk(access, kIova, page_size(), p);
  ASSERT_EQ(munmap(p, page_size()), 0);
  // The copy and its source are the same pages: a domain on the source finds them pinned.
  MockDomainOk(source);
}

TEST_F(AccessTest, PinnedPagesSurviveAnotherDomain) {
  MapFixedOk(ioas_, buffer(), page_size(), kIova);
  int access = CreateAccessOk(ioas_);
  uint32_t item = AccessPagesOk(access, kIova, page_size(), buffer());
  MockDevice device = MockDomainOk(ioas_);
  DestroyOk(device.stdev);
  EXPECT_THAT(iommufd().DestroyAccessPages(access, item), Succeeds());
}

// ---- ACCESS_RW ----

TEST_F(AccessTest, ReadAndWriteThroughTheIoas) {
  MapFixedOk(ioas_, buffer(), 2 * page_size(), kIova);
  int access = CreateAccessOk(ioas_, 0);
  for (uint32_t slow : {0u, uapi::kMockAccessRwSlowPath}) {
    SCOPED_TRACE(slow ? "slow path" : "fast path");
    std::memset(buffer(), 0x5a, 2 * page_size());
    uint8_t data[64];
    std::memset(data, 0xc3, sizeof(data));
    EXPECT_THAT(iommufd().AccessRw(access, kIova + 100, sizeof(data), data,
                                   uapi::kMockAccessRwWrite | slow),
                Succeeds());
    EXPECT_EQ(buffer()[100], 0xc3);
    EXPECT_EQ(buffer()[99], 0x5a);
    buffer()[page_size() + 7] = 0x11;
    uint8_t back[16] = {};
    EXPECT_THAT(iommufd().AccessRw(access, kIova + page_size(), sizeof(back), back, slow),
                Succeeds());
    EXPECT_EQ(back[7], 0x11);
    EXPECT_EQ(back[0], 0x5a);
  }
}

TEST_F(AccessTest, ReadAndWriteAcrossAreasAndWithADomain) {
  MapFixedOk(ioas_, buffer(), page_size(), kIova);
  MapFixedOk(ioas_, buffer() + 2 * page_size(), page_size(), kIova + page_size());
  MockDomainOk(ioas_);
  int access = CreateAccessOk(ioas_, kPin);
  buffer()[page_size() - 1] = 0x21;
  buffer()[2 * page_size()] = 0x22;
  uint8_t back[2] = {};
  EXPECT_THAT(iommufd().AccessRw(access, kIova + page_size() - 1, 2, back, 0), Succeeds());
  EXPECT_EQ(back[0], 0x21);
  EXPECT_EQ(back[1], 0x22);
  uint8_t data[2] = {0x31, 0x32};
  EXPECT_THAT(iommufd().AccessRw(access, kIova + page_size() - 1, 2, data,
                                 uapi::kMockAccessRwWrite | uapi::kMockAccessRwSlowPath),
              Succeeds());
  EXPECT_EQ(buffer()[page_size() - 1], 0x31);
  EXPECT_EQ(buffer()[2 * page_size()], 0x32);
}

TEST_F(AccessTest, ReadAndWriteErrors) {
  MapFixedOk(ioas_, buffer(), page_size(), kIova);
  int access = CreateAccessOk(ioas_, 0);
  uint8_t data[8] = {};
  EXPECT_THAT(iommufd().AccessRw(access, kIova, sizeof(data), data, 2), FailsWith(EOPNOTSUPP));
  EXPECT_THAT(iommufd().AccessRw(access, kIova, sizeof(data), data, 1u << 20),
              FailsWith(EOPNOTSUPP));
  EXPECT_THAT(iommufd().AccessRw(access, kIova, 0, data, 0), FailsWith(EINVAL));
  EXPECT_THAT(iommufd().AccessRw(access, kIova + page_size() - 4, sizeof(data), data, 0),
              FailsWith(ENOENT));
  EXPECT_THAT(iommufd().AccessRw(access, kIova - 4, sizeof(data), data, 0), FailsWith(ENOENT));
  EXPECT_THAT(iommufd().AccessRw(access, kIova, (16 << 20) + 1, data, 0), FailsWith(ENOMEM));
  EXPECT_THAT(iommufd().AccessRw(access, UINT64_MAX - 3, sizeof(data), data, 0),
              FailsWith(EOVERFLOW));
  // A buffer the kernel cannot copy from or to.
  EXPECT_THAT(iommufd().AccessRw(access, kIova, sizeof(data), nullptr, uapi::kMockAccessRwWrite),
              FailsWith(EFAULT));
  EXPECT_THAT(iommufd().AccessRw(access, kIova, sizeof(data), nullptr, 0), FailsWith(EFAULT));
}

TEST_F(AccessTest, ReadAndWriteHonourTheAreasPermissions) {
  ASSERT_THAT(iommufd().IoasMap(ioas_, buffer(), page_size(), kIova,
                                uapi::kIommuIoasMapFixedIova | uapi::kIommuIoasMapReadable),
              Succeeds());
  ASSERT_THAT(iommufd().IoasMap(ioas_, buffer() + page_size(), page_size(), kIova + page_size(),
                                uapi::kIommuIoasMapFixedIova | uapi::kIommuIoasMapWriteable),
              Succeeds());
  int access = CreateAccessOk(ioas_, 0);
  uint8_t data[8] = {};
  EXPECT_THAT(iommufd().AccessRw(access, kIova, sizeof(data), data, uapi::kMockAccessRwWrite),
              FailsWith(EPERM));
  EXPECT_THAT(iommufd().AccessRw(access, kIova, sizeof(data), data, 0), Succeeds());
  EXPECT_THAT(iommufd().AccessRw(access, kIova + page_size(), sizeof(data), data, 0),
              FailsWith(EPERM));
  EXPECT_THAT(
      iommufd().AccessRw(access, kIova + page_size(), sizeof(data), data, uapi::kMockAccessRwWrite),
      Succeeds());
}

// The VFIO type1 compat path carries the same permissions: READ | WRITE maps writeable,
// READ alone does not.
TEST_F(AccessTest, CompatMapDmaPermissionsReachTheAccess) {
  ASSERT_THAT(iommufd().VfioIoas(uapi::kIommuVfioIoasSet, ioas_), Succeeds());
  auto map_dma = [&](uint32_t flags, uint64_t offset) {
    return iommufd().VfioMapDma(kIova + offset, buffer() + offset, page_size(), flags);
  };
  ASSERT_THAT(map_dma(uapi::kVfioDmaMapFlagRead | uapi::kVfioDmaMapFlagWrite, 0), Succeeds());
  ASSERT_THAT(map_dma(uapi::kVfioDmaMapFlagRead, page_size()), Succeeds());
  int access = CreateAccessOk(ioas_, 0);
  uint8_t data[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  EXPECT_THAT(iommufd().AccessRw(access, kIova, sizeof(data), data, uapi::kMockAccessRwWrite),
              Succeeds());
  EXPECT_EQ(buffer()[7], 8);
  EXPECT_THAT(
      iommufd().AccessRw(access, kIova + page_size(), sizeof(data), data, uapi::kMockAccessRwWrite),
      FailsWith(EPERM));
}

TEST_F(AccessTest, ReadingUnmappedUserPagesIsEfault) {
  void* p = mmap(nullptr, page_size(), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(p, MAP_FAILED);
  MapFixedOk(ioas_, p, page_size(), kIova);
  ASSERT_EQ(munmap(p, page_size()), 0);
  int access = CreateAccessOk(ioas_, 0);
  uint8_t data[8] = {};
  EXPECT_THAT(iommufd().AccessRw(access, kIova, sizeof(data), data, 0), FailsWith(EFAULT));
  EXPECT_THAT(iommufd().AccessRw(access, kIova, sizeof(data), data, uapi::kMockAccessRwSlowPath),
              FailsWith(EFAULT));
}

// ---- MOCK_FLAGS_ACCESS_SYZ: (nth area, offset) instead of an IOVA, for fuzzers ----

uint64_t SyzIova(uint32_t nth_area, uint32_t offset) {
  return uint64_t{offset} << 32 | nth_area;
}

TEST_F(AccessTest, SyzAddressingNamesTheNthArea) {
  MapFixedOk(ioas_, buffer() + 2 * page_size(), page_size(), kIova + 4 * page_size());
  MapFixedOk(ioas_, buffer(), 2 * page_size(), kIova);
  int access = CreateAccessOk(ioas_, 0);
  buffer()[5] = 0x71;
  buffer()[2 * page_size() + 9] = 0x72;
  uint8_t byte = 0;
  EXPECT_THAT(iommufd().AccessRw(access, SyzIova(0, 5), 1, &byte, uapi::kMockFlagsAccessSyz),
              Succeeds());
  EXPECT_EQ(byte, 0x71);
  EXPECT_THAT(iommufd().AccessRw(access, SyzIova(1, 9), 1, &byte, uapi::kMockFlagsAccessSyz),
              Succeeds());
  EXPECT_EQ(byte, 0x72);
  // No third area: IOVA 0, where nothing is mapped.
  EXPECT_THAT(iommufd().AccessRw(access, SyzIova(2, 0), 1, &byte, uapi::kMockFlagsAccessSyz),
              FailsWith(ENOENT));
  EXPECT_THAT(
      iommufd().AccessRw(access, SyzIova(1, page_size()), 1, &byte, uapi::kMockFlagsAccessSyz),
      FailsWith(ENOENT));
}

TEST_F(AccessTest, SyzAddressingPinsPages) {
  MapFixedOk(ioas_, buffer(), 2 * page_size(), kIova);
  int access = CreateAccessOk(ioas_);
  Outcome pinned = iommufd().AccessPages(access, SyzIova(0, page_size()), page_size(),
                                         buffer() + page_size(), uapi::kMockFlagsAccessSyz);
  ASSERT_THAT(pinned, Succeeds());
  // The conversion is the mock's own business: the struct comes back as sent.
  EXPECT_EQ(pinned.As<IommuTestCmd>().access_pages.iova, SyzIova(0, page_size()));
  EXPECT_EQ(UnmapOk(ioas_, kIova, 2 * page_size()), 2 * page_size());
  EXPECT_THAT(iommufd().DestroyAccessPages(
                  access, pinned.As<IommuTestCmd>().access_pages.out_access_pages_id),
              FailsWith(ENOENT));
  EXPECT_THAT(
      iommufd().AccessPages(access, SyzIova(0, 0), page_size(), nullptr, uapi::kMockFlagsAccessSyz),
      FailsWith(ENOENT));
}

// ---- ACCESS_REPLACE_IOAS ----

TEST_F(AccessTest, ReplaceMovesTheAccessToAnotherIoas) {
  uint32_t other = IoasAllocOk();
  MapFixedOk(ioas_, buffer(), page_size(), kIova);
  MapFixedOk(other, buffer() + page_size(), page_size(), kIova);
  int access = CreateAccessOk(ioas_, 0);
  EXPECT_THAT(iommufd().AccessReplaceIoas(access, other), Succeeds());
  // The old IOAS is free again, the new one busy.
  EXPECT_THAT(iommufd().Destroy(other), FailsWith(EBUSY));
  buffer()[page_size()] = 0x44;
  uint8_t byte = 0;
  EXPECT_THAT(iommufd().AccessRw(access, kIova, 1, &byte, 0), Succeeds());
  EXPECT_EQ(byte, 0x44);
  UnmapOk(ioas_, kIova, page_size());
  DestroyOk(ioas_);
}

TEST_F(AccessTest, ReplaceDropsThePinnedPages) {
  uint32_t other = IoasAllocOk();
  MapFixedOk(ioas_, buffer(), page_size(), kIova);
  int access = CreateAccessOk(ioas_);
  uint32_t item = AccessPagesOk(access, kIova, page_size(), buffer());
  EXPECT_THAT(iommufd().AccessReplaceIoas(access, other), Succeeds());
  EXPECT_THAT(iommufd().DestroyAccessPages(access, item), FailsWith(ENOENT));
}

TEST_F(AccessTest, ReplaceWithTheSameIoasKeepsEverything) {
  MapFixedOk(ioas_, buffer(), page_size(), kIova);
  int access = CreateAccessOk(ioas_);
  uint32_t item = AccessPagesOk(access, kIova, page_size(), buffer());
  EXPECT_THAT(iommufd().AccessReplaceIoas(access, ioas_), Succeeds());
  EXPECT_THAT(iommufd().DestroyAccessPages(access, item), Succeeds());
}

TEST_F(AccessTest, ReplaceNeedsAnIoas) {
  int access = CreateAccessOk(ioas_);
  EXPECT_THAT(iommufd().AccessReplaceIoas(access, ioas_ + 100), FailsWith(ENOENT));
  MockDevice device = MockDomainOk(IoasAllocOk());
  EXPECT_THAT(iommufd().AccessReplaceIoas(access, device.hwpt), FailsWith(ENOENT));
  // Still on the first IOAS.
  EXPECT_THAT(iommufd().Destroy(ioas_), FailsWith(EBUSY));
}

TEST_F(AccessTest, ReplaceOntoAnIoasWithUnalignedAreasIsEaddrinuse) {
  uint32_t other = IoasAllocOk();
  MapFixedOk(other, buffer(), page_size() / 2, kIova);
  MapFixedOk(ioas_, buffer(), page_size(), kIova);
  int access = CreateAccessOk(ioas_);
  uint32_t item = AccessPagesOk(access, kIova, page_size(), buffer());
  EXPECT_THAT(iommufd().AccessReplaceIoas(access, other), FailsWith(EADDRINUSE));
  EXPECT_THAT(iommufd().DestroyAccessPages(access, item), Succeeds());
  EXPECT_THAT(iommufd().Destroy(other), Succeeds());
}

// ---- Lifetime ----

TEST_F(AccessTest, AnAccessKeepsItsIommufdAlive) {
  int access;
  {
    IommufdSession other(SuiteBackend());
    ASSERT_THAT(other.open_outcome(), Succeeds());
    Outcome ioas = other.IoasAlloc();
    ASSERT_THAT(ioas, Succeeds());
    uint32_t other_ioas = ioas.As<uapi::IommuIoasAlloc>().out_ioas_id;
    ASSERT_THAT(other.IoasMap(other_ioas, buffer(), page_size(), kIova, kFixedReadWrite),
                Succeeds());
    Outcome created = other.CreateAccess(other_ioas, 0);
    ASSERT_THAT(created, Succeeds());
    access = static_cast<int>(created.As<IommuTestCmd>().create_access.out_access_fd);
  }
  // The other iommufd's descriptor is closed; its access still reads through its IOAS, and
  // any iommufd may carry the request.
  buffer()[3] = 0x66;
  uint8_t byte = 0;
  EXPECT_THAT(iommufd().AccessRw(access, kIova + 3, 1, &byte, 0), Succeeds());
  EXPECT_EQ(byte, 0x66);
  EXPECT_THAT(iommufd().backend().Close(access), Succeeds());
}

}  // namespace
}  // namespace iommufd_conform
