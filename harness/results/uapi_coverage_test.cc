#include "harness/results/uapi_coverage.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace iommufd_conform {
namespace {

using ::testing::HasSubstr;

ConfigResult Config(std::string kernel, CallCensus census) {
  ConfigResult config;
  config.target = "vm";
  config.arch = "x86_64";
  config.platform = "none";
  config.kernel = std::move(kernel);
  config.census = std::move(census);
  return config;
}

TEST(UapiCoverage, NamesEveryCatalogEntryNoCaseCalled) {
  std::string text = FormatUapiCoverage({Config("7.2", {{"IOMMU_IOAS_MAP", {4, 2}}})});
  EXPECT_THAT(text, HasSubstr("| IOMMU_IOAS_MAP | 4 ok · 2 err |"));
  EXPECT_THAT(text, HasSubstr("| IOMMU_IOAS_UNMAP | **never** |"));
  EXPECT_THAT(text, HasSubstr("never exercised: IOMMU_DESTROY, IOMMU_IOAS_ALLOC"));
  EXPECT_THAT(text, HasSubstr("| IOMMU_TEST_OP_MOCK_DOMAIN | **never** |"));
  EXPECT_THAT(text, HasSubstr("| VFIO_DEVICE_BIND_IOMMUFD | **never** |"));
}

TEST(UapiCoverage, EntriesAKernelLacksAreNotGaps) {
  std::string text = FormatUapiCoverage({Config("6.12", {{"IOMMU_IOAS_MAP", {1, 0}}})});
  EXPECT_THAT(text, HasSubstr("| IOMMU_IOAS_NOIOMMU_GET_PA | absent in 6.12 |"));
  EXPECT_THAT(text, ::testing::Not(HasSubstr("IOMMU_IOAS_NOIOMMU_GET_PA,")));
}

TEST(UapiCoverage, AConfigurationWithoutACensusSaysSo) {
  std::string text = FormatUapiCoverage({Config("7.2", {})});
  EXPECT_THAT(text, HasSubstr("vm-x86_64-none-7.2: the suite reported no calls"));
  EXPECT_THAT(text, HasSubstr("| IOMMU_IOAS_MAP | ? |"));
}

}  // namespace
}  // namespace iommufd_conform
