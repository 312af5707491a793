// Pinned-page accounting: a process without CAP_IPC_LOCK has the pages a domain pins charged
// to its user's locked memory (IOMMU_OPTION_RLIMIT_MODE user, the default) and released on
// unmap. Within RLIMIT_MEMLOCK that is invisible in the outcomes: the calls succeed as with
// the capability. (Map and unmap both run in the unprivileged child: WithoutCapability gives
// the model a copy of its state, so the parent would not see the child's mapping there.)
#include <linux/capability.h>

#include "suites/mock/mock_test.h"
#include "suites/support/without_capability.h"

namespace iommufd_conform {
namespace {

using AccountingTest = MockTest;

constexpr uint64_t kPages = 4;

TEST_F(AccountingTest, MapAndUnmapIntoAMockDomainWithoutCapIpcLock) {
  MockDomainOk(ioas_);
  const uint64_t length = kPages * page_size();
  auto outcome = WithoutCapability(CAP_IPC_LOCK, [&] {
    Outcome map = iommufd().IoasMap(ioas_, buffer(), length, kApertureIova, kFixedReadWrite);
    if (!map.ok()) return map;
    return iommufd().IoasUnmap(ioas_, kApertureIova, length);
  });
  ASSERT_TRUE(outcome.has_value()) << "could not run the calls without CAP_IPC_LOCK";
  EXPECT_THAT(*outcome, Succeeds());
}

}  // namespace
}  // namespace iommufd_conform
