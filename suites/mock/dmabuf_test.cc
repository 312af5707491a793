// The selftest's test dmabuf exporter (IOMMU_TEST_OP_DMABUF_GET / DMABUF_REVOKE, 7.x) and
// IOMMU_IOAS_MAP_FILE importing such a dmabuf: which ranges map, what revoking does to new
// and existing mappings, and what the other users of an IOAS see of a dmabuf area.
#include <fcntl.h>

#include <vector>

#include "suites/mock/access_test.h"
#include "suites/support/mem_fd.h"

namespace iommufd_conform {
namespace {

using uapi::IommuTestCmd;

class DmabufTest : public AccessTest {
 protected:
  static constexpr uint32_t kBufferPagesOfDmabuf = 4;

  void SetUp() override {
    AccessTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    Outcome probe = DmabufGet(static_cast<uint32_t>(page_size()));
    if (!probe.ok() && probe.error == EOPNOTSUPP) GTEST_SKIP() << "no DMABUF_GET (6.12)";
    ASSERT_THAT(probe, Succeeds()) << "DMABUF_GET of one page";
    // 7.3 installs the descriptor but answers 0, so its number is unknown to the caller, who
    // cannot close it.
    if (probe.ret == 0) {
      AcceptLeftoversOfKernelBug("dmabuf-get-answers-zero");
      GTEST_SKIP() << "this kernel's DMABUF_GET does not return the dmabuf";
    }
    (void)iommufd().Close(static_cast<int>(probe.ret));
  }
  void TearDown() override {
    for (int fd : dmabufs_) (void)iommufd().Close(fd);
    AccessTest::TearDown();
  }

  uint64_t dmabuf_size() const { return kBufferPagesOfDmabuf * page_size(); }

  Outcome DmabufGet(uint32_t length, uint32_t open_flags = O_CLOEXEC) {
    IommuTestCmd cmd{};
    cmd.op = uapi::kIommuTestOpDmabufGet;
    cmd.dmabuf_get.length = length;
    cmd.dmabuf_get.open_flags = open_flags;
    Outcome outcome = TestCmd(cmd);
    if (outcome.ok() && outcome.ret > 0) dmabufs_.push_back(static_cast<int>(outcome.ret));
    return outcome;
  }
  // The dmabuf's descriptor, closed by the fixture unless the test does.
  int DmabufGetOk(uint32_t length, uint32_t open_flags = O_CLOEXEC) {
    Outcome outcome = DmabufGet(length, open_flags);
    EXPECT_THAT(outcome, Succeeds()) << "DMABUF_GET of " << length << " bytes";
    EXPECT_GT(outcome.ret, 0) << "DMABUF_GET answers the new descriptor";
    return outcome.ok() ? static_cast<int>(outcome.ret) : -1;
  }
  void DmabufGetFails(int error, uint32_t length) {
    EXPECT_THAT(DmabufGet(length), FailsWith(error)) << "DMABUF_GET of " << length << " bytes";
  }
  void CloseDmabufOk(int fd) {
    EXPECT_THAT(iommufd().Close(fd), Succeeds());
    std::erase(dmabufs_, fd);
  }

  Outcome Revoke(int fd, uint32_t revoked) {
    IommuTestCmd cmd{};
    cmd.op = uapi::kIommuTestOpDmabufRevoke;
    cmd.dmabuf_revoke.dmabuf_fd = fd;
    cmd.dmabuf_revoke.revoked = revoked;
    return TestCmd(cmd);
  }
  void RevokeOk(int fd, uint32_t revoked = 1) { EXPECT_THAT(Revoke(fd, revoked), Succeeds()); }
  void RevokeFails(int error, int fd, uint32_t revoked = 1) {
    EXPECT_THAT(Revoke(fd, revoked), FailsWith(error)) << "DMABUF_REVOKE of " << fd;
  }

  // MAP_FILE of [start, start + length) of `fd`: at `iova` when given, else anywhere.
  Outcome MapFile(int fd, uint64_t start, uint64_t length, std::optional<uint64_t> iova = {},
                  uint32_t flags = kReadWrite, uint32_t ioas = 0) {
    if (iova) flags |= uapi::kIommuIoasMapFixedIova;
    return IoasMapFile(iommufd(), ioas ? ioas : ioas_, fd, start, length, iova.value_or(0),
                       flags);
  }
  // The IOVA mapped.
  uint64_t MapFileOk(int fd, uint64_t start, uint64_t length, std::optional<uint64_t> iova = {},
                     uint32_t flags = kReadWrite, uint32_t ioas = 0) {
    Outcome outcome = MapFile(fd, start, length, iova, flags, ioas);
    EXPECT_THAT(outcome, Succeeds()) << "MAP_FILE of " << start << "+" << length;
    return outcome.As<uapi::IommuIoasMapFile>().iova;
  }
  void MapFileFails(int error, int fd, uint64_t start, uint64_t length,
                    std::optional<uint64_t> iova = {}, uint32_t flags = kReadWrite) {
    EXPECT_THAT(MapFile(fd, start, length, iova, flags), FailsWith(error))
        << "MAP_FILE of " << start << "+" << length;
  }

  Outcome CheckMap(uint32_t hwpt, uint64_t iova, uint64_t length, const void* uptr) {
    IommuTestCmd cmd{};
    cmd.op = uapi::kIommuTestOpMdCheckMap;
    cmd.id = hwpt;
    cmd.check_map.iova = iova;
    cmd.check_map.length = length;
    cmd.check_map.uptr = reinterpret_cast<uintptr_t>(uptr);
    return TestCmd(cmd);
  }

 private:
  std::vector<int> dmabufs_;
};

TEST_F(DmabufTest, GetRoundsTheLengthUpToWholePages) {
  DmabufGetFails(EINVAL, 0);
  int one_byte = DmabufGetOk(1);
  // One byte became one whole page: all of it maps, and no more.
  MapFileOk(one_byte, 0, page_size());
  MapFileFails(EINVAL, one_byte, 0, page_size() + 1);
}

TEST_F(DmabufTest, GetTakesAtMost512Pages) {
  DmabufGetOk(static_cast<uint32_t>(512 * page_size()));
  DmabufGetFails(EINVAL, static_cast<uint32_t>(512 * page_size() + 1));
  DmabufGetFails(EINVAL, UINT32_MAX);
}

TEST_F(DmabufTest, GetIgnoresOpenFlagsBesidesCloseOnExec) {
  DmabufGetOk(static_cast<uint32_t>(page_size()), 0);
  DmabufGetOk(static_cast<uint32_t>(page_size()), O_RDWR | O_CLOEXEC);
  DmabufGetOk(static_cast<uint32_t>(page_size()), UINT32_MAX);
}

// The selftest's dmabuf_simple: the range must lie in the buffer and be nonempty.
TEST_F(DmabufTest, MapFileTakesRangesInsideTheBuffer) {
  int dmabuf = DmabufGetOk(static_cast<uint32_t>(dmabuf_size()));
  MapFileFails(EINVAL, dmabuf, 0, 0);
  MapFileFails(EINVAL, dmabuf, dmabuf_size(), dmabuf_size());
  MapFileFails(EINVAL, dmabuf, 0, dmabuf_size() + 1);
  MapFileFails(EINVAL, dmabuf, page_size(), dmabuf_size());
  MapFileFails(EOVERFLOW, dmabuf, UINT64_MAX - page_size() + 2, page_size());
  MapFileOk(dmabuf, 0, dmabuf_size());
  MapFileOk(dmabuf, page_size(), dmabuf_size() - page_size());
  MapFileOk(dmabuf, dmabuf_size() - 1, 1);
}

TEST_F(DmabufTest, MapFileOfASubPageOffsetKeepsItInTheIova) {
  int dmabuf = DmabufGetOk(static_cast<uint32_t>(dmabuf_size()));
  uint64_t iova = MapFileOk(dmabuf, 100, 2 * page_size());
  EXPECT_EQ(iova % page_size(), 100u);
  uint64_t fixed = 16 * page_size();
  EXPECT_EQ(MapFileOk(dmabuf, 0, page_size(), fixed), fixed);
  MapFileFails(EEXIST, dmabuf, 0, page_size(), fixed);
}

TEST_F(DmabufTest, MapFileTakesEitherDirection) {
  int dmabuf = DmabufGetOk(static_cast<uint32_t>(dmabuf_size()));
  MapFileOk(dmabuf, 0, page_size(), std::nullopt, uapi::kIommuIoasMapReadable);
  MapFileOk(dmabuf, 0, page_size(), std::nullopt, uapi::kIommuIoasMapWriteable);
  MapFileFails(EINVAL, dmabuf, 0, page_size(), std::nullopt, 0);
}

// The selftest's dmabuf_revoke, without and with a mock domain.
TEST_F(DmabufTest, RevokedBufferCannotBeMappedUntilRestored) {
  int dmabuf = DmabufGetOk(static_cast<uint32_t>(dmabuf_size()));
  uint64_t iova = MapFileOk(dmabuf, 0, dmabuf_size());
  RevokeOk(dmabuf);
  MapFileFails(ENODEV, dmabuf, 0, dmabuf_size());
  MapFileFails(ENODEV, dmabuf, 0, page_size());
  // Range errors still come first.
  MapFileFails(EINVAL, dmabuf, 0, dmabuf_size() + 1);
  RevokeOk(dmabuf, 0);
  MapFileOk(dmabuf, 0, dmabuf_size());
  EXPECT_EQ(UnmapOk(ioas_, iova, dmabuf_size()), dmabuf_size());
  MapFileOk(dmabuf, 0, dmabuf_size(), iova);
}

TEST_F(DmabufTest, RevokeWithAMockDomain) {
  MockDevice device = MockDomainOk(ioas_);
  int dmabuf = DmabufGetOk(static_cast<uint32_t>(dmabuf_size()));
  uint64_t iova = MapFileOk(dmabuf, 0, dmabuf_size(), kApertureIova);
  RevokeOk(dmabuf);
  // A new domain on the IOAS skips the revoked area instead of failing.
  HwptAllocOk(device.idev, ioas_);
  MockDomainOk(ioas_);
  MapFileFails(ENODEV, dmabuf, 0, dmabuf_size());
  RevokeOk(dmabuf, 0);
  uint64_t second = MapFileOk(dmabuf, 0, dmabuf_size());
  EXPECT_EQ(UnmapOk(ioas_, iova, dmabuf_size()), dmabuf_size());
  EXPECT_EQ(UnmapOk(ioas_, second, dmabuf_size()), dmabuf_size());
}

// A domain can leave an IOAS holding a dmabuf area, whether the buffer is live or revoked.
TEST_F(DmabufTest, DomainsLeaveAnIoasWithADmabufArea) {
  MockDevice device = MockDomainOk(ioas_);
  int dmabuf = DmabufGetOk(static_cast<uint32_t>(dmabuf_size()));
  uint64_t iova = MapFileOk(dmabuf, 0, dmabuf_size(), kApertureIova);
  DestroyOk(HwptAllocOk(device.idev, ioas_));
  uint32_t spare = HwptAllocOk(device.idev, ioas_);
  RevokeOk(dmabuf);
  DestroyOk(spare);
  DestroyOk(device.stdev);
  EXPECT_EQ(UnmapOk(ioas_, iova, dmabuf_size()), dmabuf_size());
}

TEST_F(DmabufTest, RevokeTakesAnyNonzeroValueAsRevoked) {
  int dmabuf = DmabufGetOk(static_cast<uint32_t>(dmabuf_size()));
  RevokeOk(dmabuf, 2);
  MapFileFails(ENODEV, dmabuf, 0, page_size());
  RevokeOk(dmabuf, 1);
  RevokeOk(dmabuf, 0);
  RevokeOk(dmabuf, 0);
  MapFileOk(dmabuf, 0, page_size());
}

TEST_F(DmabufTest, RevokeNeedsATestDmabuf) {
  RevokeFails(EBADF, -1);
  MemFd memfd(1);
  RevokeFails(EINVAL, memfd.fd());
  RevokeFails(EINVAL, memfd.fd(), 0);
  int dmabuf = DmabufGetOk(static_cast<uint32_t>(page_size()));
  CloseDmabufOk(dmabuf);
  RevokeFails(EBADF, dmabuf);
}

TEST_F(DmabufTest, AreaOutlivesTheDescriptor) {
  int dmabuf = DmabufGetOk(static_cast<uint32_t>(dmabuf_size()));
  uint64_t iova = MapFileOk(dmabuf, 0, dmabuf_size());
  CloseDmabufOk(dmabuf);
  EXPECT_EQ(UnmapOk(ioas_, iova, dmabuf_size()), dmabuf_size());
}

TEST_F(DmabufTest, AccessesCannotReachDmabufPages) {
  int dmabuf = DmabufGetOk(static_cast<uint32_t>(dmabuf_size()));
  uint64_t iova = MapFileOk(dmabuf, 0, dmabuf_size());
  uint64_t read_only = MapFileOk(dmabuf, 0, page_size(), std::nullopt,
                                 uapi::kIommuIoasMapReadable);
  int access = CreateAccessOk(ioas_);
  std::vector<uint8_t> data(page_size());
  EXPECT_THAT(AccessPages(access, iova, page_size(), nullptr), FailsWith(EINVAL));
  EXPECT_THAT(AccessRw(access, iova, 16, data.data(), 0), FailsWith(EINVAL));
  EXPECT_THAT(AccessRw(access, iova, 16, data.data(), uapi::kMockAccessRwWrite),
              FailsWith(EINVAL));
  // A write to a read-only area is refused for that first.
  EXPECT_THAT(AccessRw(access, read_only, 16, data.data(), uapi::kMockAccessRwWrite),
              FailsWith(EPERM));
  EXPECT_THAT(AccessPages(access, read_only, page_size(), nullptr, uapi::kMockFlagsAccessWrite),
              FailsWith(EPERM));
  RevokeOk(dmabuf);
  EXPECT_THAT(AccessRw(access, iova, 16, data.data(), 0), FailsWith(EINVAL));
}

TEST_F(DmabufTest, CheckMapFindsNoUserPagesBehindADmabufArea) {
  MockDevice device = MockDomainOk(ioas_);
  int dmabuf = DmabufGetOk(static_cast<uint32_t>(dmabuf_size()));
  uint64_t iova = MapFileOk(dmabuf, 0, dmabuf_size(), kApertureIova);
  EXPECT_THAT(CheckMap(device.hwpt, iova, page_size(), buffer()), FailsWith(EINVAL));
}

TEST_F(DmabufTest, CopyOfADmabufArea) {
  int dmabuf = DmabufGetOk(static_cast<uint32_t>(dmabuf_size()));
  uint64_t iova = MapFileOk(dmabuf, 0, dmabuf_size());
  uint32_t other = IoasAllocOk();
  MockDomainOk(other);
  Outcome copy = iommufd().IoasCopy(other, ioas_, iova, dmabuf_size(), 0, kReadWrite);
  EXPECT_THAT(copy, Succeeds());
  RevokeOk(dmabuf);
  // A revoked buffer's area still copies: the copy takes the import, not the exporter.
  Outcome after = iommufd().IoasCopy(other, ioas_, iova, page_size(), 0, kReadWrite);
  EXPECT_THAT(after, Succeeds());
}

TEST_F(DmabufTest, ChangeProcessRefusesDmabufAreas) {
  int dmabuf = DmabufGetOk(static_cast<uint32_t>(dmabuf_size()));
  MapFileOk(dmabuf, 0, dmabuf_size());
  uapi::IommuIoasChangeProcess change{};
  change.size = sizeof(change);
  Outcome outcome = iommufd().Raw(uapi::kIoctlIoasChangeProcess, &change, sizeof(change));
  EXPECT_THAT(outcome, FailsWith(EINVAL));
}

// Kernel bug (7.3): DMABUF_GET installs the new descriptor but answers 0, so the caller can
// neither use nor close it. 7.2 answers the descriptor; the model follows each kernel
// (KernelProfile dmabuf_get_returns_fd), so no divergence shows; the manifest entry says so.
using DmabufGetTest = MockTest;

TEST_F(DmabufGetTest, GetAnswersTheNewDescriptor) {
  KERNEL_BUG_REPRODUCER("dmabuf-get-answers-zero");
  IommuTestCmd cmd{};
  cmd.op = uapi::kIommuTestOpDmabufGet;
  cmd.dmabuf_get.length = static_cast<uint32_t>(page_size());
  cmd.dmabuf_get.open_flags = O_CLOEXEC;
  Outcome outcome = TestCmd(cmd);
  if (!outcome.ok() && outcome.error == EOPNOTSUPP) GTEST_SKIP() << "no DMABUF_GET (6.12)";
  ASSERT_THAT(outcome, Succeeds());
  EXPECT_GT(outcome.ret, 0) << "the dmabuf's descriptor";
  if (outcome.ret > 0) (void)iommufd().Close(static_cast<int>(outcome.ret));
}

}  // namespace
}  // namespace iommufd_conform
