#include "harness/vm/platform.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "harness/vm/qemu_command.h"

namespace iommufd_conform {
namespace {

bool Has(const std::vector<std::string>& argv, const std::string& arg) {
  return std::find(argv.begin(), argv.end(), arg) != argv.end();
}

TEST(PlatformTest, EachArchHasItsPlatforms) {
  EXPECT_EQ(PlatformNames(Arch::kX86_64),
            (std::vector<std::string>{"vtd", "amd", "virtio", "none"}));
  EXPECT_EQ(PlatformNames(Arch::kArm64),
            (std::vector<std::string>{"smmuv3", "virtio", "none"}));
}

TEST(PlatformTest, UnknownPlatformListsTheValidOnes) {
  auto platform = FindPlatform(Arch::kArm64, "vtd");
  ASSERT_FALSE(platform.ok());
  EXPECT_EQ(platform.error().kind, HarnessErrorKind::kUsage);
  EXPECT_NE(platform.error().message.find("smmuv3, virtio, none"), std::string::npos)
      << platform.error().message;
}

// With a DMA mask as wide as the IOVAs device-DMA cases use.
TEST(PlatformTest, IommuPlatformsOfferEdu) {
  for (const auto& platform : Platforms()) {
    bool has_edu = Has(platform.machine_args, "edu,dma_mask=0xffffffffffffffff");
    EXPECT_EQ(has_edu, platform.name != "none") << platform.name;
    EXPECT_EQ(!platform.vfio_ids.empty(), has_edu) << platform.name;
  }
}

TEST(PlatformTest, QemuCommandLineCapturesConsoleAndNeverReboots) {
  auto platform = FindPlatform(Arch::kX86_64, "vtd");
  ASSERT_TRUE(platform.ok());
  QemuLaunch launch{"/k/bzImage", "/t/initramfs.cpio", "/t/qemu.pid", std::nullopt};
  auto argv = QemuCommandLine(*platform.value(), launch);
  EXPECT_EQ(argv.front(), "qemu-system-x86_64");
  for (const char* arg : {"-no-reboot", "-nodefaults", "stdio", "/k/bzImage",
                          "/t/initramfs.cpio", "/t/qemu.pid", "intel-iommu,intremap=on"}) {
    EXPECT_TRUE(Has(argv, arg)) << arg;
  }
  EXPECT_FALSE(Has(argv, "-fsdev"));
  auto append = std::find(argv.begin(), argv.end(), "-append");
  ASSERT_NE(append, argv.end());
  EXPECT_EQ(append[1],
            "console=ttyS0 panic=-1 oops=panic printk.time=1 intel_iommu=on no_timer_check");
}

TEST(PlatformTest, ShareBecomesA9pDeviceWithEscapedPath) {
  auto platform = FindPlatform(Arch::kArm64, "smmuv3");
  ASSERT_TRUE(platform.ok());
  QemuLaunch launch{"/k/Image", "/t/i.cpio", "/t/p", "/data/a,b"};
  auto argv = QemuCommandLine(*platform.value(), launch);
  EXPECT_EQ(argv.front(), "qemu-system-aarch64");
  EXPECT_TRUE(Has(argv, "local,id=conformfs,security_model=none,path=/data/a,,b"));
  EXPECT_TRUE(Has(argv, "virtio-9p-pci,fsdev=conformfs,mount_tag=conform"));
  EXPECT_NE(KernelCommandLine(*platform.value()).find("console=ttyAMA0"), std::string::npos);
}

}  // namespace
}  // namespace iommufd_conform
