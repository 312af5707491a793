// Findings of the fuzzers, minimised and replayed as ordinary cases: each reads as the list
// of calls that once made the model and a kernel disagree (or broke the model), and says
// which fuzzer found it and what was wrong.
#include <algorithm>
#include <bit>
#include <optional>
#include <tuple>
#include <utility>

#include <linux/capability.h>
#include <sys/mman.h>

#include "reference/uapi/vfio.h"
#include "suites/mock/mock_test.h"
#include "suites/support/iommufd_session.h"
#include "suites/support/mem_fd.h"
#include "suites/support/without_capability.h"

namespace iommufd_conform {
namespace {

class FuzzFindingsTest : public MockTest {};

// diff_fuzzer in a 7.2 x86_64 `none` guest (input ff ba ba 12 71): the model let MOCK_DOMAIN
// find its own half-built selftest object under pt_id and answered EINVAL; the kernel has not
// published it yet and answers ENOENT.
TEST_F(FuzzFindingsTest, MockDomainNamingTheIdItsOwnObjectWillTakeIsEnoent) {
  // The fixture's IOAS holds id 1, so the new selftest object would take id 2.
  EXPECT_THAT(iommufd().MockDomain(ioas_ + 1), FailsWith(ENOENT));
  // Nothing of the failed call is left behind: the next device takes that id.
  EXPECT_EQ(MockDomainOk(ioas_).stdev, ioas_ + 1);
}

// diff_fuzzer in a 7.2 x86_64 `none` guest (input 19 4e 6e 17 01 4a 4e 6f 93 17 1b 00 94 21):
// the DEVICE a MOCK_DOMAIN makes is bound, and so published, before the attach looks pt_id
// up: naming it is EINVAL (not an IOAS or HWPT), where the model answered ENOENT.
TEST_F(FuzzFindingsTest, MockDomainNamingTheIdItsOwnDeviceWillTakeIsEinval) {
  // The selftest object would take ioas_ + 1, the DEVICE ioas_ + 2.
  EXPECT_THAT(iommufd().MockDomain(ioas_ + 2), FailsWith(EINVAL));
  EXPECT_EQ(MockDomainOk(ioas_).stdev, ioas_ + 1);
}

// diff_fuzzer in a 7.2 x86_64 `none` guest (input 0a 21 47 1a ff ff ff 01 ee 3f): a size
// word that makes the struct's tail reach past the end of the user address space is EFAULT
// before any byte of the tail is looked at; the model found a non-zero byte first (E2BIG).
TEST_F(FuzzFindingsTest, ATailPastTheUserAddressSpaceIsEfaultWhateverItHolds) {
  // With 5-level paging the space is far larger than a 32-bit size can cross.
  void* far = mmap(reinterpret_cast<void*>(uint64_t{1} << 50), page_size(), PROT_READ,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  if (far != MAP_FAILED) {
    munmap(far, page_size());
    GTEST_SKIP() << "a 56-bit user address space";
  }
  // A page less than 4 GiB below the top of a 47-bit space.
  void* page = MAP_FAILED;
  for (uint64_t at = 0x7fff00000000; at < 0x7fffe0000000 && page == MAP_FAILED;
       at += 0x10000000) {
    page = mmap(reinterpret_cast<void*>(at), page_size(), PROT_READ | PROT_WRITE,
                MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  }
  if (page == MAP_FAILED) GTEST_SKIP() << "no free page near the top of the address space";
  auto* alloc = static_cast<uapi::IommuIoasAlloc*>(page);
  alloc->size = UINT32_MAX;
  static_cast<uint8_t*>(page)[sizeof(*alloc)] = 1;  // a non-zero byte right after the struct
  EXPECT_THAT(iommufd().Raw(uapi::kIoctlIoasAlloc, page, sizeof(*alloc) + 1), FailsWith(EFAULT));
  // Inside the address space the same byte is E2BIG.
  alloc->size = sizeof(*alloc) + 8;
  EXPECT_THAT(iommufd().Raw(uapi::kIoctlIoasAlloc, page, sizeof(*alloc) + 1), FailsWith(E2BIG));
  munmap(page, page_size());
}

// diff_fuzzer in a 7.2 x86_64 `none` guest: MD_CHECK_REFS of a range that wraps past the
// end of the address space is EINVAL; the model checked the wrapped, empty range and agreed.
TEST_F(FuzzFindingsTest, CheckRefsOfAWrappingRangeIsEinval) {
  EXPECT_THAT(iommufd().CheckRefs(buffer(), 0 - (uint64_t{1} << 32), 0), FailsWith(EINVAL));
}

// model_fuzzer (UBSan): an automatic-IOVA map longer than 2^63 made the model take bit_ceil
// of the length. Replayed on 7.2 the model also answered wrongly: the kernel refuses any
// automatic IOVA for 2^63 bytes or more with EOVERFLOW, and still takes the fixed one.
TEST_F(FuzzFindingsTest, AnAutomaticMapOfHalfTheSpaceOrMoreIsEoverflow) {
  for (uint64_t length : {uint64_t{1} << 63, (uint64_t{1} << 63) + page_size()}) {
    EXPECT_THAT(iommufd().IoasMap(ioas_, buffer(), length, 0, kReadWrite), FailsWith(EOVERFLOW))
        << length;
    MapFixedOk(ioas_, buffer(), length, kApertureIova);
    UnmapOk(ioas_, 0, UINT64_MAX);
  }
  Outcome below = iommufd().IoasMap(ioas_, buffer(), (uint64_t{1} << 63) - page_size(), 0,
                                    kReadWrite);
  EXPECT_THAT(below, Succeeds());
}

// model_fuzzer (ASan out of memory): ALLOW_IOVAS with num_iovas near 2^32 made the model
// size its list before reading it. The kernel checks each range as it reads it, so the
// first bad one (start >= last) is EINVAL even though the memory would end later.
TEST_F(FuzzFindingsTest, AllowIovasChecksEachRangeAsItReadsIt) {
  uapi::IommuIoasAllowIovas allow{};
  allow.size = sizeof(allow);
  allow.ioas_id = ioas_;
  allow.num_iovas = 0xb3000003;
  // A good range, then a bad one, then memory that is not readable.
  uint8_t* pages = static_cast<uint8_t*>(mmap(nullptr, 2 * page_size(), PROT_READ | PROT_WRITE,
                                              MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  ASSERT_NE(pages, MAP_FAILED);
  munmap(pages + page_size(), page_size());
  auto* ranges = reinterpret_cast<uapi::IommuIovaRange*>(pages + page_size()) - 2;
  ranges[0] = {kApertureIova, kApertureIova + page_size() - 1};
  ranges[1] = {5, 1};
  allow.allowed_iovas = reinterpret_cast<uintptr_t>(ranges);
  EXPECT_THAT(iommufd().Raw(uapi::kIoctlIoasAllowIovas, &allow, sizeof(allow)), FailsWith(EINVAL));
  // Good ranges up to the end of the memory: EFAULT.
  ranges[1] = {2 * kApertureIova, 2 * kApertureIova + page_size() - 1};
  EXPECT_THAT(iommufd().Raw(uapi::kIoctlIoasAllowIovas, &allow, sizeof(allow)), FailsWith(EFAULT));
  munmap(pages, page_size());
}

// diff_fuzzer in a 7.2 x86_64 `vtd` guest: IOMMU_OPTION for huge pages with an unknown op
// on an IOAS that does not exist. The kernel looks the IOAS up first (ENOENT); the model
// checked the op first (EOPNOTSUPP).
TEST_F(FuzzFindingsTest, HugePagesOptionLooksTheIoasUpBeforeTheOp) {
  constexpr uint16_t kUnknownOp = 256;
  EXPECT_THAT(iommufd().Option(uapi::kIommuOptionHugePages, kUnknownOp, ioas_ + 100, 0),
              FailsWith(ENOENT));
  EXPECT_THAT(iommufd().Option(uapi::kIommuOptionHugePages, kUnknownOp, ioas_, 0),
              FailsWith(EOPNOTSUPP));
  EXPECT_THAT(iommufd().Option(uapi::kIommuOptionRlimitMode, kUnknownOp, 0, 0),
              FailsWith(EOPNOTSUPP));
}

// diff_fuzzer in a 7.2 x86_64 `vtd` guest: TEST_OP_DIRTY with a length that is no multiple
// of page_size, on an id that names no HWPT. The kernel checks the arguments first (EINVAL);
// the model looked the HWPT up first (ENOENT).
TEST_F(FuzzFindingsTest, DirtyOpChecksItsArgumentsBeforeTheHwpt) {
  const auto* bits = reinterpret_cast<const uint64_t*>(buffer());
  EXPECT_THAT(iommufd().MarkDirty(ioas_ + 100, kApertureIova, 511, page_size(), bits),
              FailsWith(EINVAL));
  EXPECT_THAT(iommufd().MarkDirty(ioas_ + 100, kApertureIova, page_size(), page_size(), bits),
              FailsWith(ENOENT));
}

// diff_fuzzer in a 7.2 x86_64 `vtd` guest (findings/crash-08f95018...): MAP_FILE naming the
// iommufd's own descriptor. What a file holds is looked at only when its pages get pinned, so
// the kernel maps any file into an IOAS no domain uses; the model took the descriptor for the
// caller's own and answered EBADF. Pinning the pages (attaching a mock domain) is refused.
TEST_F(FuzzFindingsTest, MapFileOfTheIommufdItselfWaitsForThePin) {
  constexpr uint32_t kFixedReadWrite = uapi::kIommuIoasMapFixedIova |
                                       uapi::kIommuIoasMapReadable |
                                       uapi::kIommuIoasMapWriteable;
  // Kernels before 6.13 lack the ioctl.
  if (iommufd().IoasMapFile(0, -1, 0, 0, 0, 0).error == ENOTTY) {
    GTEST_SKIP() << "no IOMMU_IOAS_MAP_FILE";
  }
  // Inside the mock domain's aperture, so the attach below gets as far as pinning.
  EXPECT_THAT(iommufd().IoasMapFile(ioas_, iommufd().fd(), 6 * page_size(), 7 * page_size(),
                                    kApertureIova, kFixedReadWrite),
              Succeeds());
  EXPECT_THAT(iommufd().MockDomain(ioas_), FailsWith(EINVAL));
}

// diff_fuzzer in a 7.2 x86_64 `vtd` guest (findings/crash-f10c7a25...): MAP_FILE of a range
// whose end wraps, naming no open descriptor. The kernel refuses the range first (EOVERFLOW);
// the model looked the descriptor up first (EBADF).
TEST_F(FuzzFindingsTest, MapFileRefusesAWrappingRangeBeforeLookingAtTheDescriptor) {
  if (iommufd().IoasMapFile(0, -1, 0, 0, 0, 0).error == ENOTTY) {
    GTEST_SKIP() << "no IOMMU_IOAS_MAP_FILE";
  }
  constexpr uint32_t kReadWrite = uapi::kIommuIoasMapReadable | uapi::kIommuIoasMapWriteable;
  EXPECT_THAT(iommufd().IoasMapFile(ioas_, -1, 15 * page_size(), 0xffffffffffffff01, 0, kReadWrite),
              FailsWith(EOVERFLOW));
  EXPECT_THAT(iommufd().IoasMapFile(ioas_, -1, 15 * page_size(), page_size(), 0, kReadWrite),
              FailsWith(EBADF));
}

// diff_fuzzer in a 7.2 x86_64 `vtd` guest (findings/crash-a72f6219...): setting the rlimit
// mode to a value that is neither 0 nor 1 on a context that already holds objects. The
// kernel answers that it is busy (EBUSY); the model checked the value first (EINVAL).
TEST_F(FuzzFindingsTest, RlimitModeOfABusyContextIsEbusyWhateverTheValue) {
  if (!Holds(CAP_SYS_RESOURCE)) GTEST_SKIP() << "needs CAP_SYS_RESOURCE";
  EXPECT_THAT(iommufd().Option(uapi::kIommuOptionRlimitMode, uapi::kIommuOptionOpSet, 0,
                               0xd500000001),
              FailsWith(EBUSY));
  EXPECT_THAT(iommufd().Option(uapi::kIommuOptionRlimitMode, uapi::kIommuOptionOpSet, 0, 1),
              FailsWith(EBUSY));
}

// diff_fuzzer in a 7.2 x86_64 `vtd` guest (crash-075412562980846f...): a writable COPY of
// read-only pages onto IOVAs already mapped. The kernel places the IOVA first (EEXIST) and
// refuses writing read-only pages only then (EPERM); the model refused them first. What
// counts is whether the pages were mapped writable, not the source area: a read-only copy
// of writable pages may be copied writable again.
TEST_F(FuzzFindingsTest, WritableCopyOfReadOnlyPagesPlacesTheIovaFirst) {
  constexpr uint32_t kFixedReadOnly = uapi::kIommuIoasMapFixedIova | uapi::kIommuIoasMapReadable;
  const uint64_t length = 4 * page_size();
  const uint64_t read_only = kApertureIova;
  const uint64_t writable = read_only + length;
  const uint64_t free_iova = read_only + 8 * length;
  ASSERT_THAT(iommufd().IoasMap(ioas_, buffer(), length, read_only, kFixedReadOnly), Succeeds());
  EXPECT_THAT(iommufd().IoasCopy(ioas_, ioas_, read_only, length, read_only, kFixedReadWrite),
              FailsWith(EEXIST));
  EXPECT_THAT(iommufd().IoasCopy(ioas_, ioas_, read_only, length, free_iova, kFixedReadWrite),
              FailsWith(EPERM));
  // A read-only area over writable pages, copied writable.
  ASSERT_THAT(iommufd().IoasMap(ioas_, buffer() + length, length, writable, kFixedReadWrite),
              Succeeds());
  ASSERT_THAT(iommufd().IoasCopy(ioas_, ioas_, writable, length, writable + length,
                                 kFixedReadOnly),
              Succeeds());
  EXPECT_THAT(iommufd().IoasCopy(ioas_, ioas_, writable + length, length, writable + 2 * length,
                                 kFixedReadWrite),
              Succeeds());
  // Across two areas, one over read-only pages.
  EXPECT_THAT(iommufd().IoasCopy(ioas_, ioas_, writable - page_size(), 2 * page_size(),
                                 free_iova, kFixedReadWrite),
              FailsWith(EPERM));
  EXPECT_THAT(iommufd().IoasCopy(ioas_, ioas_, writable - page_size(), 2 * page_size(),
                                 free_iova, kFixedReadOnly),
              Succeeds());
}

// diff_fuzzer in a 7.2 x86_64 `vtd` guest (crash-226c470a...): MAP_FILE of zero bytes
// naming no open descriptor. The kernel refuses the empty range (EINVAL) after looking the
// IOAS up and before the descriptor; the model looked the descriptor up first (EBADF).
TEST_F(FuzzFindingsTest, MapFileOfNoBytesIsEinvalBeforeTheDescriptor) {
  if (iommufd().IoasMapFile(0, -1, 0, 0, 0, 0).error == ENOTTY) {
    GTEST_SKIP() << "no IOMMU_IOAS_MAP_FILE";
  }
  EXPECT_THAT(iommufd().IoasMapFile(ioas_, -1, 2 * page_size(), 0, 0, kReadWrite),
              FailsWith(EINVAL));
  EXPECT_THAT(iommufd().IoasMapFile(ioas_ + 100, -1, 2 * page_size(), 0, 0, kReadWrite),
              FailsWith(ENOENT));
  EXPECT_THAT(iommufd().IoasMapFile(ioas_, -1, 2 * page_size(), page_size(), 0, kReadWrite),
              FailsWith(EBADF));
}

// diff_fuzzer in a 7.2 x86_64 `vtd` guest (crash-a087fb90...): a 1-byte automatic MAP_FILE
// of a page-aligned file offset after a 1-byte area at the first page. The kernel put it
// at the next byte (page offset 1); the model insisted on the offset's page offset (0) and
// took the kernel's answer for a divergence. Probing 7.2 over offsets and lengths showed the
// rule for MAP and MAP_FILE alike: an automatic IOVA is a multiple of the length's power of
// two (at most 2 MiB), bounded by the address's own alignment - below a page, the address's
// page offset is not kept. Each case runs on an IOAS of its own, empty or after that area.
TEST_F(FuzzFindingsTest, AutomaticIovasKeepOnlyTheAlignmentOfAddressAndLength) {
  const bool has_map_file = iommufd().IoasMapFile(0, -1, 0, 0, 0, 0).error != ENOTTY;
  MemFd file(kBufferPages);
  const uint64_t page = page_size();
  for (uint64_t offset : {uint64_t{0}, uint64_t{1}, uint64_t{0x123}, page, page + 1, 5 * page}) {
    for (uint64_t length : {uint64_t{1}, uint64_t{3}, uint64_t{0x800}, page, page + page / 2,
                            3 * page}) {
      const uint64_t alignment = std::min(std::bit_ceil(length),
                                          offset ? uint64_t{1} << std::countr_zero(offset)
                                                 : std::bit_ceil(length));
      const uint8_t* address = buffer() + offset;
      // MAP's address is the buffer's, whose own alignment counts too.
      const auto user_va = reinterpret_cast<uintptr_t>(address);
      const uint64_t map_alignment = std::min(alignment, uint64_t{1} << std::countr_zero(user_va));
      for (bool after_a_byte : {false, true}) {
        SCOPED_TRACE(testing::Message() << "offset " << offset << ", length " << length
                                        << (after_a_byte ? ", after a 1-byte area" : ""));
        uint32_t ioas = IoasAllocOk();
        if (after_a_byte) {
          ASSERT_THAT(iommufd().IoasMap(ioas, buffer(), 1, page, kFixedReadWrite), Succeeds());
        }
        Outcome map = iommufd().IoasMap(ioas, address, length, 0, kReadWrite);
        ASSERT_THAT(map, Succeeds());
        uint64_t iova = map.As<uapi::IommuIoasMap>().iova;
        EXPECT_EQ(iova % map_alignment, 0u) << "MAP iova " << iova;
        EXPECT_GE(iova, after_a_byte ? page + 1 : page) << "MAP iova " << iova;
        if (!has_map_file) continue;
        uint32_t file_ioas = IoasAllocOk();
        if (after_a_byte) {
          ASSERT_THAT(iommufd().IoasMap(file_ioas, buffer(), 1, page, kFixedReadWrite),
                      Succeeds());
        }
        Outcome map_file =
            iommufd().IoasMapFile(file_ioas, file.fd(), offset, length, 0, kReadWrite);
        ASSERT_THAT(map_file, Succeeds());
        iova = map_file.As<uapi::IommuIoasMapFile>().iova;
        EXPECT_EQ(iova % alignment, 0u) << "MAP_FILE iova " << iova;
        EXPECT_GE(iova, after_a_byte ? page + 1 : page) << "MAP_FILE iova " << iova;
      }
    }
  }
}

// diff_fuzzer in a 7.2 x86_64 `vtd` guest (crash-2b26b602...): turning huge pages off on an
// IOAS where they are off already, now that a domain maps an area. The kernel has nothing to
// do and succeeds; the model refused it as if the domain had to split its mappings (EINVAL).
TEST_F(FuzzFindingsTest, HugePagesOffTwiceIsFineWhateverIsMapped) {
  ASSERT_THAT(iommufd().Option(uapi::kIommuOptionHugePages, uapi::kIommuOptionOpSet, ioas_, 0),
              Succeeds());
  MockDomainOk(ioas_);
  ASSERT_THAT(iommufd().IoasMap(ioas_, buffer(), 6 * page_size(), 0, kReadWrite), Succeeds());
  EXPECT_THAT(iommufd().Option(uapi::kIommuOptionHugePages, uapi::kIommuOptionOpSet, ioas_, 0),
              Succeeds());
  // Turning them on and off again is what a mapping domain cannot do.
  ASSERT_THAT(iommufd().Option(uapi::kIommuOptionHugePages, uapi::kIommuOptionOpSet, ioas_, 1),
              Succeeds());
  EXPECT_THAT(iommufd().Option(uapi::kIommuOptionHugePages, uapi::kIommuOptionOpSet, ioas_, 0),
              FailsWith(EINVAL));
}

// diff_fuzzer in a 7.2 arm64 `smmuv3` guest (crash-b1efa82a...): IOAS_ALLOC with a huge size
// whose tail holds a non-zero byte before it runs into an unmapped page. The kernel stops at
// that byte (E2BIG); the model read the tail 256 bytes at a time and a block reaching into
// the unmapped page made it answer EFAULT.
TEST_F(FuzzFindingsTest, ANonZeroTailByteBeforeAnUnmappedPageIsE2big) {
  const size_t page = page_size();
  auto* pages = static_cast<uint8_t*>(mmap(nullptr, 2 * page, PROT_READ | PROT_WRITE,
                                           MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  ASSERT_NE(pages, MAP_FAILED);
  ASSERT_EQ(mprotect(pages + page, page, PROT_NONE), 0);
  // The struct 64 bytes before the unmapped page; its tail crosses into it.
  auto* alloc = reinterpret_cast<uapi::IommuIoasAlloc*>(pages + page - 64);
  alloc->size = 64 + 512;
  pages[page - 8] = 1;
  EXPECT_THAT(iommufd().Raw(uapi::kIoctlIoasAlloc, alloc, sizeof(*alloc)), FailsWith(E2BIG));
  pages[page - 8] = 0;
  EXPECT_THAT(iommufd().Raw(uapi::kIoctlIoasAlloc, alloc, sizeof(*alloc)), FailsWith(EFAULT));
  munmap(pages, 2 * page);
}

// diff_fuzzer in a 7.2 arm64 `smmuv3` guest (crash-e8c888a3...): DESTROY with a huge size
// from a struct near the top of the usual 48-bit space. Our arm64 kernels are built for
// 52-bit addresses, so the tail passes the address check and its first non-zero byte is
// E2BIG; the model took 2^48 for the end of the user address space and answered EFAULT.
TEST_F(FuzzFindingsTest, ATailMayCross2To48WhereTheAddressSpaceIsLarger) {
  const size_t page = page_size();
  void* top = mmap(reinterpret_cast<void*>((uint64_t{1} << 48) - page), page,
                   PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
                   -1, 0);
  if (top == MAP_FAILED) GTEST_SKIP() << "a 48-bit (or smaller) user address space";
  auto* destroy = reinterpret_cast<uapi::IommuDestroy*>(static_cast<uint8_t*>(top) + page - 64);
  destroy->size = 64 + 2 * static_cast<uint32_t>(page);  // past 2^48, into nothing mapped
  static_cast<uint8_t*>(top)[page - 8] = 1;
  EXPECT_THAT(iommufd().Raw(uapi::kIoctlDestroy, destroy, sizeof(*destroy)), FailsWith(E2BIG));
  munmap(top, page);
}

// diff_fuzzer in a 7.2 x86_64 `vtd` guest (crash-023d35f3...): a fixed MAP from an odd user
// address onto an IOVA already mapped, with a mock domain attached. The kernel finds the
// IOVA taken (EEXIST) before it looks at the user address's alignment (EINVAL); the model
// checked the address first.
TEST_F(FuzzFindingsTest, FixedMapChecksTheIovaBeforeTheUserAddressAlignment) {
  MockDomainOk(ioas_);
  const uint64_t page = page_size();
  ASSERT_THAT(iommufd().IoasMap(ioas_, buffer(), page, kApertureIova, kFixedReadWrite),
              Succeeds());
  const uint8_t* odd = buffer() + 2 * page + 1;
  EXPECT_THAT(iommufd().IoasMap(ioas_, odd, page, kApertureIova, kFixedReadWrite),
              FailsWith(EEXIST));
  EXPECT_THAT(iommufd().IoasMap(ioas_, odd, page, kApertureIova + 1, kFixedReadWrite),
              FailsWith(EINVAL));
  EXPECT_THAT(iommufd().IoasMap(ioas_, odd, page, kApertureIova + 16 * page, kFixedReadWrite),
              FailsWith(EINVAL));
  EXPECT_THAT(iommufd().IoasMap(ioas_, odd, page, 0, kReadWrite), FailsWith(EINVAL));
  EXPECT_THAT(iommufd().IoasMap(ioas_, odd, 2 * page, 0 - page, kFixedReadWrite),
              FailsWith(EOVERFLOW));
}

// diff_fuzzer_speed in a 7.2 arm64 `smmuv3` guest: MD_CHECK_REFS of a user address with a
// top-byte tag (0x8f00ffff86a00000). Page pinning on arm64 ignores the top byte, so the
// kernel checks the pages at the untagged address; the model found no such mapping (EFAULT).
TEST_F(FuzzFindingsTest, PinningIgnoresTheTopByteOfAnArm64Address) {
#if !defined(__aarch64__)
  GTEST_SKIP() << "top-byte tags are arm64's";
#else
  MockDomainOk(ioas_);
  const uint64_t length = 4 * page_size();
  ASSERT_THAT(iommufd().IoasMap(ioas_, buffer(), length, kApertureIova, kFixedReadWrite),
              Succeeds());
  const void* tagged =
      reinterpret_cast<const void*>((uint64_t{0x8f} << 56) | reinterpret_cast<uintptr_t>(buffer()));
  EXPECT_THAT(iommufd().CheckRefs(tagged, length, 1), Succeeds());
  EXPECT_THAT(iommufd().CheckRefs(tagged, length, 2), FailsWith(EIO));
#endif
}

// diff_fuzzer in a 7.2 arm64 `smmuv3` guest (crash-daeaf45e...): IOVA_RANGES writing to a
// top-byte-tagged pointer at good memory. Unlike pinning, copies to and from user memory
// refuse a tagged address (EFAULT) unless the process enabled the tagged address ABI; the
// model wrote through the tag as the CPU allows.
TEST_F(FuzzFindingsTest, CopiesRefuseATaggedArm64Address) {
#if !defined(__aarch64__)
  GTEST_SKIP() << "top-byte tags are arm64's";
#else
  uapi::IommuIovaRange range[1];
  uapi::IommuIoasIovaRanges ranges{};
  ranges.size = sizeof(ranges);
  ranges.ioas_id = ioas_;
  ranges.num_iovas = 1;
  ranges.allowed_iovas = reinterpret_cast<uintptr_t>(range);
  EXPECT_THAT(iommufd().Raw(uapi::kIoctlIoasIovaRanges, &ranges, sizeof(ranges)), Succeeds());
  ranges.allowed_iovas |= uint64_t{0x01} << 56;
  EXPECT_THAT(iommufd().Raw(uapi::kIoctlIoasIovaRanges, &ranges, sizeof(ranges)),
              FailsWith(EFAULT));
#endif
}

// diff_fuzzer in a 7.2 x86_64 `vtd` guest (crash-d80af478...): HWPT_INVALIDATE of 0xfb0000
// entries naming no HWPT. The kernel refuses more than 0x80000 entries (EINVAL) before it
// looks the id up (probed on 6.12, 7.2 and 7.3); the model looked it up first (ENOENT).
TEST_F(FuzzFindingsTest, InvalidateOfMoreThan512KEntriesIsEinvalBeforeTheLookup) {
  for (auto [entries, error] : {std::pair{0x80000u, ENOENT}, std::pair{0x80001u, EINVAL},
                                std::pair{0xfb0000u, EINVAL}}) {
    EXPECT_THAT(iommufd().HwptInvalidate(ioas_ + 100, 0xdeadbeef, buffer(), 8, entries),
                FailsWith(error))
        << entries << " entries";
  }
}

// diff_fuzzer in a 7.2 x86_64 `vtd` guest (crash-e3c01312...): HWPT_INVALIDATE of entries of
// 0x100000c bytes naming no HWPT. An entry longer than a page is refused (EINVAL) before the
// lookup, when there are entries at all (probed on 6.12, 7.2 and 7.3).
TEST_F(FuzzFindingsTest, InvalidateOfEntriesLongerThanAPageIsEinvalBeforeTheLookup) {
  for (auto [entries, length, error] :
       {std::tuple{1u, uint32_t(page_size()), ENOENT},
        std::tuple{1u, uint32_t(page_size() + 1), EINVAL}, std::tuple{3u, 0x100000cu, EINVAL},
        std::tuple{0u, uint32_t(page_size() + 1), ENOENT}}) {
    EXPECT_THAT(iommufd().HwptInvalidate(ioas_ + 100, 0xdeadbeef, entries ? buffer() : nullptr,
                                         length, entries),
                FailsWith(error))
        << entries << " entries of " << length << " bytes";
  }
}

// diff_fuzzer in a 7.2 x86_64 `vtd` guest (input ab176308, its first 16 KiB map taking
// 0x1010000): a second automatic 16 KiB map whose only aligned room left was IOVA 0 of an
// allowed range [0, 0x4fff]. The kernel answered ENOSPC, the model took IOVA 0: automatic
// IOVAs stay clear of the first and the last page even where the IOAS allows them.
TEST_F(FuzzFindingsTest, AutomaticIovasAvoidTheFirstAndLastPageOfAllowedRanges) {
  const uint64_t page = page_size();
  const uint64_t top = UINT64_MAX;
  // Aligned to 16 KiB, so that a 16 KiB map wants a 16 KiB-aligned IOVA.
  const uint8_t* aligned = reinterpret_cast<const uint8_t*>(
      (reinterpret_cast<uintptr_t>(buffer()) + 0x3fff) & ~uintptr_t{0x3fff});
  struct Case {
    uapi::IommuIovaRange allowed;
    const uint8_t* address;
    uint64_t length;
    std::optional<uint64_t> iova;  // nullopt: ENOSPC
  };
  for (const Case& c : {
           Case{{0, 0x4fff}, aligned, 0x4000, std::nullopt},
           Case{{0, 0xfff}, buffer(), page, std::nullopt},
           Case{{0, 0x4fff}, buffer(), page, page},
           Case{{top - 0x4fff, top}, aligned, 0x4000, std::nullopt},
           Case{{top - 0xfff, top}, buffer(), page, std::nullopt},
           Case{{top - 0x2fff, top}, aligned, 2 * page, std::nullopt},
           Case{{top - 0x1fff, top}, buffer(), page, top - 0x1fff},
       }) {
    SCOPED_TRACE(testing::Message() << "allowed [0x" << std::hex << c.allowed.start << ", 0x"
                                    << c.allowed.last << "], length 0x" << c.length);
    uint32_t ioas = IoasAllocOk();
    ASSERT_THAT(iommufd().IoasAllowIovas(ioas, {&c.allowed, 1}), Succeeds());
    Outcome map = iommufd().IoasMap(ioas, c.address, c.length, 0, kReadWrite);
    if (!c.iova) {
      EXPECT_THAT(map, FailsWith(ENOSPC));
      continue;
    }
    ASSERT_THAT(map, Succeeds());
    EXPECT_EQ(map.As<uapi::IommuIoasMap>().iova, *c.iova);
  }
}

// diff_fuzzer in a 7.2 arm64 `smmuv3` guest (input 66c4d5ed): IOVA_RANGES writing to an
// address with a tag in its top byte and nothing mapped behind it killed the fuzzer. arm64
// reports a fault's address without the tag, so the model's fault guard did not recognise
// the fault of its own copy. Elsewhere the address is not canonical: EFAULT all the same.
TEST_F(FuzzFindingsTest, CopyingToATaggedUnmappedAddressIsEfault) {
  uapi::IommuIoasIovaRanges ranges{};
  ranges.size = sizeof(ranges);
  ranges.ioas_id = ioas_;
  ranges.num_iovas = 1;
  ranges.allowed_iovas = 0x0121114e4a02ea6e;
  EXPECT_THAT(iommufd().Raw(uapi::kIoctlIoasIovaRanges, &ranges, sizeof(ranges)),
              FailsWith(EFAULT));
}

// diff_fuzzer, replaying the arm64 `smmuv3` campaign's corpus in one process (x86_64 `vtd`
// and arm64 `smmuv3`, 7.2): MD_CHECK_REFS of pages no open iommufd had pinned was EIO. An
// earlier input had MAP_FILE name the iommufd it was sent on. The IOAS then holds its own
// context's file, so closing every descriptor frees nothing: the context, its pins and its
// mock devices stay for the life of the kernel (probed on 7.2 and 7.3; naming another
// iommufd is released as it should be). A kernel bug (reference/divergences.txt,
// [map-file-own-iommufd-never-released]); the model releases the context on close.
// On such a kernel it leaks a context and a pinned page for good (harmless in a guest).
TEST_F(FuzzFindingsTest, AnIoasMappingItsOwnIommufdIsReleasedOnClose) {
  KERNEL_BUG_REPRODUCER("map-file-own-iommufd-never-released");
  if (iommufd().IoasMapFile(0, -1, 0, 0, 0, 0).error == ENOTTY) {
    GTEST_SKIP() << "no IOMMU_IOAS_MAP_FILE";
  }
  {
    IommufdSession other(iommufd().backend());
    ASSERT_THAT(other.open_outcome(), Succeeds());
    Outcome file_ioas = other.IoasAlloc();
    Outcome pinning_ioas = other.IoasAlloc();
    ASSERT_THAT(file_ioas, Succeeds());
    ASSERT_THAT(pinning_ioas, Succeeds());
    ASSERT_THAT(other.IoasMapFile(file_ioas.As<uapi::IommuIoasAlloc>().out_ioas_id, other.fd(), 0,
                                  page_size(), 0, kReadWrite),
                Succeeds());
    uint32_t pinning = pinning_ioas.As<uapi::IommuIoasAlloc>().out_ioas_id;
    ASSERT_THAT(other.MockDomain(pinning), Succeeds());
    ASSERT_THAT(other.IoasMap(pinning, buffer(), page_size(), 0, kReadWrite), Succeeds());
    ASSERT_THAT(iommufd().CheckRefs(buffer(), page_size(), 1), Succeeds());
  }
  EXPECT_THAT(iommufd().CheckRefs(buffer(), page_size(), 0), Succeeds());
}

// diff_fuzzer in a 7.2 arm64 `smmuv3` guest (crash-b53b70dd...): an automatic 8 KiB map into
// allowed ranges [0x1001000, 0x1001fff] and [0x1000000, 0x1000fff]. The kernel takes
// ranges that touch as one, and mapped it at 0x1000000; the model tried each range alone
// and answered ENOSPC.
TEST_F(FuzzFindingsTest, AutomaticIovasSpanAllowedRangesThatTouch) {
  // Aligned to 16 KiB, so that an 8 KiB map wants an 8 KiB-aligned IOVA.
  const uint8_t* aligned = reinterpret_cast<const uint8_t*>(
      (reinterpret_cast<uintptr_t>(buffer()) + 0x3fff) & ~uintptr_t{0x3fff});
  const uapi::IommuIovaRange allowed[] = {{0x1001000, 0x1001fff}, {0x1000000, 0x1000fff}};
  ASSERT_THAT(iommufd().IoasAllowIovas(ioas_, allowed), Succeeds());
  Outcome map = iommufd().IoasMap(ioas_, aligned, 0x2000, 0, kReadWrite);
  ASSERT_THAT(map, Succeeds());
  EXPECT_EQ(map.As<uapi::IommuIoasMap>().iova, 0x1000000u);
}

// diff_fuzzer in a 7.2 x86_64 `vtd` guest (crash-f61ac90f...): IOAS_COPY with flag bit 16
// and a destination IOVA of 2^64 - 1. Bit 16 is the selftest's syzkaller hook
// (MOCK_FLAGS_ACCESS_SYZ): the kernel drops it before anything else and, where the source
// IOAS exists, reads src_iova as {nth_area, offset}; a copy that succeeds writes both back.
// The model refused the flag (EOPNOTSUPP) where the kernel found the IOVA overflowing.
// Probed on 6.12, 7.2 and 7.3.
TEST_F(FuzzFindingsTest, CopyTakesTheSyzkallerIovaHook) {
  constexpr uint32_t kSyz = uapi::kMockFlagsAccessSyz;
  MapFixedOk(ioas_, buffer(), 4 * page_size(), kApertureIova);
  uint32_t dst = IoasAllocOk();
  auto copy = [&](uint32_t src, uint64_t src_iova, uint64_t dst_iova, uint32_t flags) {
    return iommufd().IoasCopy(dst, src, src_iova, 2 * page_size(), dst_iova, flags);
  };
  // Offset one page into the first area.
  Outcome done =
      copy(ioas_, uint64_t{page_size()} << 32, 2 * kApertureIova, kSyz | kFixedReadWrite);
  ASSERT_THAT(done, Succeeds());
  EXPECT_EQ(done.As<uapi::IommuIoasCopy>().flags, kFixedReadWrite);
  EXPECT_EQ(done.As<uapi::IommuIoasCopy>().src_iova, kApertureIova + page_size());
  // No such area: IOVA 0, which nothing maps.
  EXPECT_THAT(copy(ioas_, ~uint64_t{0}, 3 * kApertureIova, kSyz | kFixedReadWrite),
              FailsWith(ENOENT));
  // Without a source IOAS the IOVA stays as sent (and overflows); the flag is gone either way.
  EXPECT_THAT(copy(ioas_ + 100, ~uint64_t{0}, 3 * kApertureIova, kSyz | kFixedReadWrite),
              FailsWith(EOVERFLOW));
  EXPECT_THAT(copy(ioas_ + 100, 0, 3 * kApertureIova, kSyz | kFixedReadWrite), FailsWith(ENOENT));
  EXPECT_THAT(copy(ioas_, 0, ~uint64_t{0}, kSyz | uapi::kIommuIoasMapFixedIova),
              FailsWith(EOVERFLOW));
  EXPECT_THAT(copy(ioas_, 0, 3 * kApertureIova, kSyz | uapi::kIommuIoasMapFixedIova),
              FailsWith(EINVAL));
}

// The WARN that ended the smmuv3 campaign of 2026-11-21 evening (7.2 arm64), kept by the
// kmsg check that came of it, then probed on 6.12, 7.2 and 7.3 (x86_64 and arm64):
// VFIO_IOMMU_MAP_DMA takes a mapping with neither READ nor WRITE (the type1 driver refuses
// one), and 7.x's generic page table WARNs on such a mapping whenever a domain is filled
// from it, failing the MOCK_DOMAIN or the MAP_DMA with EINVAL. 6.12 takes both calls. A
// kernel bug (reports/kernel-bugs.md); the uAPI allows refusing the map up front, or both
// calls, but no WARN.
TEST_F(FuzzFindingsTest, AMappingWithoutAccessNeitherWarnsNorBreaksADomain) {
  KERNEL_BUG_REPRODUCER("vfio-map-dma-without-access-warns");
  ASSERT_THAT(iommufd().VfioIoas(uapi::kIommuVfioIoasSet, ioas_), Succeeds());
  auto map_dma_without_access = [&](uint64_t iova) {
    return iommufd().VfioMapDma(iova, buffer(), page_size(), 0);
  };
  Outcome before_domain = map_dma_without_access(kApertureIova);
  if (!before_domain.ok()) {
    EXPECT_THAT(before_domain, FailsWith(EINVAL));
    return;
  }
  MockDomainOk(ioas_);
  EXPECT_THAT(map_dma_without_access(kApertureIova + page_size()), Succeeds());
}

// diff_fuzzer in a 7.2 arm64 `smmuv3` guest (crash-1c741c87..., the night campaign):
// turning huge pages off needs every area page aligned in user memory too, not only in IOVA
// and length. An area whose user address starts 0x9b9 into a page made the kernel answer
// EADDRINUSE; the model looked at the IOVA and the length only.
TEST_F(FuzzFindingsTest, HugePagesOffNeedsAreasPageAlignedInUserMemory) {
  auto huge_pages = [&](uint64_t on) {
    return iommufd().Option(uapi::kIommuOptionHugePages, uapi::kIommuOptionOpSet, ioas_, on);
  };
  MapFixedOk(ioas_, buffer() + 0x9b9, 2 * page_size(), kApertureIova);
  EXPECT_THAT(huge_pages(0), FailsWith(EADDRINUSE));
  UnmapOk(ioas_, 0, UINT64_MAX);
  MapFixedOk(ioas_, buffer(), 2 * page_size(), kApertureIova);
  EXPECT_THAT(huge_pages(0), Succeeds());
}

}  // namespace
}  // namespace iommufd_conform
