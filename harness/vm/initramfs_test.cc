#include "harness/vm/initramfs.h"

#include <gtest/gtest.h>

#include <string>

#include "harness/vm/cpio_test_util.h"

namespace iommufd_conform {
namespace {

using testing::RunCpio;
using namespace std::string_literals;

TEST(InitramfsTest, HoldsInitPayloadAndSettings) {
  if (!testing::HaveCpio()) GTEST_SKIP() << "cpio not installed";
  InitramfsSpec spec;
  spec.init_binary = testing::WriteTemp("initramfs_test_init", "INIT");
  spec.payload = testing::WriteTemp("initramfs_test_probe", "PAYLOAD");
  spec.payload_args = {"-v", ""};
  spec.payload_env = {"A=1"};
  spec.vfio_ids = {"1234:11e8", "8086:10d3"};
  spec.share_tag = "conform";
  spec.hugepages = 8;
  spec.gcov_out = "/share/gcov";
  spec.payload_timeout = 60;
  auto archive = BuildInitramfs(spec);
  ASSERT_TRUE(archive.ok()) << archive.error().message;
  auto path = testing::WriteTemp("initramfs_test.cpio", archive.value());

  EXPECT_EQ(RunCpio(path, {"-it"}),
            "dev\nproc\nsys\ntmp\nshare\nconform\nconform/bin\ndev/console\ninit\n"
            "conform/bin/initramfs_test_probe\nconform/argv\nconform/env\nconform/init.conf\n");
  EXPECT_EQ(RunCpio(path, {"-i", "--to-stdout"}, {"init"}), "INIT");
  EXPECT_EQ(RunCpio(path, {"-i", "--to-stdout"}, {"conform/argv"}),
            "/conform/bin/initramfs_test_probe\0-v\0\0"s);
  EXPECT_EQ(RunCpio(path, {"-i", "--to-stdout"}, {"conform/env"}), "A=1\0"s);
  EXPECT_EQ(RunCpio(path, {"-i", "--to-stdout"}, {"conform/init.conf"}),
            "vfio_ids=1234:11e8,8086:10d3\nshare_tag=conform\nhugepages=8\n"
            "payload_timeout=60\ngcov_out=/share/gcov\n");
  for (const auto& file : {spec.init_binary, spec.payload, path}) std::filesystem::remove(file);
}

TEST(InitramfsTest, MissingPayloadIsAnError) {
  InitramfsSpec spec;
  spec.init_binary = testing::WriteTemp("initramfs_test_init2", "INIT");
  spec.payload = "/nonexistent/payload";
  auto archive = BuildInitramfs(spec);
  ASSERT_FALSE(archive.ok());
  EXPECT_EQ(archive.error().kind, HarnessErrorKind::kIo);
  std::filesystem::remove(spec.init_binary);
}

}  // namespace
}  // namespace iommufd_conform
