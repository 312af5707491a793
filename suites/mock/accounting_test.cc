// Pinned-page accounting: a process without CAP_IPC_LOCK has the pages a domain or an access
// pins charged to its user's locked memory (IOMMU_OPTION_RLIMIT_MODE user, the default) or
// to its mm's (RLIMIT_MODE mm), and released on unpin or unmap. Within RLIMIT_MEMLOCK that is
// invisible in the outcomes: the calls succeed as with the capability. (The calls run in the
// unprivileged child: WithoutCapability gives the model a copy of its state, so the parent
// would not see the child's mapping there.)
#include <linux/capability.h>
#include <sys/resource.h>

#include <cerrno>

#include <functional>
#include <initializer_list>

#include "suites/mock/access_test.h"
#include "suites/support/without_capability.h"

namespace iommufd_conform {
namespace {

constexpr uint64_t kPages = 4;

class AccountingTest : public AccessTest {
 protected:
  // Charges this context's pins to the mm: the mode can only change while it holds no
  // object, so the fixture's IOAS is replaced.
  void UseMmAccounting() {
    if (!Holds(CAP_SYS_RESOURCE)) GTEST_SKIP() << "RLIMIT_MODE mm needs CAP_SYS_RESOURCE";
    DestroyOk(ioas_);
    ASSERT_THAT(iommufd().Option(uapi::kIommuOptionRlimitMode, uapi::kIommuOptionOpSet, 0, 1),
                Succeeds());
    ioas_ = IoasAllocOk();
  }

  // The steps run in order in a child without CAP_IPC_LOCK; the first failure, else the
  // last outcome.
  void ExpectAllSucceedWithoutCapIpcLock(
      std::initializer_list<std::function<Outcome()>> steps) {
    auto outcome = WithoutCapability(CAP_IPC_LOCK, [&] {
      Outcome last;
      for (const auto& step : steps) {
        last = step();
        if (!last.ok()) break;
      }
      return last;
    });
    ASSERT_TRUE(outcome.has_value()) << "could not run the calls without CAP_IPC_LOCK";
    EXPECT_THAT(*outcome, Succeeds());
  }

  Outcome MapIntoIoas() {
    return iommufd().IoasMap(ioas_, buffer(), kPages * page_size(), kApertureIova,
                             kFixedReadWrite);
  }
  // The map, with RLIMIT_MEMLOCK set to exactly the pages it pins (for this process and the
  // calls after it).
  Outcome MapIntoIoasAtAnExactLimit() {
    const rlim_t bytes = kPages * page_size();
    const struct rlimit limit{bytes, bytes};
    if (setrlimit(RLIMIT_MEMLOCK, &limit) != 0) ADD_FAILURE() << "setrlimit: " << errno;
    return MapIntoIoas();
  }
  // Three map and unmap cycles, each reaching RLIMIT_MEMLOCK exactly.
  void ExpectCyclesAtAnExactLimitSucceed() {
    ExpectAllSucceedWithoutCapIpcLock({[&] { return MapIntoIoasAtAnExactLimit(); },
                                       [&] { return UnmapFromIoas(); },
                                       [&] { return MapIntoIoas(); },
                                       [&] { return UnmapFromIoas(); },
                                       [&] { return MapIntoIoas(); },
                                       [&] { return UnmapFromIoas(); }});
  }
  Outcome UnmapFromIoas() { return iommufd().IoasUnmap(ioas_, kApertureIova, kPages * page_size()); }
  // Pins the middle two pages through `access`, then unpins them.
  Outcome PinAndUnpin(int access) {
    Outcome pin = iommufd().AccessPages(access, kApertureIova + page_size(), 2 * page_size(),
                                        buffer() + page_size());
    if (!pin.ok()) return pin;
    return iommufd().DestroyAccessPages(
        access, pin.As<uapi::IommuTestCmd>().access_pages.out_access_pages_id);
  }
};

TEST_F(AccountingTest, MapAndUnmapIntoAMockDomainWithoutCapIpcLock) {
  MockDomainOk(ioas_);
  ExpectAllSucceedWithoutCapIpcLock({[&] { return MapIntoIoas(); }, [&] { return UnmapFromIoas(); }});
}

TEST_F(AccountingTest, MmModeMapAndUnmapIntoAMockDomainWithoutCapIpcLock) {
  UseMmAccounting();
  if (HasFatalFailure() || IsSkipped()) return;
  MockDomainOk(ioas_);
  ExpectAllSucceedWithoutCapIpcLock({[&] { return MapIntoIoas(); }, [&] { return UnmapFromIoas(); }});
}

TEST_F(AccountingTest, AccessPinsWithoutCapIpcLock) {
  int access = CreateAccessOk(ioas_);
  ExpectAllSucceedWithoutCapIpcLock({[&] { return MapIntoIoas(); },
                                     [&] { return PinAndUnpin(access); },
                                     [&] { return UnmapFromIoas(); }});
}

TEST_F(AccountingTest, MmModeAccessPinsWithoutCapIpcLock) {
  UseMmAccounting();
  if (HasFatalFailure() || IsSkipped()) return;
  int access = CreateAccessOk(ioas_);
  ExpectAllSucceedWithoutCapIpcLock({[&] { return MapIntoIoas(); },
                                     [&] { return PinAndUnpin(access); },
                                     [&] { return UnmapFromIoas(); }});
}

// Unmapping gives the charge back: map and unmap cycles that each reach RLIMIT_MEMLOCK
// exactly all succeed, although together they pin more than it allows.
TEST_F(AccountingTest, UnmapReturnsTheChargeToTheLimit) {
  MockDomainOk(ioas_);
  ExpectCyclesAtAnExactLimitSucceed();
}

TEST_F(AccountingTest, MmModeUnmapReturnsTheChargeToTheLimit) {
  UseMmAccounting();
  if (HasFatalFailure() || IsSkipped()) return;
  MockDomainOk(ioas_);
  ExpectCyclesAtAnExactLimitSucceed();
}

// Pages a domain already holds are charged once: an access pinning them too adds nothing,
// and unmapping releases both.
TEST_F(AccountingTest, MmModeAccessPinsBesideAMockDomainWithoutCapIpcLock) {
  UseMmAccounting();
  if (HasFatalFailure() || IsSkipped()) return;
  MockDomainOk(ioas_);
  int access = CreateAccessOk(ioas_);
  ExpectAllSucceedWithoutCapIpcLock({[&] { return MapIntoIoas(); },
                                     [&] { return PinAndUnpin(access); },
                                     [&] { return UnmapFromIoas(); }});
}

}  // namespace
}  // namespace iommufd_conform
