#include "harness/coverage/coverage_map.h"

#include <gtest/gtest.h>

namespace iommufd_conform {
namespace {

SourceCoverage Source(std::string file, std::map<int, uint64_t> lines,
                      std::map<std::string, FunctionCount> functions = {}) {
  return {std::move(file), std::move(lines), std::move(functions)};
}

TEST(TreeRelativePathTest, KeepsThePathFromDriversOn) {
  EXPECT_EQ(TreeRelativePath("/c/sources/linux/drivers/iommu/iommufd/main.c"),
            "drivers/iommu/iommufd/main.c");
  EXPECT_EQ(TreeRelativePath("../../src/drivers/iommu/intel/nested.c"),
            "drivers/iommu/intel/nested.c");
  EXPECT_EQ(TreeRelativePath("drivers/iommu/iommufd/io_pagetable.c"),
            "drivers/iommu/iommufd/io_pagetable.c");
  EXPECT_EQ(TreeRelativePath("/src/include/linux/err.h"), "/src/include/linux/err.h");
  // Only a whole path component counts.
  EXPECT_EQ(TreeRelativePath("/src/mydrivers/x.c"), "/src/mydrivers/x.c");
}

TEST(CoverageMapTest, CountsLinesAndFunctionsHitInAnyInput) {
  CoverageMap map;
  map.Add(Source("/a/drivers/iommu/iommufd/main.c", {{1, 0}, {2, 4}, {3, 0}},
                 {{"f", {1, 2, 4}}, {"g", {3, 3, 0}}}));
  // A second run of the same object, named by another build path.
  map.Add(Source("/b/drivers/iommu/iommufd/main.c", {{1, 0}, {2, 0}, {3, 1}},
                 {{"f", {1, 2, 0}}, {"g", {3, 3, 1}}}));
  FileStats stats = map.Stats("drivers/iommu/iommufd/main.c");
  EXPECT_EQ(stats.lines, 3);
  EXPECT_EQ(stats.lines_hit, 2);
  EXPECT_EQ(stats.functions, 2);
  EXPECT_EQ(stats.functions_hit, 2);
  EXPECT_EQ(map.Files(), (std::vector<std::string>{"drivers/iommu/iommufd/main.c"}));
  EXPECT_EQ(map.Functions("drivers/iommu/iommufd/main.c")->at("g").count, 1u);
}

TEST(CoverageMapTest, MergeIsTheUnion) {
  CoverageMap left, right;
  left.Add(Source("drivers/iommu/iommufd/vfio_compat.c", {{1, 1}, {2, 0}}));
  right.Add(Source("drivers/iommu/iommufd/vfio_compat.c", {{2, 7}}));
  right.Add(Source("drivers/iommu/iommufd/fault.c", {{5, 0}}));
  left.Merge(right);
  EXPECT_EQ(left.Stats("drivers/iommu/iommufd/vfio_compat.c").lines_hit, 2);
  EXPECT_EQ(left.Stats("drivers/iommu/iommufd/fault.c").lines, 1);
  EXPECT_EQ(left.Stats("drivers/iommu/iommufd/fault.c").lines_hit, 0);
}

TEST(CoverageMapTest, UnknownFileHasNoStats) {
  CoverageMap map;
  EXPECT_FALSE(map.Has("drivers/iommu/iommufd/main.c"));
  EXPECT_EQ(map.Stats("drivers/iommu/iommufd/main.c").lines, 0);
  EXPECT_EQ(map.Functions("drivers/iommu/iommufd/main.c"), nullptr);
  EXPECT_EQ(Percent(0, 0), 0.0);
  EXPECT_EQ(Percent(1, 4), 25.0);
}

}  // namespace
}  // namespace iommufd_conform
