// IOMMU_IOAS_MAP_FILE: mapping a memfd's pages by file offset, with a fixed or automatic
// IOVA, and when those pages get pinned.
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <string>

#include "suites/mock/access_test.h"
#include "suites/support/conform_test.h"
#include "suites/support/mem_fd.h"

namespace iommufd_conform {
namespace {

constexpr uint64_t kIova = 0x1000000;  // inside the mock aperture too
constexpr uint32_t kReadOnlyFixed = uapi::kIommuIoasMapReadable | uapi::kIommuIoasMapFixedIova;

// Skips a case on kernels before 6.13, which lack the ioctl.
#define SKIP_WITHOUT_MAP_FILE()                                                         \
  do {                                                                                  \
    Outcome probe = iommufd().IoasMapFile(0, -1, 0, 0, 0, 0);                           \
    if (!probe.ok() && probe.error == ENOTTY) GTEST_SKIP() << "no IOMMU_IOAS_MAP_FILE"; \
  } while (0)

class MapFileTest : public IoasTest {
 protected:
  void SetUp() override {
    IoasTest::SetUp();
    if (HasFatalFailure()) return;
    SKIP_WITHOUT_MAP_FILE();
    ASSERT_GE(memfd_.fd(), 0);
  }
  Outcome MapFile(uint64_t start, uint64_t length, uint64_t iova, uint32_t flags,
                  int fd = -2) {
    return iommufd().IoasMapFile(ioas_, fd == -2 ? memfd_.fd() : fd, start, length, iova, flags);
  }
  uint64_t MapFileOk(uint64_t start, uint64_t length, uint64_t iova, uint32_t flags) {
    return Require(MapFile(start, length, iova, flags),
                   "MAP_FILE of " + std::to_string(length) + " at " + std::to_string(start))
        .As<uapi::IommuIoasMapFile>()
        .iova;
  }
  MemFd memfd_{8};
};

TEST_F(MapFileTest, MapsAtAFixedIova) {
  EXPECT_EQ(MapFileOk(0, memfd_.size(), kIova, kFixedReadWrite), kIova);
  EXPECT_EQ(MapFileOk(page_size(), page_size(), kIova + memfd_.size(), kFixedReadWrite),
            kIova + memfd_.size());
  EXPECT_EQ(UnmapOk(ioas_, kIova, memfd_.size()), memfd_.size());
}

TEST_F(MapFileTest, MapsAtAnAutomaticIova) {
  uint64_t iova = MapFileOk(0, 4 * page_size(), 0, kReadWrite);
  EXPECT_NE(iova, 0u);
  EXPECT_EQ(iova % page_size(), 0u);
  uint64_t second = MapFileOk(page_size() + 16, 64, 0, kReadWrite);
  // The IOVA keeps the offset's place within its page.
  EXPECT_EQ(second % page_size(), 16u);
  EXPECT_EQ(UnmapOk(ioas_, second, 64), 64u);
}

TEST_F(MapFileTest, UnalignedOffsetsAndLengthsWithoutADomain) {
  MapFileOk(100, 200, kIova + 100, kFixedReadWrite);
  MapFileOk(memfd_.size() - 1, 1, kIova + page_size(), kFixedReadWrite);
}

TEST_F(MapFileTest, WithoutHugePagesOffsetsAndLengthsArePageMultiples) {
  ASSERT_THAT(iommufd().Option(uapi::kIommuOptionHugePages, uapi::kIommuOptionOpSet, ioas_, 0),
              Succeeds());
  EXPECT_THAT(MapFile(100, page_size(), kIova, kFixedReadWrite), FailsWith(EINVAL));
  EXPECT_THAT(MapFile(0, page_size() / 2, kIova, kFixedReadWrite), FailsWith(EINVAL));
  EXPECT_THAT(MapFile(100, page_size(), 0, kReadWrite), FailsWith(EINVAL));
  EXPECT_EQ(MapFileOk(page_size(), page_size(), kIova, kFixedReadWrite), kIova);
}

TEST_F(MapFileTest, FixedMapsFollowTheIoasRules) {
  MapFileOk(0, page_size(), kIova, kFixedReadWrite);
  EXPECT_THAT(MapFile(0, page_size(), kIova, kFixedReadWrite), FailsWith(EEXIST));
  EXPECT_THAT(MapFile(0, 2 * page_size(), kIova - page_size(), kFixedReadWrite),
              FailsWith(EEXIST));
  EXPECT_THAT(MapFile(0, 2 * page_size(), UINT64_MAX - page_size() + 1, kFixedReadWrite),
              FailsWith(EOVERFLOW));
}

TEST_F(MapFileTest, BadFlagsAndNumbers) {
  EXPECT_THAT(MapFile(0, page_size(), kIova, kFixedReadWrite | 8), FailsWith(EOPNOTSUPP));
  EXPECT_THAT(MapFile(0, page_size(), kIova, uapi::kIommuIoasMapFixedIova), FailsWith(EINVAL));
  EXPECT_THAT(MapFile(0, page_size(), UINT64_MAX, kFixedReadWrite), FailsWith(EOVERFLOW));
  EXPECT_THAT(MapFile(0, UINT64_MAX, kIova, kFixedReadWrite), FailsWith(EOVERFLOW));
  EXPECT_THAT(MapFile(0, 0, kIova, kFixedReadWrite), FailsWith(EINVAL));
  EXPECT_THAT(MapFile(0, 0, 0, kReadWrite), FailsWith(EINVAL));
}

TEST_F(MapFileTest, UnknownIoasIsEnoent) {
  EXPECT_THAT(
      iommufd().IoasMapFile(ioas_ + 100, memfd_.fd(), 0, page_size(), kIova, kFixedReadWrite),
      FailsWith(ENOENT));
  // The IOAS is looked up before the descriptor.
  EXPECT_THAT(iommufd().IoasMapFile(ioas_ + 100, -1, 0, page_size(), kIova, kFixedReadWrite),
              FailsWith(ENOENT));
}

TEST_F(MapFileTest, BadDescriptorIsEbadf) {
  EXPECT_THAT(MapFile(0, page_size(), kIova, kFixedReadWrite, -1), FailsWith(EBADF));
  int closed = dup(memfd_.fd());
  ASSERT_GE(closed, 0);
  close(closed);
  EXPECT_THAT(MapFile(0, page_size(), kIova, kFixedReadWrite, closed), FailsWith(EBADF));
}

// Without a domain nothing is pinned, so the file is not looked at beyond being open.
TEST_F(MapFileTest, AnyFileMapsUntilPinned) {
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  EXPECT_THAT(MapFile(0, page_size(), kIova, kFixedReadWrite, pipe_fds[0]), Succeeds());
  close(pipe_fds[0]);
  close(pipe_fds[1]);
  MemFd empty(0);
  ASSERT_GE(empty.fd(), 0);
  EXPECT_THAT(MapFile(0, page_size(), kIova + page_size(), kFixedReadWrite, empty.fd()),
              Succeeds());
}

TEST_F(MapFileTest, BeyondTheEndOfTheFileMapsUntilPinned) {
  EXPECT_THAT(MapFile(memfd_.size(), page_size(), kIova, kFixedReadWrite), Succeeds());
  EXPECT_THAT(MapFile(memfd_.size() - page_size(), 2 * page_size(), kIova + page_size(),
                      kFixedReadWrite),
              Succeeds());
  EXPECT_THAT(MapFile(0, memfd_.size() + 1, kIova + 4 * page_size(), kFixedReadWrite),
              Succeeds());
}

TEST_F(MapFileTest, OffsetPlusLengthMustNotOverflow) {
  EXPECT_THAT(MapFile(UINT64_MAX - page_size(), 2 * page_size(), kIova, kFixedReadWrite),
              FailsWith(EOVERFLOW));
}

// Writable maps of these are a kernel bug: see the reproducers below.
TEST_F(MapFileTest, AReadOnlyDescriptorMapsReadOnly) {
  std::string path = "/proc/self/fd/" + std::to_string(memfd_.fd());
  int read_only = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(read_only, 0);
  EXPECT_THAT(MapFile(0, page_size(), kIova, kReadOnlyFixed, read_only), Succeeds());
  close(read_only);
}

TEST_F(MapFileTest, AWriteSealedMemfdMapsReadOnly) {
  MemFd sealed(2, MFD_ALLOW_SEALING);
  ASSERT_GE(sealed.fd(), 0);
  ASSERT_EQ(fcntl(sealed.fd(), F_ADD_SEALS, F_SEAL_WRITE | F_SEAL_SHRINK | F_SEAL_GROW), 0);
  EXPECT_THAT(MapFile(0, page_size(), kIova, kReadOnlyFixed, sealed.fd()), Succeeds());
}

TEST_F(MapFileTest, ShrinkAndGrowSealsDoNotStopWritableMaps) {
  MemFd sealed(2, MFD_ALLOW_SEALING);
  ASSERT_GE(sealed.fd(), 0);
  ASSERT_EQ(fcntl(sealed.fd(), F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW), 0);
  EXPECT_THAT(MapFile(0, page_size(), kIova, kFixedReadWrite, sealed.fd()), Succeeds());
}

TEST_F(MapFileTest, TheMapOutlivesTheDescriptor) {
  MapFileOk(0, page_size(), kIova, kFixedReadWrite);
  memfd_.Close();
  EXPECT_EQ(UnmapOk(ioas_, kIova, page_size()), page_size());
}

TEST_F(MapFileTest, CopyOfAFileArea) {
  MapFileOk(0, 4 * page_size(), kIova, kFixedReadWrite);
  uint32_t other = IoasAllocOk();
  EXPECT_THAT(iommufd().IoasCopy(other, ioas_, kIova + page_size(), 2 * page_size(), kIova,
                                 kFixedReadWrite),
              Succeeds());
  EXPECT_EQ(UnmapOk(other, kIova, 2 * page_size()), 2 * page_size());
}

// ---- With a mock domain or an access: the pages get pinned ----

class MockMapFileTest : public AccessTest {
 protected:
  void SetUp() override {
    AccessTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    SKIP_WITHOUT_MAP_FILE();
    ASSERT_GE(memfd_.fd(), 0);
  }
  Outcome MapFile(uint64_t start, uint64_t length, uint64_t iova, uint32_t flags, int fd = -2) {
    return iommufd().IoasMapFile(ioas_, fd == -2 ? memfd_.fd() : fd, start, length, iova, flags);
  }
  MemFd memfd_{8};
};

TEST_F(MockMapFileTest, AccessReadsAndWritesTheFile) {
  ASSERT_THAT(MapFile(0, 4 * page_size(), kIova, kFixedReadWrite), Succeeds());
  int access = CreateAccessOk(ioas_, 0);
  uint8_t back[4] = {};
  ASSERT_THAT(iommufd().AccessRw(access, kIova + page_size() + 10, sizeof(back), back, 0),
              Succeeds());
  EXPECT_EQ(back[0], MemFd::PatternAt(page_size() + 10));
  EXPECT_EQ(back[3], MemFd::PatternAt(page_size() + 13));
  uint8_t data[2] = {0xee, 0xef};
  ASSERT_THAT(iommufd().AccessRw(access, kIova + 5, sizeof(data), data, uapi::kMockAccessRwWrite),
              Succeeds());
  uint8_t file[2] = {};
  ASSERT_EQ(pread(memfd_.fd(), file, sizeof(file), 5), 2);
  EXPECT_EQ(file[0], 0xee);
  EXPECT_EQ(file[1], 0xef);
}

// diff_fuzzer in a 7.2 arm64 `smmuv3` guest (crash-8beb0ce3...): an access reading a MAP_FILE
// area of /dev/null. Only memfd pages can be reached, so reading or writing any other file
// is EINVAL, as pinning it is; the model read nothing from the file and answered EFAULT.
TEST_F(MockMapFileTest, AccessRwOfAFileThatIsNotAMemfdIsEinval) {
  int null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
  ASSERT_GE(null_fd, 0);
  ASSERT_THAT(MapFile(6 * page_size(), page_size(), kIova, kFixedReadWrite, null_fd), Succeeds());
  close(null_fd);
  int access = CreateAccessOk(ioas_, 0);
  uint8_t bytes[54] = {};
  for (uint32_t flags : {0u, uint32_t{uapi::kMockAccessRwSlowPath},
                         uint32_t{uapi::kMockAccessRwWrite}}) {
    EXPECT_THAT(iommufd().AccessRw(access, kIova, sizeof(bytes), bytes, flags), FailsWith(EINVAL))
        << "flags " << flags;
  }
}

// diff_fuzzer in a 7.2 x86_64 `vtd` guest (crash-71784070...): an access writing through a
// MAP_FILE area past the end of the memfd. The pages there do not exist: EINVAL, reading or
// writing, as pinning them is; the model wrote and so grew the file.
TEST_F(MockMapFileTest, AccessRwPastTheEndOfTheFileIsEinval) {
  ASSERT_THAT(MapFile(0, 16 * page_size(), kIova, kFixedReadWrite), Succeeds());
  int access = CreateAccessOk(ioas_, 0);
  uint8_t bytes[2] = {};
  for (uint32_t flags : {0u, uint32_t{uapi::kMockAccessRwSlowPath},
                         uint32_t{uapi::kMockAccessRwWrite}}) {
    EXPECT_THAT(iommufd().AccessRw(access, kIova + 10 * page_size(), sizeof(bytes), bytes, flags),
                FailsWith(EINVAL))
        << "flags " << flags;
  }
  EXPECT_EQ(lseek(memfd_.fd(), 0, SEEK_END), static_cast<off_t>(memfd_.size()));
  // The last bytes of the file are still there to read.
  EXPECT_THAT(iommufd().AccessRw(access, kIova + memfd_.size() - 2, sizeof(bytes), bytes, 0),
              Succeeds());
}

TEST_F(MockMapFileTest, AccessReadsAtTheFileOffset) {
  ASSERT_THAT(MapFile(3 * page_size() + 8, page_size(), kIova, kFixedReadWrite), Succeeds());
  int access = CreateAccessOk(ioas_, 0);
  uint8_t back[2] = {};
  ASSERT_THAT(iommufd().AccessRw(access, kIova, sizeof(back), back, uapi::kMockAccessRwSlowPath),
              Succeeds());
  EXPECT_EQ(back[0], MemFd::PatternAt(3 * page_size() + 8));
  memfd_.Close();
  ASSERT_THAT(iommufd().AccessRw(access, kIova + 1, 1, back, 0), Succeeds());
  EXPECT_EQ(back[0], MemFd::PatternAt(3 * page_size() + 9));
}

TEST_F(MockMapFileTest, AccessPinsFilePages) {
  ASSERT_THAT(MapFile(0, 2 * page_size(), kIova, kFixedReadWrite), Succeeds());
  int access = CreateAccessOk(ioas_);
  uint32_t item = AccessPagesOk(access, kIova, 2 * page_size(), nullptr,
                                uapi::kMockFlagsAccessWrite);
  EXPECT_THAT(iommufd().DestroyAccessPages(access, item), Succeeds());
}

TEST_F(MockMapFileTest, AccessPagesComparesFilePagesWithASharedMapping) {
  ASSERT_THAT(MapFile(0, 2 * page_size(), kIova, kFixedReadWrite), Succeeds());
  void* shared =
      mmap(nullptr, 2 * page_size(), PROT_READ | PROT_WRITE, MAP_SHARED, memfd_.fd(), 0);
  ASSERT_NE(shared, MAP_FAILED);
  int access = CreateAccessOk(ioas_);
  AccessPagesOk(access, kIova, 2 * page_size(), shared);
  EXPECT_THAT(iommufd().AccessPages(access, kIova, page_size(),
                                    static_cast<uint8_t*>(shared) + page_size()),
              FailsWith(EBADE));
  munmap(shared, 2 * page_size());
}

TEST_F(MockMapFileTest, DomainsPinFilePages) {
  MockDomainOk(ioas_);
  ASSERT_THAT(MapFile(0, 4 * page_size(), kIova, kFixedReadWrite), Succeeds());
  uint64_t iova = 0;
  Outcome automatic = MapFile(page_size(), page_size(), 0, kReadWrite);
  ASSERT_THAT(automatic, Succeeds());
  iova = automatic.As<uapi::IommuIoasMapFile>().iova;
  EXPECT_GE(iova, kApertureIova);
  // The domain's 2 KiB pages allow 2 KiB offsets, not less.
  EXPECT_THAT(MapFile(2048, 2048, kIova + 8 * page_size(), kFixedReadWrite), Succeeds());
  EXPECT_THAT(MapFile(1024, 2048, kIova + 16 * page_size(), kFixedReadWrite), FailsWith(EINVAL));
}

TEST_F(MockMapFileTest, PinningNeedsMemfdPages) {
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  ASSERT_THAT(MapFile(0, page_size(), kIova, kFixedReadWrite, pipe_fds[0]), Succeeds());
  close(pipe_fds[1]);
  EXPECT_THAT(iommufd().MockDomain(ioas_), FailsWith(EINVAL));
  int access = CreateAccessOk(ioas_);
  EXPECT_THAT(iommufd().AccessPages(access, kIova, page_size(), nullptr), FailsWith(EINVAL));
  UnmapOk(ioas_, kIova, page_size());
  MockDomainOk(ioas_);
  EXPECT_THAT(MapFile(0, page_size(), kIova, kFixedReadWrite, pipe_fds[0]), FailsWith(EINVAL));
  close(pipe_fds[0]);
}

TEST_F(MockMapFileTest, PinningStopsAtTheEndOfTheFile) {
  MockDomainOk(ioas_);
  EXPECT_THAT(MapFile(memfd_.size(), page_size(), kIova, kFixedReadWrite), FailsWith(EINVAL));
  EXPECT_THAT(MapFile(memfd_.size() - page_size(), 2 * page_size(), kIova, kFixedReadWrite),
              FailsWith(EINVAL));
  EXPECT_THAT(MapFile(0, memfd_.size() + 1, kIova, kFixedReadWrite), FailsWith(EINVAL));
  EXPECT_THAT(MapFile(memfd_.size() - page_size(), page_size(), kIova, kFixedReadWrite),
              Succeeds());
  MemFd empty(0);
  ASSERT_GE(empty.fd(), 0);
  EXPECT_THAT(MapFile(0, page_size(), kIova + page_size(), kFixedReadWrite, empty.fd()),
              FailsWith(EINVAL));
}

TEST_F(MockMapFileTest, ADomainAfterTheMapPinsTheFile) {
  ASSERT_THAT(MapFile(0, 4 * page_size(), kIova, kFixedReadWrite), Succeeds());
  MockDomainOk(ioas_);
}

TEST_F(MockMapFileTest, ATruncatedFileCannotBePinned) {
  ASSERT_THAT(MapFile(0, 4 * page_size(), kIova, kFixedReadWrite), Succeeds());
  ASSERT_EQ(ftruncate(memfd_.fd(), page_size()), 0);
  EXPECT_THAT(iommufd().MockDomain(ioas_), FailsWith(EINVAL));
  int access = CreateAccessOk(ioas_);
  EXPECT_THAT(iommufd().AccessPages(access, kIova + 2 * page_size(), page_size(), nullptr),
              FailsWith(EINVAL));
  AccessPagesOk(access, kIova, page_size(), nullptr);
}

TEST_F(MockMapFileTest, ReadOnlyAreasRefuseWrites) {
  ASSERT_THAT(MapFile(0, page_size(), kIova, kReadOnlyFixed), Succeeds());
  int access = CreateAccessOk(ioas_, 0);
  uint8_t byte = 1;
  EXPECT_THAT(iommufd().AccessRw(access, kIova, 1, &byte, uapi::kMockAccessRwWrite),
              FailsWith(EPERM));
  int pinning = CreateAccessOk(ioas_);
  EXPECT_THAT(
      iommufd().AccessPages(pinning, kIova, page_size(), nullptr, uapi::kMockFlagsAccessWrite),
      FailsWith(EPERM));
}

// 7.2 and 7.3 accept a writable map of a memfd the caller may not write (opened read-only,
// or sealed with F_SEAL_WRITE), and once pinned a device or access writes the file through
// it. The model refuses the map with EPERM, as IOAS_COPY refuses writable copies of read-only
// pages. Manifest entry [map-file-writable-without-write-permission].
TEST_F(MockMapFileTest, WritableMapOfAReadOnlyDescriptorIsEperm) {
  KERNEL_BUG_REPRODUCER("map-file-writable-without-write-permission");
  std::string path = "/proc/self/fd/" + std::to_string(memfd_.fd());
  int read_only = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(read_only, 0);
  MockDomainOk(ioas_);
  EXPECT_THAT(MapFile(0, page_size(), kIova, kFixedReadWrite, read_only), FailsWith(EPERM));
  close(read_only);
  // What the kernel then allows: an access writes the file the descriptor could not.
  int access = CreateAccessOk(ioas_, 0);
  uint8_t byte = 0xab;
  (void)iommufd().AccessRw(access, kIova + 1, 1, &byte, uapi::kMockAccessRwWrite);
  uint8_t file = 0;
  ASSERT_EQ(pread(memfd_.fd(), &file, 1, 1), 1);
  EXPECT_EQ(file, MemFd::PatternAt(1));
}

TEST_F(MockMapFileTest, WritableMapOfAWriteSealedMemfdIsEperm) {
  KERNEL_BUG_REPRODUCER("map-file-writable-without-write-permission");
  MemFd sealed(2, MFD_ALLOW_SEALING);
  ASSERT_GE(sealed.fd(), 0);
  ASSERT_EQ(fcntl(sealed.fd(), F_ADD_SEALS, F_SEAL_WRITE), 0);
  MockDomainOk(ioas_);
  EXPECT_THAT(MapFile(0, page_size(), kIova, kFixedReadWrite, sealed.fd()), FailsWith(EPERM));
  int access = CreateAccessOk(ioas_, 0);
  uint8_t byte = 0xab;
  (void)iommufd().AccessRw(access, kIova + 1, 1, &byte, uapi::kMockAccessRwWrite);
  uint8_t file = 0;
  ASSERT_EQ(pread(sealed.fd(), &file, 1, 1), 1);
  EXPECT_EQ(file, MemFd::PatternAt(1));
}

}  // namespace
}  // namespace iommufd_conform
