// IOMMU_OPTION: the global RLIMIT_MODE and the per-IOAS HUGE_PAGES options.
#include <linux/capability.h>

#include "suites/support/conform_test.h"
#include "suites/support/without_capability.h"

namespace iommufd_conform {
namespace {

using OptionTest = ConformTest;

using uapi::kIommuOptionHugePages;
using uapi::kIommuOptionOpGet;
using uapi::kIommuOptionOpSet;
using uapi::kIommuOptionRlimitMode;

TEST_F(OptionTest, RlimitModeDefaultsToUserOnDevIommu) {
  Outcome outcome = iommufd().Option(kIommuOptionRlimitMode, kIommuOptionOpGet, 0, 99);
  ASSERT_THAT(outcome, Succeeds());
  EXPECT_EQ(outcome.As<uapi::IommuOption>().val64, 0u);
}

TEST_F(OptionTest, RlimitModeWithAnObjectIdIsEopnotsupp) {
  EXPECT_THAT(iommufd().Option(kIommuOptionRlimitMode, kIommuOptionOpGet, 1, 0),
              FailsWith(EOPNOTSUPP));
}

TEST_F(OptionTest, RlimitModeOutOfRangeIsEinval) {
  if (!Holds(CAP_SYS_RESOURCE)) GTEST_SKIP() << "needs CAP_SYS_RESOURCE";
  EXPECT_THAT(iommufd().Option(kIommuOptionRlimitMode, kIommuOptionOpSet, 0, 2),
              FailsWith(EINVAL));
}

TEST_F(OptionTest, RlimitModeSetWhileObjectsExistIsEbusy) {
  if (!Holds(CAP_SYS_RESOURCE)) GTEST_SKIP() << "needs CAP_SYS_RESOURCE";
  IoasAllocOk();
  EXPECT_THAT(iommufd().Option(kIommuOptionRlimitMode, kIommuOptionOpSet, 0, 1),
              FailsWith(EBUSY));
}

TEST_F(OptionTest, RlimitModeSetWithoutCapSysResourceIsEperm) {
  auto outcome = WithoutCapability(CAP_SYS_RESOURCE, [&] {
    return iommufd().Option(kIommuOptionRlimitMode, kIommuOptionOpSet, 0, 1);
  });
  ASSERT_TRUE(outcome.has_value()) << "could not run the call without CAP_SYS_RESOURCE";
  EXPECT_THAT(*outcome, FailsWith(EPERM));
}

TEST_F(OptionTest, RlimitModeSetOnAnEmptyContextSticks) {
  if (!Holds(CAP_SYS_RESOURCE)) GTEST_SKIP() << "needs CAP_SYS_RESOURCE";
  ASSERT_THAT(iommufd().Option(kIommuOptionRlimitMode, kIommuOptionOpSet, 0, 1), Succeeds());
  Outcome outcome = iommufd().Option(kIommuOptionRlimitMode, kIommuOptionOpGet, 0, 0);
  ASSERT_THAT(outcome, Succeeds());
  EXPECT_EQ(outcome.As<uapi::IommuOption>().val64, 1u);
}

TEST_F(OptionTest, RlimitModeSetBackToUserSticks) {
  if (!Holds(CAP_SYS_RESOURCE)) GTEST_SKIP() << "needs CAP_SYS_RESOURCE";
  ASSERT_THAT(iommufd().Option(kIommuOptionRlimitMode, kIommuOptionOpSet, 0, 1), Succeeds());
  ASSERT_THAT(iommufd().Option(kIommuOptionRlimitMode, kIommuOptionOpSet, 0, 0), Succeeds());
  Outcome outcome = iommufd().Option(kIommuOptionRlimitMode, kIommuOptionOpGet, 0, 0);
  ASSERT_THAT(outcome, Succeeds());
  EXPECT_EQ(outcome.As<uapi::IommuOption>().val64, 0u);
}

TEST_F(OptionTest, HugePagesDefaultsToOn) {
  uint32_t ioas = IoasAllocOk();
  Outcome outcome = iommufd().Option(kIommuOptionHugePages, kIommuOptionOpGet, ioas, 0);
  ASSERT_THAT(outcome, Succeeds());
  EXPECT_EQ(outcome.As<uapi::IommuOption>().val64, 1u);
}

TEST_F(OptionTest, HugePagesOffForcesPageAlignment) {
  uint32_t ioas = IoasAllocOk();
  ASSERT_THAT(iommufd().Option(kIommuOptionHugePages, kIommuOptionOpSet, ioas, 0), Succeeds());
  Outcome outcome = iommufd().Option(kIommuOptionHugePages, kIommuOptionOpGet, ioas, 0);
  ASSERT_THAT(outcome, Succeeds());
  EXPECT_EQ(outcome.As<uapi::IommuOption>().val64, 0u);
  uint64_t alignment = 0;
  IovaRangesOk(ioas, &alignment);
  EXPECT_EQ(alignment, page_size());
  EXPECT_THAT(iommufd().IoasMap(ioas, buffer() + 0x10, page_size(), 0, kReadWrite),
              FailsWith(EINVAL));
}

TEST_F(OptionTest, HugePagesOffTwiceAndBackOnSucceed) {
  uint32_t ioas = IoasAllocOk();
  ASSERT_THAT(iommufd().Option(kIommuOptionHugePages, kIommuOptionOpSet, ioas, 0), Succeeds());
  // Already off: nothing to do, not an error.
  EXPECT_THAT(iommufd().Option(kIommuOptionHugePages, kIommuOptionOpSet, ioas, 0), Succeeds());
  ASSERT_THAT(iommufd().Option(kIommuOptionHugePages, kIommuOptionOpSet, ioas, 1), Succeeds());
  Outcome outcome = iommufd().Option(kIommuOptionHugePages, kIommuOptionOpGet, ioas, 0);
  ASSERT_THAT(outcome, Succeeds());
  EXPECT_EQ(outcome.As<uapi::IommuOption>().val64, 1u);
}

TEST_F(OptionTest, HugePagesOutOfRangeIsEinval) {
  uint32_t ioas = IoasAllocOk();
  EXPECT_THAT(iommufd().Option(kIommuOptionHugePages, kIommuOptionOpSet, ioas, 2),
              FailsWith(EINVAL));
}

TEST_F(OptionTest, HugePagesOnSomethingElseIsEnoent) {
  EXPECT_THAT(iommufd().Option(kIommuOptionHugePages, kIommuOptionOpGet, 1, 0),
              FailsWith(ENOENT));
}

TEST_F(OptionTest, UnknownOptionOrOpIsEopnotsupp) {
  EXPECT_THAT(iommufd().Option(2, kIommuOptionOpGet, 0, 0), FailsWith(EOPNOTSUPP));
  EXPECT_THAT(iommufd().Option(kIommuOptionRlimitMode, 2, 0, 0), FailsWith(EOPNOTSUPP));
}

}  // namespace
}  // namespace iommufd_conform
