#include "harness/kernel/source_registry.h"

#include <gtest/gtest.h>

#include "harness/kernel/test_temp_dir.h"

namespace iommufd_conform {
namespace {

TEST(SourceRegistryTest, KnowsTheDebianVersions) {
  EXPECT_TRUE(IsKnownVersion("7.2"));
  EXPECT_FALSE(IsKnownVersion("7"));
  EXPECT_EQ(KnownVersionList(), "6.12, 7.2, 7.3");
}

TEST(SourceRegistryTest, UnknownVersionIsOneUsageLineListingTheKnownOnes) {
  auto source = ResolveSource("9.9", Arch::kX86_64);
  ASSERT_FALSE(source.ok());
  EXPECT_EQ(source.error().kind, HarnessErrorKind::kUsage);
  EXPECT_EQ(source.error().message,
            "unknown kernel source '9.9': neither a known version (6.12, 7.2, 7.3) nor a "
            "directory");
}

TEST(SourceRegistryTest, DirectoryThatIsNotAKernelTree) {
  TestTempDir dir;
  dir.Write("README", "not a kernel\n");
  auto source = ResolveSource(dir.path().string(), Arch::kX86_64);
  ASSERT_FALSE(source.ok());
  EXPECT_EQ(source.error().kind, HarnessErrorKind::kSourceUnavailable);
  EXPECT_NE(source.error().message.find("is not a Linux source tree for x86_64 (no Makefile)"),
            std::string::npos);
}

TEST(SourceRegistryTest, MinimalTreeIsAcceptedPerArch) {
  TestTempDir dir;
  for (const char* file :
       {"Makefile", "Kconfig", "scripts/kconfig/merge_config.sh", "arch/x86/Kconfig"}) {
    dir.Write(file, "");
  }
  auto source = ResolveSource(dir.path().string(), Arch::kX86_64);
  ASSERT_TRUE(source.ok()) << source.error().message;
  EXPECT_EQ(source.value().tree, std::filesystem::canonical(dir.path()));
  EXPECT_EQ(source.value().label, dir.path().string());

  auto arm = ResolveSource(dir.path().string(), Arch::kArm64);
  ASSERT_FALSE(arm.ok());
  EXPECT_NE(arm.error().message.find("no arch/arm64/Kconfig"), std::string::npos);
}

}  // namespace
}  // namespace iommufd_conform
