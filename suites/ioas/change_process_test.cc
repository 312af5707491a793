// IOMMU_IOAS_CHANGE_PROCESS: moving the pinned-page accounting of every file map to the
// caller. Only file maps can move; the suites call it from the process that made them.
#include <linux/capability.h>

#include "suites/mock/access_test.h"
#include "suites/support/conform_test.h"
#include "suites/support/forked_child.h"
#include "suites/support/mem_fd.h"
#include "suites/support/without_capability.h"

namespace iommufd_conform {
namespace {

constexpr uint64_t kIova = 0x1000000;

class ChangeProcessTest : public AccessTest {
 protected:
  void SetUp() override {
    AccessTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    if (Outcome probe = iommufd().IoasChangeProcess(); !probe.ok() && probe.error == ENOTTY) {
      GTEST_SKIP() << "no IOMMU_IOAS_CHANGE_PROCESS";
    }
    ASSERT_GE(memfd_.fd(), 0);
  }
  void MapFileOk(uint32_t ioas, uint64_t iova) {
    (void)Require(
        iommufd().IoasMapFile(ioas, memfd_.fd(), 0, 2 * page_size(), iova, kFixedReadWrite),
        "MAP_FILE at " + std::to_string(iova));
  }
  MemFd memfd_{2};
};

TEST_F(ChangeProcessTest, WithNothingMappedItSucceeds) {
  EXPECT_THAT(iommufd().IoasChangeProcess(), Succeeds());
  EXPECT_THAT(iommufd().IoasChangeProcess(), Succeeds());
}

TEST_F(ChangeProcessTest, ReservedMustBeZero) {
  uapi::IommuIoasChangeProcess arg{};
  arg.size = sizeof(arg);
  arg.reserved = 1;
  EXPECT_THAT(iommufd().Raw(uapi::kIoctlIoasChangeProcess, &arg, sizeof(arg)),
              FailsWith(EOPNOTSUPP));
}

TEST_F(ChangeProcessTest, ShortSizeIsEinval) {
  uapi::IommuIoasChangeProcess arg{};
  arg.size = 4;
  EXPECT_THAT(iommufd().Raw(uapi::kIoctlIoasChangeProcess, &arg, sizeof(arg)), FailsWith(EINVAL));
}

TEST_F(ChangeProcessTest, FileMapsMove) {
  MapFileOk(ioas_, kIova);
  EXPECT_THAT(iommufd().IoasChangeProcess(), Succeeds());
  MockDomainOk(ioas_);
  EXPECT_THAT(iommufd().IoasChangeProcess(), Succeeds());
  uint32_t other = IoasAllocOk();
  MapFileOk(other, kIova);
  EXPECT_THAT(iommufd().IoasChangeProcess(), Succeeds());
}

TEST_F(ChangeProcessTest, UserAddressMapsRefuse) {
  MapFixedOk(ioas_, buffer(), page_size(), kIova);
  EXPECT_THAT(iommufd().IoasChangeProcess(), FailsWith(EINVAL));
  UnmapOk(ioas_, kIova, page_size());
  EXPECT_THAT(iommufd().IoasChangeProcess(), Succeeds());
}

TEST_F(ChangeProcessTest, AUserAddressMapInAnyIoasRefuses) {
  MapFileOk(ioas_, kIova);
  uint32_t other = IoasAllocOk();
  MapFixedOk(other, buffer(), page_size(), kIova);
  EXPECT_THAT(iommufd().IoasChangeProcess(), FailsWith(EINVAL));
  // A copy of a file area is a file map too.
  DestroyOk(other);
  other = IoasAllocOk();
  EXPECT_THAT(iommufd().IoasCopy(other, ioas_, kIova, page_size(), kIova, kFixedReadWrite),
              Succeeds());
  EXPECT_THAT(iommufd().IoasChangeProcess(), Succeeds());
}

TEST_F(ChangeProcessTest, PinnedUserPagesRefuse) {
  MockDomainOk(ioas_);
  MapFixedOk(ioas_, buffer(), page_size(), kIova);
  EXPECT_THAT(iommufd().IoasChangeProcess(), FailsWith(EINVAL));
}

TEST_F(ChangeProcessTest, AccessesDoNotMatter) {
  MapFileOk(ioas_, kIova);
  int access = CreateAccessOk(ioas_);
  uint32_t item = AccessPagesOk(access, kIova, page_size(), nullptr);
  EXPECT_THAT(iommufd().IoasChangeProcess(), Succeeds());
  EXPECT_THAT(iommufd().DestroyAccessPages(access, item), Succeeds());
  CreateAccessOk(IoasAllocOk(), 0);
  EXPECT_THAT(iommufd().IoasChangeProcess(), Succeeds());
}

TEST_F(ChangeProcessTest, AnotherProcessTakesOverFileMaps) {
  MapFileOk(ioas_, kIova);
  MockDomainOk(ioas_);
  std::optional<Outcome> changed = InForkedChild([&] { return iommufd().IoasChangeProcess(); });
  ASSERT_TRUE(changed.has_value());
  EXPECT_THAT(*changed, Succeeds());
  // The pages stay mapped and pinned after that process is gone; this one takes them back.
  EXPECT_THAT(iommufd().IoasChangeProcess(), Succeeds());
  EXPECT_EQ(UnmapOk(ioas_, kIova, 2 * page_size()), 2 * page_size());
}

TEST_F(ChangeProcessTest, AnotherProcessCannotTakeOverUserMaps) {
  MapFixedOk(ioas_, buffer(), page_size(), kIova);
  std::optional<Outcome> changed = InForkedChild([&] { return iommufd().IoasChangeProcess(); });
  ASSERT_TRUE(changed.has_value());
  EXPECT_THAT(*changed, FailsWith(EINVAL));
}

// Without CAP_IPC_LOCK the pinned file pages are charged to the mapping process (its user
// and mm by default, its mm in RLIMIT_MODE mm); another process taking them over moves the
// charge to itself, and the unmap releases it from there.
class ChargedChangeProcessTest : public ChangeProcessTest {
 protected:
  // In a child without CAP_IPC_LOCK: map the memfd into a mock domain, have a process of
  // its own take the map over, then unmap it.
  void ExpectChargedMapMoves() {
    MockDomainOk(ioas_);
    auto outcome = WithoutCapability(CAP_IPC_LOCK, [&] {
      Outcome map =
          iommufd().IoasMapFile(ioas_, memfd_.fd(), 0, 2 * page_size(), kIova, kFixedReadWrite);
      if (!map.ok()) return map;
      std::optional<Outcome> changed = InForkedChild([&] { return iommufd().IoasChangeProcess(); });
      if (!changed) return Outcome::Failure(ECHILD);
      if (!changed->ok()) return *changed;
      return iommufd().IoasUnmap(ioas_, kIova, 2 * page_size());
    });
    ASSERT_TRUE(outcome.has_value()) << "could not run the calls without CAP_IPC_LOCK";
    EXPECT_THAT(*outcome, Succeeds());
  }
};

TEST_F(ChargedChangeProcessTest, UserChargedFileMapsMove) { ExpectChargedMapMoves(); }

TEST_F(ChargedChangeProcessTest, MmChargedFileMapsMove) {
  if (!Holds(CAP_SYS_RESOURCE)) GTEST_SKIP() << "RLIMIT_MODE mm needs CAP_SYS_RESOURCE";
  DestroyOk(ioas_);
  ASSERT_THAT(iommufd().Option(uapi::kIommuOptionRlimitMode, uapi::kIommuOptionOpSet, 0, 1),
              Succeeds());
  ioas_ = IoasAllocOk();
  ExpectChargedMapMoves();
}

}  // namespace
}  // namespace iommufd_conform
