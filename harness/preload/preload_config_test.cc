#include "harness/preload/preload_config.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace iommufd_conform {
namespace {

std::map<std::string, std::string> environment;

const char* FakeGetenv(const char* name) {
  auto it = environment.find(name);
  return it == environment.end() ? nullptr : it->second.c_str();
}

TEST(PreloadConfigTest, DefaultsAreKernel72WithoutPlatform) {
  environment = {};
  auto config = PreloadConfigFromEnv(FakeGetenv);
  ASSERT_TRUE(std::holds_alternative<model::ModelConfig>(config));
  EXPECT_EQ(std::get<model::ModelConfig>(config).kernel.version, model::KernelVersion::k7_2);
  EXPECT_EQ(std::get<model::ModelConfig>(config).platform, model::Platform::kNone);
}

TEST(PreloadConfigTest, TakesKernelAndPlatformFromTheEnvironment) {
  environment = {{"IOMMUFD_MODEL_KERNEL", "6.12"}, {"IOMMUFD_MODEL_PLATFORM", "vtd"}};
  auto config = PreloadConfigFromEnv(FakeGetenv);
  ASSERT_TRUE(std::holds_alternative<model::ModelConfig>(config));
  EXPECT_EQ(std::get<model::ModelConfig>(config).kernel.version, model::KernelVersion::k6_12);
  EXPECT_EQ(std::get<model::ModelConfig>(config).platform, model::Platform::kVtd);
}

TEST(PreloadConfigTest, AnUnknownValueNamesItsVariable) {
  environment = {{"IOMMUFD_MODEL_KERNEL", "5.4"}};
  auto kernel = PreloadConfigFromEnv(FakeGetenv);
  ASSERT_TRUE(std::holds_alternative<std::string>(kernel));
  EXPECT_NE(std::get<std::string>(kernel).find("IOMMUFD_MODEL_KERNEL=5.4"), std::string::npos);

  environment = {{"IOMMUFD_MODEL_PLATFORM", "sparc"}};
  auto platform = PreloadConfigFromEnv(FakeGetenv);
  ASSERT_TRUE(std::holds_alternative<std::string>(platform));
  EXPECT_NE(std::get<std::string>(platform).find("IOMMUFD_MODEL_PLATFORM=sparc"),
            std::string::npos);
}

}  // namespace
}  // namespace iommufd_conform
