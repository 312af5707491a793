#include "harness/guest/init_config.h"

#include <gtest/gtest.h>

#include <string>

namespace iommufd_conform::guest {
namespace {

using namespace std::string_literals;

TEST(InitConfigTest, ParsesAllKeys) {
  auto config = ParseInitConfig("vfio_ids=1234:11e8,8086:10d3\nshare_tag=conform\nhugepages=64\n",
                                "/conform/bin/probe\0-v\0\0"s, "A=1\0B=two words"s);
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config.value().payload_argv,
            (std::vector<std::string>{"/conform/bin/probe", "-v", ""}));
  EXPECT_EQ(config.value().payload_env, (std::vector<std::string>{"A=1", "B=two words"}));
  EXPECT_EQ(config.value().vfio_ids, (std::vector<PciId>{{0x1234, 0x11e8}, {0x8086, 0x10d3}}));
  EXPECT_EQ(config.value().share_tag, "conform");
  EXPECT_EQ(config.value().hugepages, 64);
}

TEST(InitConfigTest, ParsesGcovOutput) {
  auto config = ParseInitConfig("gcov_out=/share/gcov\n", "/x", "");
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config.value().gcov_out, "/share/gcov");
  EXPECT_FALSE(ParseInitConfig("gcov_out=share/gcov\n", "/x", "").ok());
  EXPECT_FALSE(ParseInitConfig("gcov_out=\n", "/x", "").ok());
}

TEST(InitConfigTest, ParsesPayloadTimeout) {
  auto config = ParseInitConfig("payload_timeout=900\n", "/x", "");
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config.value().payload_timeout, 900);
  EXPECT_FALSE(ParseInitConfig("payload_timeout=-5\n", "/x", "").ok());
  EXPECT_FALSE(ParseInitConfig("payload_timeout=soon\n", "/x", "").ok());
}

TEST(InitConfigTest, EmptyConfigMeansNoExtras) {
  auto config = ParseInitConfig("", "/conform/bin/x"s, "");
  ASSERT_TRUE(config.ok());
  EXPECT_TRUE(config.value().vfio_ids.empty());
  EXPECT_TRUE(config.value().share_tag.empty());
  EXPECT_TRUE(config.value().payload_env.empty());
  EXPECT_EQ(config.value().hugepages, 0);
  EXPECT_TRUE(config.value().gcov_out.empty());
  EXPECT_EQ(config.value().payload_timeout, 0);
}

TEST(InitConfigTest, RejectsBadInput) {
  EXPECT_FALSE(ParseInitConfig("", "", "").ok());
  EXPECT_FALSE(ParseInitConfig("colour=blue\n", "/x", "").ok());
  EXPECT_FALSE(ParseInitConfig("vfio_ids=1234\n", "/x", "").ok());
  EXPECT_FALSE(ParseInitConfig("vfio_ids=zz:11e8\n", "/x", "").ok());
  EXPECT_FALSE(ParseInitConfig("hugepages=-1\n", "/x", "").ok());
  EXPECT_FALSE(ParseInitConfig("no equals sign\n", "/x", "").ok());
}

TEST(InitConfigTest, ParsesPciId) {
  auto id = ParsePciId("1af4:1057");
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(id.value(), (PciId{0x1af4, 0x1057}));
  EXPECT_FALSE(ParsePciId("11e8").ok());
  EXPECT_FALSE(ParsePciId("12345:1").ok());
}

}  // namespace
}  // namespace iommufd_conform::guest
