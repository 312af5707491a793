// How `--platform` lists expand into configurations.
#include "harness/cli/run_plan.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace iommufd_conform {
namespace {

std::vector<std::string> Names(const std::vector<PlannedRun>& runs) {
  std::vector<std::string> names;
  for (const PlannedRun& run : runs) {
    names.push_back(std::string(ArchName(run.arch)) + ":" + run.platform);
  }
  return names;
}

TEST(RunPlanTest, PlatformOnOneArchImpliesIt) {
  auto runs = PlanRuns(RunTarget::kVm, "vtd,smmuv3", Arch::kX86_64, "7.2");
  ASSERT_TRUE(runs.ok());
  EXPECT_THAT(Names(runs.value()), ::testing::ElementsAre("x86_64:vtd", "arm64:smmuv3"));
}

TEST(RunPlanTest, AllIsEveryPlatformOnEveryArch) {
  auto runs = PlanRuns(RunTarget::kVm, "all", Arch::kX86_64, "7.2");
  ASSERT_TRUE(runs.ok());
  EXPECT_THAT(Names(runs.value()),
              ::testing::ElementsAre("x86_64:none", "x86_64:vtd", "x86_64:amd", "x86_64:virtio",
                                     "arm64:none", "arm64:virtio", "arm64:smmuv3"));
}

TEST(RunPlanTest, PlatformOnTheWrongArchIsAUsageError) {
  auto runs = PlanRuns(RunTarget::kVm, "arm64:vtd", Arch::kX86_64, "7.2");
  ASSERT_FALSE(runs.ok());
  EXPECT_EQ(runs.error().kind, HarnessErrorKind::kUsage);
}

}  // namespace
}  // namespace iommufd_conform
