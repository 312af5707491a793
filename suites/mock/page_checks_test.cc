// The mock driver's views of what the kernel did with user pages: MD_CHECK_MAP (does the
// mock domain map these IOVAs to these user pages?), MD_CHECK_REFS (how many times are these
// pages pinned?), and SET_TEMP_MEMORY_LIMIT.
#include <sys/mman.h>
#include <unistd.h>

#include "suites/mock/mock_test.h"
#include "suites/support/mem_fd.h"

namespace iommufd_conform {
namespace {

class MockPageChecksTest : public MockTest {};

TEST_F(MockPageChecksTest, CheckMapSeesTheUserPagesBehindEachIova) {
  uint32_t hwpt = MockDomainOk(ioas_).hwpt;
  MapFixedOk(ioas_, buffer(), 4 * page_size(), kApertureIova);
  EXPECT_THAT(iommufd().CheckMap(hwpt, kApertureIova, 4 * page_size(), buffer()), Succeeds());
  EXPECT_THAT(
      iommufd().CheckMap(hwpt, kApertureIova + page_size(), page_size(), buffer() + page_size()),
      Succeeds());
  // Half a CPU page in: the mock page size is what counts.
  EXPECT_THAT(iommufd().CheckMap(hwpt, kApertureIova + uapi::kMockPageSize, uapi::kMockPageSize,
                                 buffer() + uapi::kMockPageSize),
              Succeeds());
  EXPECT_THAT(iommufd().CheckMap(hwpt, kApertureIova, 0, buffer()), Succeeds());
}

TEST_F(MockPageChecksTest, CheckMapRefusesOtherPagesAndUnmappedIovas) {
  uint32_t hwpt = MockDomainOk(ioas_).hwpt;
  MapFixedOk(ioas_, buffer(), 4 * page_size(), kApertureIova);
  EXPECT_THAT(iommufd().CheckMap(hwpt, kApertureIova, page_size(), buffer() + page_size()),
              FailsWith(EINVAL));
  EXPECT_THAT(
      iommufd().CheckMap(hwpt, kApertureIova + uapi::kMockPageSize, uapi::kMockPageSize, buffer()),
      FailsWith(EINVAL));
  EXPECT_THAT(iommufd().CheckMap(hwpt, kApertureIova, 5 * page_size(), buffer()),
              FailsWith(EINVAL));
  EXPECT_THAT(iommufd().CheckMap(hwpt, kApertureIova << 6, page_size(), buffer()),
              FailsWith(EINVAL));
  UnmapOk(ioas_, kApertureIova, 4 * page_size());
  EXPECT_THAT(iommufd().CheckMap(hwpt, kApertureIova, page_size(), buffer()), FailsWith(EINVAL));
}

TEST_F(MockPageChecksTest, CheckMapArgumentRules) {
  MockDevice device = MockDomainOk(ioas_);
  MapFixedOk(ioas_, buffer(), page_size(), kApertureIova);
  // Only the mock paging domain answers.
  EXPECT_THAT(iommufd().CheckMap(ioas_, kApertureIova, page_size(), buffer()), FailsWith(ENOENT));
  EXPECT_THAT(iommufd().CheckMap(device.stdev, kApertureIova, page_size(), buffer()),
              FailsWith(ENOENT));
  EXPECT_THAT(iommufd().CheckMap(999, kApertureIova, page_size(), buffer()), FailsWith(ENOENT));
  EXPECT_THAT(iommufd().CheckMap(device.hwpt, kApertureIova + 1024, 1024, buffer() + 1024),
              FailsWith(EINVAL));
  // Bad arguments and an unknown id: 6.12 checks the arguments first, 7.2 the id; the
  // model knows which, and a differential run holds it to the kernel's answer.
  EXPECT_THAT(iommufd().CheckMap(999, kApertureIova + 1024, 1024, buffer() + 1024),
              ::testing::AnyOf(FailsWith(EINVAL), FailsWith(ENOENT)));
  EXPECT_THAT(
      iommufd().CheckMap(device.hwpt, UINT64_MAX - page_size() + 1, 2 * page_size(), buffer()),
      FailsWith(EINVAL));
  // The caller's page is looked up before the domain's.
  EXPECT_THAT(
      iommufd().CheckMap(device.hwpt, kApertureIova, page_size(), reinterpret_cast<void*>(0x1000)),
      FailsWith(EFAULT));
}

TEST_F(MockPageChecksTest, CheckRefsCountsOnePinPerMapWhileADomainIsAttached) {
  MapFixedOk(ioas_, buffer(), 4 * page_size(), kApertureIova);
  // No domain yet: nothing is pinned.
  EXPECT_THAT(iommufd().CheckRefs(buffer(), 4 * page_size(), 0), Succeeds());
  MockDomainOk(ioas_);
  EXPECT_THAT(iommufd().CheckRefs(buffer(), 4 * page_size(), 1), Succeeds());
  EXPECT_THAT(iommufd().CheckRefs(buffer(), 4 * page_size(), 0), FailsWith(EIO));
  EXPECT_THAT(iommufd().CheckRefs(buffer(), 4 * page_size(), 2), FailsWith(EIO));
  EXPECT_THAT(iommufd().CheckRefs(buffer() + 8 * page_size(), page_size(), 0), Succeeds());
  // The same page mapped again is pinned again.
  MapFixedOk(ioas_, buffer(), page_size(), kApertureIova << 2);
  EXPECT_THAT(iommufd().CheckRefs(buffer(), page_size(), 2), Succeeds());
  UnmapOk(ioas_, 0, UINT64_MAX);
  EXPECT_THAT(iommufd().CheckRefs(buffer(), 4 * page_size(), 0), Succeeds());
}

// diff_fuzzer in a 7.2 arm64 `smmuv3` guest (kernel EIO, model EFAULT): a memfd page that a
// MAP_FILE area pinned counts through the process's own mapping of the memfd, and the first
// page that differs decides before a later page past the end of the file can fault.
TEST_F(MockPageChecksTest, CheckRefsCountsPinnedMemfdPagesThroughAMappingOfTheFile) {
  MemFd memfd(4);
  if (iommufd().IoasMapFile(0, -1, 0, 0, 0, 0).error == ENOTTY) {
    GTEST_SKIP() << "no IOMMU_IOAS_MAP_FILE";
  }
  // Six pages of the four-page file mapped: the last two fault (SIGBUS) when touched.
  void* mapping = mmap(nullptr, 6 * page_size(), PROT_READ | PROT_WRITE, MAP_SHARED,
                       memfd.fd(), 0);
  ASSERT_NE(mapping, MAP_FAILED);
  auto* view = static_cast<uint8_t*>(mapping);
  ASSERT_THAT(
      iommufd().IoasMapFile(ioas_, memfd.fd(), 0, 2 * page_size(), kApertureIova, kFixedReadWrite),
      Succeeds());
  MockDomainOk(ioas_);
  EXPECT_THAT(iommufd().CheckRefs(view, 2 * page_size(), 1), Succeeds());
  EXPECT_THAT(iommufd().CheckRefs(view, 2 * page_size(), 0), FailsWith(EIO));
  EXPECT_THAT(iommufd().CheckRefs(view + 2 * page_size(), 2 * page_size(), 0), Succeeds());
  EXPECT_THAT(iommufd().CheckRefs(view, 6 * page_size(), 0), FailsWith(EIO));
  EXPECT_THAT(iommufd().CheckRefs(view + 2 * page_size(), 4 * page_size(), 0), FailsWith(EFAULT));
  munmap(mapping, 6 * page_size());
}

TEST_F(MockPageChecksTest, CheckRefsArgumentRules) {
  EXPECT_THAT(iommufd().CheckRefs(buffer(), 0, 0), Succeeds());
  EXPECT_THAT(iommufd().CheckRefs(buffer() + 1, page_size(), 0), FailsWith(EINVAL));
  EXPECT_THAT(iommufd().CheckRefs(buffer(), 100, 0), FailsWith(EINVAL));
  EXPECT_THAT(iommufd().CheckRefs(reinterpret_cast<void*>(0x1000), page_size(), 0),
              FailsWith(EFAULT));
  // Mapped but not readable: pinning would fail, and so does the check (found by the
  // differential fuzzer: input 24 3f 6d 7c 34).
  void* none = mmap(nullptr, page_size(), PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(none, MAP_FAILED);
  EXPECT_THAT(iommufd().CheckRefs(none, page_size(), 0), FailsWith(EFAULT));
  MockDevice device = MockDomainOk(ioas_);
  EXPECT_THAT(iommufd().CheckMap(device.hwpt, kApertureIova, page_size(), none), FailsWith(EFAULT));
  munmap(none, page_size());
}

// Kernel bug (reference/divergences.txt, check-refs-skips-zero-and-large-folio-pages): pages
// of a transparent huge page pass MD_CHECK_REFS whatever `refs` says.
TEST_F(MockPageChecksTest, CheckRefsChecksHugePagesToo) {
  KERNEL_BUG_REPRODUCER("check-refs-skips-zero-and-large-folio-pages");
  constexpr uint64_t kHuge = 2 << 20;
  void* reservation = mmap(nullptr, 2 * kHuge, PROT_READ | PROT_WRITE,
                           MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(reservation, MAP_FAILED);
  auto* huge = reinterpret_cast<uint8_t*>(
      (reinterpret_cast<uintptr_t>(reservation) + kHuge - 1) & ~(kHuge - 1));
  madvise(huge, kHuge, MADV_HUGEPAGE);
  huge[0] = 1;  // populates the whole huge page where THP is on
  EXPECT_THAT(iommufd().CheckRefs(huge, page_size(), 0), Succeeds());
  EXPECT_THAT(iommufd().CheckRefs(huge, page_size(), 5), FailsWith(EIO));
  munmap(reservation, 2 * kHuge);
}

TEST_F(MockPageChecksTest, TempMemoryLimitNeedsRoomForOneEntry) {
  EXPECT_THAT(iommufd().SetTempMemoryLimit(0), FailsWith(EINVAL));
  EXPECT_THAT(iommufd().SetTempMemoryLimit(11), FailsWith(EINVAL));
  EXPECT_THAT(iommufd().SetTempMemoryLimit(12), Succeeds());
  EXPECT_THAT(iommufd().SetTempMemoryLimit(65536), Succeeds());
}

}  // namespace
}  // namespace iommufd_conform
