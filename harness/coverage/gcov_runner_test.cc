#include "harness/coverage/gcov_runner.h"

#include <gtest/gtest.h>

#include <fstream>

#include "harness/common/process.h"

namespace iommufd_conform {
namespace {

namespace fs = std::filesystem;

TEST(ObjectStemTest, PathInsideTheObjectDirectory) {
  EXPECT_EQ(ObjectStem("/g/root/.cache/build/x86_64-1/drivers/iommu/iommufd/main.gcda"),
            "drivers/iommu/iommufd/main");
  EXPECT_EQ(ObjectStem("drivers/iommu/intel/nested.gcda"), "drivers/iommu/intel/nested");
  EXPECT_EQ(ObjectStem("/g/kernel/gcov/base.gcda"), std::nullopt);
}

// A real gcc/gcov round trip laid out as a coverage guest and a kernel cache entry would be:
// the .gcda under <dump>/<build dir>/drivers/..., the .gcno under <gcno>/drivers/....
TEST(AddGcdaTreeTest, ReadsDataWithItsNotesFile) {
  if (!FindExecutable("gcc") || !FindExecutable(GcovTool(Arch::kX86_64))) {
    GTEST_SKIP() << "gcc or gcov missing";
  }
  fs::path root = fs::temp_directory_path() / ("gcov_runner_test_" + std::to_string(getpid()));
  fs::path objects = root / "build/drivers/iommu/iommufd";
  fs::create_directories(objects);
  std::ofstream(objects / "main.c") << "int used(int x) { return x + 1; }\n"
                                       "int unused(int x) { return x - 1; }\n"
                                       "int main(void) { return used(-1); }\n";
  // An absolute source path, as kbuild passes them with O=.
  auto built =
      RunProcess({{"gcc", "--coverage", "-O0", "-o", "main", (objects / "main.c").string()},
                  objects.string(), {}, std::chrono::seconds(60)});
  ASSERT_TRUE(built.ok() && built.value().Succeeded()) << built.value().output;
  auto ran = RunProcess({{(objects / "main").string()}, objects.string(), {}, {}});
  ASSERT_TRUE(ran.ok() && ran.value().Succeeded());

  fs::path gcno = root / "entry/gcno/drivers/iommu/iommufd";
  fs::path dump = root / "dump/root/build/drivers/iommu/iommufd";
  fs::create_directories(gcno);
  fs::create_directories(dump);
  // gcc names the files after the output: main-main.gcno / main-main.gcda.
  for (const auto& entry : fs::directory_iterator(objects)) {
    std::string ext = entry.path().extension();
    if (ext == ".gcno") fs::copy_file(entry.path(), gcno / "main.gcno");
    if (ext == ".gcda") fs::copy_file(entry.path(), dump / "main.gcda");
  }

  CoverageMap map;
  auto files = AddGcdaTree(root / "dump", root / "entry/gcno", Arch::kX86_64, map);
  ASSERT_TRUE(files.ok()) << files.error().message;
  EXPECT_EQ(files.value(), 1);
  FileStats stats = map.Stats("drivers/iommu/iommufd/main.c");
  EXPECT_EQ(stats.functions, 3);
  EXPECT_EQ(stats.functions_hit, 2);
  EXPECT_EQ(stats.lines, 3);
  EXPECT_EQ(stats.lines_hit, 2);

  // Data whose notes file is missing came from another kernel.
  fs::remove(gcno / "main.gcno");
  CoverageMap other;
  EXPECT_FALSE(AddGcdaTree(root / "dump", root / "entry/gcno", Arch::kX86_64, other).ok());
  fs::remove_all(root);
}

}  // namespace
}  // namespace iommufd_conform
