#include "harness/gate/mutant.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "harness/kernel/test_temp_dir.h"
#include "harness/kernel/text_file.h"

namespace iommufd_conform::gate {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;

constexpr char kPatch[] =
    "From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\n"
    "Subject: [PATCH] iommufd: IOAS_UNMAP forgets the length\n"
    "\n"
    "Mutant-Kind: output field not written back\n"
    "---\n"
    "diff --git a/drivers/iommu/iommufd/ioas.c b/drivers/iommu/iommufd/ioas.c\n"
    "--- a/drivers/iommu/iommufd/ioas.c\n"
    "+++ b/drivers/iommu/iommufd/ioas.c\n"
    "@@ -1 +1 @@\n-a\n+b\n"
    "diff --git a/drivers/iommu/intel/iommu.c b/drivers/iommu/intel/iommu.c\n";

TEST(ReadMutantTest, ReadsSubjectKindAndFiles) {
  TestTempDir dir;
  ASSERT_TRUE(WriteTextFile(dir.path() / "007-unmap.patch", kPatch).ok());
  auto mutant = ReadMutant(dir.path() / "007-unmap.patch");
  ASSERT_TRUE(mutant.ok()) << mutant.error().message;
  EXPECT_EQ(mutant.value().id, "007-unmap");
  EXPECT_EQ(mutant.value().subject, "iommufd: IOAS_UNMAP forgets the length");
  EXPECT_EQ(mutant.value().kind, "output field not written back");
  EXPECT_THAT(mutant.value().files,
              ElementsAre("drivers/iommu/iommufd/ioas.c", "drivers/iommu/intel/iommu.c"));
  EXPECT_THAT(PlatformsFor(mutant.value()), ElementsAre("x86_64:none", "x86_64:vtd"));
}

TEST(ReadMutantTest, APatchWithoutADiffIsNoMutant) {
  TestTempDir dir;
  ASSERT_TRUE(WriteTextFile(dir.path() / "x.patch", "Subject: [PATCH] nothing\n").ok());
  auto mutant = ReadMutant(dir.path() / "x.patch");
  ASSERT_FALSE(mutant.ok());
  EXPECT_EQ(mutant.error().kind, HarnessErrorKind::kUsage);
}

TEST(PlatformsForTest, EachDriverOnItsOwnPlatform) {
  Mutant mutant{.files = {"drivers/iommu/amd/iommu.c",
                          "drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3-iommufd.c",
                          "drivers/iommu/amd/iommufd.c"}};
  EXPECT_THAT(PlatformsFor(mutant), ElementsAre("x86_64:amd", "arm64:smmuv3"));
}

// The shipped set: every patch reads as a mutant with the bug it imitates and its kind, and
// the set spreads over the core and the three hardware drivers (issue 14: at least 40).
TEST(ShippedMutantsTest, EveryPatchDescribesItsBug) {
  auto mutants = ReadMutants(IOMMUFD_CONFORM_MUTANTS_DIR);
  ASSERT_TRUE(mutants.ok()) << mutants.error().message;
  EXPECT_GE(mutants.value().size(), 40u);
  std::set<std::string> platforms;
  for (const Mutant& mutant : mutants.value()) {
    EXPECT_FALSE(mutant.kind.empty()) << mutant.id << " has no Mutant-Kind";
    for (const std::string& file : mutant.files) {
      EXPECT_NE(file, "drivers/iommu/iommufd/selftest.c") << mutant.id << " mutates the test driver";
    }
    for (const std::string& platform : PlatformsFor(mutant)) platforms.insert(platform);
  }
  EXPECT_THAT(platforms, ::testing::IsSupersetOf({"x86_64:none", "x86_64:vtd", "x86_64:amd",
                                                  "arm64:smmuv3"}));
}

}  // namespace
}  // namespace iommufd_conform::gate
