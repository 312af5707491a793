#include <gtest/gtest.h>

#include <cstdlib>

#include "harness/kernel/cache_key.h"
#include "harness/kernel/config_fragments.h"
#include "harness/kernel/kbuild_args.h"
#include "harness/kernel/source_identity.h"
#include "harness/kernel/test_temp_dir.h"

namespace iommufd_conform {
namespace {

class CacheKeyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    configs_.Write("common.config", "CONFIG_IOMMUFD=y\n");
    configs_.Write("common.required", "CONFIG_IOMMUFD=y\n");
    configs_.Write("x86_64.config", "CONFIG_64BIT=y\n");
    configs_.Write("arm64.config", "CONFIG_ARM_SMMU_V3=y\n");
    configs_.Write("kcov.config", "CONFIG_KCOV=y\n");
    configs_.Write("coverage.config", "CONFIG_GCOV_KERNEL=y\n");
  }

  std::string Key(Arch arch = Arch::kX86_64, std::vector<std::string> extras = {},
                  std::string identity = "debian:linux-source-7.2_7.2.13-1_all.deb") {
    auto normalized = NormalizeExtras(extras);
    EXPECT_TRUE(normalized.ok());
    auto fragments = SelectFragments(arch, normalized.value(), {}, configs_.path());
    EXPECT_TRUE(fragments.ok());
    auto key = ComputeCacheKey({identity, arch, fragments.value(),
                                InstrumentationVariables(normalized.value()), "gcc 12.2.0"});
    EXPECT_TRUE(key.ok());
    return key.value().hash;
  }

  TestTempDir configs_;
};

TEST_F(CacheKeyTest, SameInputsGiveSameKey) {
  EXPECT_EQ(Key(), Key());
  EXPECT_EQ(Key().size(), 16u);
}

TEST_F(CacheKeyTest, FragmentContentChangesKey) {
  std::string before = Key();
  configs_.Write("common.config", "CONFIG_IOMMUFD=y\nCONFIG_IOMMUFD_TEST=y\n");
  EXPECT_NE(before, Key());
}

TEST_F(CacheKeyTest, RequiredListChangesKey) {
  std::string before = Key();
  configs_.Write("common.required", "CONFIG_IOMMUFD=y\nCONFIG_IOMMUFD_TEST=y\n");
  EXPECT_NE(before, Key());
}

TEST_F(CacheKeyTest, ArchSourceAndExtrasChangeKey) {
  std::string base = Key();
  EXPECT_NE(base, Key(Arch::kArm64));
  EXPECT_NE(base, Key(Arch::kX86_64, {"kcov"}));
  EXPECT_NE(base, Key(Arch::kX86_64, {}, "debian:linux-source-7.3_7.3.4-1_all.deb"));
}

TEST_F(CacheKeyTest, ExtrasOrderAndDuplicatesDoNotMatter) {
  EXPECT_EQ(Key(Arch::kX86_64, {"coverage", "kcov"}),
            Key(Arch::kX86_64, {"kcov", "coverage", "kcov"}));
}

TEST_F(CacheKeyTest, UnknownExtraIsAUsageError) {
  auto extras = NormalizeExtras({"kasan"});
  ASSERT_FALSE(extras.ok());
  EXPECT_EQ(extras.error().kind, HarnessErrorKind::kUsage);
  EXPECT_NE(extras.error().message.find("kcov, coverage"), std::string::npos);
}

TEST(InstrumentationVariablesTest, GcovCoversIommufdAndItsDriversKcovOnlyIommufd) {
  auto variables = InstrumentationVariables({"kcov", "coverage"});
  ASSERT_EQ(variables.size(), 2u);
  EXPECT_EQ(variables[0],
            "GCOV_PROFILE=$(if $(filter drivers/iommu/iommufd drivers/iommu/intel "
            "drivers/iommu/arm/arm-smmu-v3,$(obj)),y)");
  EXPECT_EQ(variables[1], "KCOV_INSTRUMENT=$(if $(filter drivers/iommu/iommufd,$(obj)),y)");
  EXPECT_TRUE(InstrumentationVariables({}).empty());
}

TEST(SourceIdentityTest, DebianTreeUsesPackageName) {
  TestTempDir tree;
  tree.Write(".unpacked", "");
  tree.Write(".debian-package", "linux-source-7.2_7.2.13-1_all.deb\n");
  auto identity = SourceIdentity(tree.path());
  ASSERT_TRUE(identity.ok());
  EXPECT_EQ(identity.value(), "debian:linux-source-7.2_7.2.13-1_all.deb");
}

TEST(SourceIdentityTest, PlainTreeChangesWithAnyFile) {
  TestTempDir tree;
  tree.Write("Makefile", "all:\n");
  tree.Write("drivers/iommu/iommufd/main.c", "int x;\n");
  auto before = SourceIdentity(tree.path());
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(before.value().rfind("files:", 0), 0u);

  EXPECT_EQ(SourceIdentity(tree.path()).value(), before.value());
  tree.Write("drivers/iommu/iommufd/main.c", "int xy;\n");  // size changes
  auto edited = SourceIdentity(tree.path());
  EXPECT_NE(edited.value(), before.value());
  tree.Write("drivers/iommu/iommufd/new.c", "");
  EXPECT_NE(SourceIdentity(tree.path()).value(), edited.value());
}

int Shell(const std::filesystem::path& dir, const std::string& command) {
  std::string line = "cd '" + dir.string() + "' && " + command + " >/dev/null 2>&1";
  return std::system(line.c_str());
}

TEST(SourceIdentityTest, GitTreeChangesWithDiffAndUntrackedFiles) {
  TestTempDir tree;
  tree.Write("Makefile", "all:\n");
  ASSERT_EQ(Shell(tree.path(),
                  "git init -q && git add Makefile && git -c user.name=t -c user.email=t@t "
                  "commit -qm base"),
            0);
  auto clean = SourceIdentity(tree.path());
  ASSERT_TRUE(clean.ok()) << clean.error().message;
  EXPECT_EQ(clean.value().rfind("git:", 0), 0u);

  tree.Write("Makefile", "all:\n\ttrue\n");
  auto patched = SourceIdentity(tree.path());
  ASSERT_TRUE(patched.ok());
  EXPECT_NE(patched.value(), clean.value());

  tree.Write("new.c", "int a;\n");
  auto untracked = SourceIdentity(tree.path());
  ASSERT_TRUE(untracked.ok());
  EXPECT_NE(untracked.value(), patched.value());
  tree.Write("new.c", "int b;\n");  // an untracked file's content counts too
  EXPECT_NE(SourceIdentity(tree.path()).value(), untracked.value());
}

TEST(WorkspaceNameTest, FollowsTreeArchAndFragmentNamesNotContent) {
  std::vector<Fragment> base = {{.name = "common.config", .path = "/a/common.config"}};
  std::vector<Fragment> moved = {{.name = "common.config", .path = "/b/common.config"}};
  std::vector<Fragment> more = {base[0], {.name = "kcov.config", .path = "/a/kcov.config"}};
  EXPECT_EQ(WorkspaceName("/src/linux", Arch::kX86_64, base),
            WorkspaceName("/src/linux", Arch::kX86_64, moved));
  EXPECT_NE(WorkspaceName("/src/linux", Arch::kX86_64, base),
            WorkspaceName("/src/linux", Arch::kArm64, base));
  EXPECT_NE(WorkspaceName("/src/linux", Arch::kX86_64, base),
            WorkspaceName("/src/linux", Arch::kX86_64, more));
  EXPECT_NE(WorkspaceName("/src/linux", Arch::kX86_64, base),
            WorkspaceName("/src/other", Arch::kX86_64, base));
  EXPECT_EQ(WorkspaceName("/src/linux", Arch::kArm64, base).rfind("arm64-", 0), 0u);
}

}  // namespace
}  // namespace iommufd_conform
