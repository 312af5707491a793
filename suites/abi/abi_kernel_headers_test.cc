// Our uAPI definitions against the real exported headers of the kernels we support.

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "reference/uapi/abi_check.h"
#include "suites/abi/kernel_headers.h"

namespace iommufd_conform::abi_test {
namespace {

using uapi::KernelVersion;

std::string Joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += "  " + line + "\n";
  return text;
}

class KernelHeadersTest : public ::testing::TestWithParam<KernelVersion> {};

TEST_P(KernelHeadersTest, CatalogMatchesExactly) {
  auto dirs = KernelDirsFromEnv(GetParam());
  // No kernel headers is a failure, not a skip: ctest runs this through with-kernel-headers.sh.
  ASSERT_TRUE(dirs) << "IOMMUFD_CONFORM_HEADERS_/IOMMUFD_CONFORM_TREE_ for Linux "
                    << uapi::VersionName(GetParam())
                    << " unset; run via suites/abi/with-kernel-headers.sh";

  auto result = uapi::CheckAbi({dirs->headers, dirs->tree, GetParam()});
  ASSERT_TRUE(result.ok()) << result.error().message;
  const uapi::AbiReport& report = result.value();
  EXPECT_TRUE(report.mismatches.empty()) << Joined(report.mismatches);
  // Guards against a probe that silently compared nothing.
  EXPECT_GE(report.structs, 50);
  EXPECT_GE(report.fields, 250);
  EXPECT_GE(report.constants, 150);
}

INSTANTIATE_TEST_SUITE_P(Supported, KernelHeadersTest,
                         ::testing::Values(KernelVersion::k7_2, KernelVersion::k7_3),
                         [](const auto& info) {
                           std::string name(uapi::VersionName(info.param));
                           std::replace(name.begin(), name.end(), '.', '_');
                           return "Linux" + name;
                         });

// The catalog's version data is checked too: 7.3's headers have what it marks "since 7.3".
TEST(KernelHeadersTest, NewerEntriesAreNotExpectedInOlderKernels) {
  auto dirs = KernelDirsFromEnv(KernelVersion::k7_3);
  ASSERT_TRUE(dirs) << "IOMMUFD_CONFORM_HEADERS_7_3/TREE_7_3 unset";

  auto result = uapi::CheckAbi({dirs->headers, dirs->tree, KernelVersion::k7_2});
  ASSERT_TRUE(result.ok()) << result.error().message;
  const auto& mismatches = result.value().mismatches;
  for (const char* expected :
       {"IOMMU_IOAS_NOIOMMU_GET_PA: present in the kernel headers, but the catalog says it "
        "first appears in 7.3",
        "struct iommu_ioas_noiommu_get_pa: present in the kernel headers, but the catalog says "
        "it first appears in 7.3"}) {
    EXPECT_NE(std::find(mismatches.begin(), mismatches.end(), expected), mismatches.end())
        << expected << "\nnot among:\n"
        << Joined(mismatches);
  }
}

}  // namespace
}  // namespace iommufd_conform::abi_test
