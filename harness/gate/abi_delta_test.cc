#include "harness/gate/abi_delta.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace iommufd_conform::gate {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(AbiDeltaTest, MismatchesTheBaseHadAreNotThePatchs) {
  AbiDelta delta = ClassifyAbi({"IOMMU_FOO: ours 0x1, kernel 0x2"},
                               {"IOMMU_FOO: ours 0x1, kernel 0x2"}, {});
  EXPECT_TRUE(delta.checked);
  EXPECT_THAT(delta.breaks, IsEmpty());
  EXPECT_THAT(delta.reviews, IsEmpty());
}

TEST(AbiDeltaTest, MovedFieldsChangedNumbersAndLostEntriesBreak) {
  AbiDelta delta = ClassifyAbi(
      {},
      {"struct iommu_ioas_map.iova: ours offset 32, kernel 24",
       "IOMMU_IOAS_MAP: ours 0x3b85, kernel 0x3b86",
       "struct iommu_ioas_unmap: ours size 24, kernel 16",
       "IOMMU_IOAS_MAP_FIXED_IOVA: missing from the kernel headers (error: undeclared)"},
      {"include/uapi/linux/iommufd.h"});
  EXPECT_EQ(delta.breaks.size(), 4u);
  EXPECT_THAT(delta.reviews, IsEmpty());
  EXPECT_THAT(delta.changed_headers, ElementsAre("include/uapi/linux/iommufd.h"));
}

TEST(AbiDeltaTest, GrownStructsAndNewEntriesAreToReview) {
  AbiDelta delta = ClassifyAbi(
      {"struct iommu_old: ours size 8, kernel 4"},
      {"struct iommu_ioas_unmap: ours size 24, kernel 32",
       "IOMMU_NEW_THING: present in the kernel headers, but the catalog says it first "
       "appears in 7.3"},
      {});
  EXPECT_THAT(delta.breaks, IsEmpty());
  EXPECT_THAT(delta.reviews,
              ElementsAre("struct iommu_ioas_unmap: ours size 24, kernel 32",
                          "IOMMU_NEW_THING: present in the kernel headers, but the catalog says "
                          "it first appears in 7.3",
                          "no longer on the patched tree: struct iommu_old: ours size 8, kernel 4"));
}

TEST(AbiDeltaTest, UapiFilesAreExportedHeadersAndTheSelftestAbi) {
  EXPECT_THAT(UapiFilesIn({"drivers/iommu/iommufd/ioas.c", "include/uapi/linux/iommufd.h",
                           "arch/arm64/include/uapi/asm/kvm.h", "include/linux/iommu.h",
                           "drivers/iommu/iommufd/iommufd_test.h"}),
              ElementsAre("include/uapi/linux/iommufd.h", "arch/arm64/include/uapi/asm/kvm.h",
                          "drivers/iommu/iommufd/iommufd_test.h"));
}

}  // namespace
}  // namespace iommufd_conform::gate
