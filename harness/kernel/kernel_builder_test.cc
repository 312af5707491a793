#include "harness/kernel/kernel_builder.h"

#include <gtest/gtest.h>

#include <string>

#include "harness/kernel/image_header.h"
#include "harness/kernel/test_temp_dir.h"

namespace iommufd_conform {
namespace {

std::string FakeImage(size_t offset, std::string_view magic) {
  std::string image(0x400, '\0');
  image.replace(offset, magic.size(), magic);
  return image;
}

TEST(ImageHeaderTest, RecognizesBothFormats) {
  EXPECT_EQ(KernelImageArch(std::string_view(FakeImage(0x202, "HdrS"))), Arch::kX86_64);
  EXPECT_EQ(KernelImageArch(std::string_view(FakeImage(0x38, "ARM\x64"))), Arch::kArm64);
  EXPECT_EQ(KernelImageArch(std::string_view("\x1f\x8b")), std::nullopt);
}

TEST(ResolveKernelTest, PrebuiltImageIsUsedAsIs) {
  TestTempDir dir;
  auto image = dir.Write("bzImage", FakeImage(0x202, "HdrS"));
  auto kernel = ResolveKernel(image.string(), Arch::kX86_64);
  ASSERT_TRUE(kernel.ok()) << kernel.error().message;
  EXPECT_EQ(kernel.value().image, image);
  EXPECT_EQ(kernel.value().arch, Arch::kX86_64);
  EXPECT_TRUE(kernel.value().cache_dir.empty());
}

TEST(ResolveKernelTest, PrebuiltImageOfTheOtherArchIsRejected) {
  TestTempDir dir;
  auto image = dir.Write("Image", FakeImage(0x38, "ARM\x64"));
  auto kernel = ResolveKernel(image.string(), Arch::kX86_64);
  ASSERT_FALSE(kernel.ok());
  EXPECT_EQ(kernel.error().kind, HarnessErrorKind::kUsage);
  EXPECT_NE(kernel.error().message.find("arm64 kernel image, not x86_64"), std::string::npos);
}

TEST(ResolveKernelTest, UnknownVersionGoesThroughEnsureKernel) {
  auto kernel = ResolveKernel("9.9", Arch::kX86_64);
  ASSERT_FALSE(kernel.ok());
  EXPECT_EQ(kernel.error().kind, HarnessErrorKind::kUsage);
}

}  // namespace
}  // namespace iommufd_conform
