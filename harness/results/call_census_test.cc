#include "harness/results/call_census.h"

#include <gtest/gtest.h>

#include "reference/uapi/iommufd.h"
#include "reference/uapi/iommufd_test.h"

namespace iommufd_conform {
namespace {

TEST(CallCensus, NamesComeFromTheAbiCatalog) {
  EXPECT_EQ(IoctlName(uapi::kIoctlIoasMap), "IOMMU_IOAS_MAP");
  EXPECT_EQ(IoctlName(0x1234), "ioctl(0x1234)");
  EXPECT_EQ(TestOpName(uapi::kIommuTestOpMockDomain), "IOMMU_TEST_OP_MOCK_DOMAIN");
  EXPECT_EQ(TestOpName(999), "IOMMU_TEST_OP(999)");
}

TEST(CallCensus, FormatAndParseRoundTrip) {
  CallCensus census{{"IOMMU_IOAS_MAP", {3, 1}}, {"read", {0, 2}}};
  CallCensus parsed = ParseCallCensus(FormatCallCensus(census));
  ASSERT_EQ(parsed.size(), 2u);
  EXPECT_EQ(parsed["IOMMU_IOAS_MAP"].succeeded, 3);
  EXPECT_EQ(parsed["IOMMU_IOAS_MAP"].failed, 1);
  EXPECT_EQ(parsed["read"].failed, 2);
  EXPECT_TRUE(ParseCallCensus("garbage\n").empty());
}

}  // namespace
}  // namespace iommufd_conform
