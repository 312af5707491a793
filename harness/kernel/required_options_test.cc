#include "harness/kernel/required_options.h"

#include <gtest/gtest.h>

#include "harness/kernel/config_check.h"
#include "harness/kernel/kconfig_symbols.h"
#include "harness/kernel/test_temp_dir.h"

namespace iommufd_conform {
namespace {

constexpr char kSampleConfig[] = R"cfg(#
# Automatically generated file; DO NOT EDIT.
#
CONFIG_IOMMUFD=y
# CONFIG_IOMMUFD_TEST is not set
CONFIG_PANIC_TIMEOUT=-1
CONFIG_DEFAULT_HOSTNAME="(none)"
CONFIG_VFIO=m
)cfg";

std::vector<RequiredOption> Parse(std::string_view text) {
  auto parsed = ParseRequiredOptions(text, "test.required");
  EXPECT_TRUE(parsed.ok()) << parsed.error().message;
  return parsed.ok() ? parsed.value() : std::vector<RequiredOption>{};
}

TEST(RequiredOptionsTest, ParsesValuesCommentsAndIfDefined) {
  auto options = Parse(
      "# comment\n\nCONFIG_IOMMUFD=y\nCONFIG_GENERIC_PT=y if-defined\n"
      "CONFIG_PANIC_TIMEOUT=-1\n");
  ASSERT_EQ(options.size(), 3u);
  EXPECT_EQ(options[0].name, "IOMMUFD");
  EXPECT_EQ(options[0].value, "y");
  EXPECT_FALSE(options[0].only_if_defined);
  EXPECT_EQ(options[0].origin, "test.required:3");
  EXPECT_TRUE(options[1].only_if_defined);
  EXPECT_EQ(options[2].value, "-1");
}

TEST(RequiredOptionsTest, RejectsMalformedLines) {
  for (std::string_view bad :
       {"IOMMUFD=y", "CONFIG_IOMMUFD", "CONFIG_IOMMUFD=", "CONFIG_IOMMUFD=y maybe"}) {
    auto parsed = ParseRequiredOptions(bad, "bad.required");
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_NE(parsed.error().message.find("bad.required:1"), std::string::npos);
  }
}

TEST(RequiredOptionsTest, ParsesDotConfig) {
  auto values = ParseConfigValues(kSampleConfig);
  EXPECT_EQ(values["IOMMUFD"], "y");
  EXPECT_EQ(values["IOMMUFD_TEST"], "n");
  EXPECT_EQ(values["PANIC_TIMEOUT"], "-1");
  EXPECT_EQ(values["DEFAULT_HOSTNAME"], "(none)");
  EXPECT_EQ(values.count("Automatically"), 0u);
}

TEST(RequiredOptionsTest, ReportsEachMissingOption) {
  auto required = Parse(
      "CONFIG_IOMMUFD=y\nCONFIG_IOMMUFD_TEST=y\nCONFIG_VFIO=y\nCONFIG_9P_FS=y\n"
      "CONFIG_PANIC_TIMEOUT=-1\n");
  auto unmet = FindUnmetOptions(required, ParseConfigValues(kSampleConfig),
                                {"IOMMUFD", "IOMMUFD_TEST", "VFIO", "PANIC_TIMEOUT"});
  ASSERT_EQ(unmet.size(), 3u);
  EXPECT_EQ(unmet[0].option.name, "IOMMUFD_TEST");
  EXPECT_EQ(unmet[0].actual, "n");
  EXPECT_EQ(unmet[1].option.name, "VFIO");  // m is not y
  EXPECT_EQ(unmet[1].actual, "m");
  EXPECT_EQ(unmet[2].option.name, "9P_FS");

  std::string text = DescribeUnmetOptions(unmet);
  EXPECT_NE(text.find("lacks 3 required options"), std::string::npos);
  EXPECT_NE(text.find("CONFIG_IOMMUFD_TEST=y (is not set; required by test.required:2)"),
            std::string::npos);
  EXPECT_NE(text.find("CONFIG_VFIO=y (is m;"), std::string::npos);
  EXPECT_NE(text.find("CONFIG_9P_FS=y (this tree has no such option; required by"),
            std::string::npos);
}

TEST(RequiredOptionsTest, NMeansNotEnabled) {
  auto required = Parse("CONFIG_IOMMUFD_TEST=n\nCONFIG_ABSENT=n\nCONFIG_IOMMUFD=n\n");
  auto unmet = FindUnmetOptions(required, ParseConfigValues(kSampleConfig), {});
  ASSERT_EQ(unmet.size(), 1u);
  EXPECT_EQ(unmet[0].option.name, "IOMMUFD");
}

TEST(RequiredOptionsTest, IfDefinedOnlyWhenTheTreeHasTheSymbol) {
  auto required = Parse("CONFIG_GENERIC_PT=y if-defined\n");
  auto config = ParseConfigValues(kSampleConfig);
  EXPECT_TRUE(FindUnmetOptions(required, config, {}).empty());
  EXPECT_EQ(FindUnmetOptions(required, config, {"GENERIC_PT"}).size(), 1u);
}

TEST(KconfigSymbolsTest, FindsConfigAndMenuconfigLines) {
  auto symbols = DefinedSymbolsIn(
      "menuconfig IOMMU_SUPPORT\n\tbool \"x\"\nconfig GENERIC_PT\n\tdepends on FOO\n"
      "\tconfig INDENTED\n# config COMMENTED\nconfigfoo X\n");
  EXPECT_EQ(symbols, (std::set<std::string>{"IOMMU_SUPPORT", "GENERIC_PT", "INDENTED"}));
}

TEST(KconfigSymbolsTest, OtherArchitecturesDoNotCount) {
  TestTempDir tree;
  tree.Write("drivers/iommu/Kconfig", "config IOMMUFD\n");
  tree.Write("arch/arm/Kconfig.platforms", "config ARCH_VIRT\n");
  tree.Write("arch/arm64/Kconfig", "config ARM64\n");
  std::set<std::string> wanted = {"IOMMUFD", "ARCH_VIRT", "ARM64"};
  EXPECT_EQ(DefinedKconfigSymbols(tree.path(), Arch::kArm64, wanted),
            (std::set<std::string>{"IOMMUFD", "ARM64"}));
  EXPECT_EQ(DefinedKconfigSymbols(tree.path(), Arch::kX86_64, wanted),
            (std::set<std::string>{"IOMMUFD"}));
}

// The whole check on a fake tree: a fragment that turns a required option off fails it.
TEST(CheckFinalConfigTest, NamesTheOptionAFragmentLost) {
  TestTempDir dir;
  dir.Write("tree/drivers/iommu/Kconfig", "config IOMMUFD\nconfig IOMMUFD_TEST\n");
  Fragment common{.name = "common.config",
                  .path = dir.Write("common.config", "CONFIG_IOMMUFD=y\nCONFIG_IOMMUFD_TEST=y\n"),
                  .required = dir.Write("common.required",
                                        "CONFIG_IOMMUFD=y\nCONFIG_IOMMUFD_TEST=y\n"
                                        "CONFIG_IOMMU_PT_AMDV1=y if-defined\n")};
  Fragment user{.name = "off.config", .path = dir.Write("off.config", "CONFIG_IOMMUFD_TEST=n\n")};
  auto config =
      dir.Write("objects/.config", "CONFIG_IOMMUFD=y\n# CONFIG_IOMMUFD_TEST is not set\n");

  EXPECT_FALSE(CheckFinalConfig(dir.path() / "tree", Arch::kX86_64, config, {common}).ok());
  auto status = CheckFinalConfig(dir.path() / "tree", Arch::kX86_64, config, {common, user});
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().kind, HarnessErrorKind::kConfigMissing);
  EXPECT_NE(status.error().message.find("CONFIG_IOMMUFD_TEST=y (is not set; required by "
                                        "common.required:2)"),
            std::string::npos);
  EXPECT_EQ(status.error().message.find("IOMMU_PT_AMDV1"), std::string::npos);

  dir.Write("objects/.config", "CONFIG_IOMMUFD=y\nCONFIG_IOMMUFD_TEST=y\n");
  EXPECT_TRUE(CheckFinalConfig(dir.path() / "tree", Arch::kX86_64, config, {common}).ok());
}

}  // namespace
}  // namespace iommufd_conform
