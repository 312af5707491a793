#include "harness/gate/divergence_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace iommufd_conform::gate {
namespace {

using ::testing::HasSubstr;
using ::testing::SizeIs;

// The layout the suite's DivergenceListener writes: a summary, then a block per event.
constexpr char kReport[] = R"(differential run against kernel 7.2, platform none
  120 calls, 118 compared, 3 automatic IOVAs adopted by the model
  unexpected divergences: 2
    1x IOMMU_IOAS_UNMAP
    1x IOMMU_IOAS_ALLOC
  expected divergences: 1
    1x IOMMU_IOAS_MAP

IoasUnmapTest.ReportsUnmappedLength: unexpected
IOMMU_IOAS_UNMAP diverged on fd 5
  call:   IOMMU_IOAS_UNMAP(ioas_id=1, iova=0x1000, length=0x2000)
  kernel: ok(ret=0) length=4096
  model:  ok(ret=0) length=8192
  first difference: length (byte 16): kernel 4096, model 8192
  earlier calls on this fd, oldest first:
    IOMMU_IOAS_ALLOC() -> ok(ret=0) out_ioas_id=1

IoasMapTest.Fixed: expected (6.12 reports EINVAL here)
IOMMU_IOAS_MAP diverged on fd 5
  first difference: result: kernel EINVAL, model EEXIST

Params/IoasAllocTest.Twice/1: unexpected (states apart)
IOMMU_IOAS_ALLOC diverged on fd 7
  first difference: byte 8: kernel 0x01, model 0x02
)";

TEST(DivergenceFileTest, KeepsOnlyUnexpectedBlocksWithCallAndField) {
  auto found = ParseUnexpectedDivergences(kReport);
  ASSERT_THAT(found, SizeIs(2));
  EXPECT_EQ(found[0].test, "IoasUnmapTest.ReportsUnmappedLength");
  EXPECT_EQ(found[0].call, "IOMMU_IOAS_UNMAP");
  EXPECT_EQ(found[0].field, "length");
  EXPECT_EQ(found[0].Signature(), "IOMMU_IOAS_UNMAP length");
  EXPECT_THAT(found[0].report, HasSubstr("kernel: ok(ret=0) length=4096"));
  EXPECT_THAT(found[0].report, ::testing::Not(HasSubstr("IoasMapTest")));
  EXPECT_EQ(found[1].test, "Params/IoasAllocTest.Twice/1");
  EXPECT_EQ(found[1].Signature(), "IOMMU_IOAS_ALLOC byte 8");
}

TEST(DivergenceFileTest, SummaryAloneHasNone) {
  EXPECT_THAT(ParseUnexpectedDivergences(
                  "differential run against kernel 7.2, platform none\n"
                  "  unexpected divergences: 0\n"),
              SizeIs(0));
}

}  // namespace
}  // namespace iommufd_conform::gate
