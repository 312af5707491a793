#include "harness/gate/changed_lines.h"

#include <gtest/gtest.h>

#include "harness/kernel/text_file.h"

namespace iommufd_conform::gate {
namespace {

using Lines = std::map<int, std::string>;

// Two hunks with context, as `git diff` prints them: the patched numbering runs over context
// and added lines, not over removed ones.
constexpr char kTwoHunks[] = R"(diff --git a/drivers/iommu/iommufd/pages.c b/drivers/iommu/iommufd/pages.c
index 1111111..2222222 100644
--- a/drivers/iommu/iommufd/pages.c
+++ b/drivers/iommu/iommufd/pages.c
@@ -10,7 +10,8 @@ static int f(void)
 	int a;
 	int b;
 	int c;
-	a = 1;
+	a = 2;
+	b = 3;
 	return a;
 }
 
@@ -100,4 +101,4 @@ static int g(void)
 {
-	return 0;
+	return 1;
 }
 
)";

TEST(ChangedLinesTest, MultiHunkCountsContextAndAddedLinesOnly) {
  auto files = ParseChangedLines(kTwoHunks);
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].path, "drivers/iommu/iommufd/pages.c");
  EXPECT_EQ(files[0].lines, (Lines{{13, "\ta = 2;"}, {14, "\tb = 3;"}, {102, "\treturn 1;"}}));
}

TEST(ChangedLinesTest, ANewFileIsAllAddedLinesAndZeroContextWorks) {
  constexpr char kDiff[] = R"(diff --git a/drivers/iommu/new.c b/drivers/iommu/new.c
new file mode 100644
index 0000000..3333333
--- /dev/null
+++ b/drivers/iommu/new.c
@@ -0,0 +1,3 @@
+// a comment
+++counter;
+--other;
diff --git a/drivers/iommu/iommufd/main.c b/drivers/iommu/iommufd/main.c
--- a/drivers/iommu/iommufd/main.c
+++ b/drivers/iommu/iommufd/main.c
@@ -5 +5 @@
-x
+y
)";
  auto files = ParseChangedLines(kDiff);
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].path, "drivers/iommu/new.c");
  // Lines that look like "+++" and "---" headers are content inside a hunk.
  EXPECT_EQ(files[0].lines, (Lines{{1, "// a comment"}, {2, "++counter;"}, {3, "--other;"}}));
  EXPECT_EQ(files[1].path, "drivers/iommu/iommufd/main.c");
  EXPECT_EQ(files[1].lines, (Lines{{5, "y"}}));
}

TEST(ChangedLinesTest, DeletedLinesAndDeletedFilesChangeNoPatchedLine) {
  constexpr char kDiff[] = R"(diff --git a/drivers/iommu/iommufd/pages.c b/drivers/iommu/iommufd/pages.c
--- a/drivers/iommu/iommufd/pages.c
+++ b/drivers/iommu/iommufd/pages.c
@@ -1869,7 +1869,6 @@
 				     pfns.batch_start_index);
 		if (rc)
 			goto out_unmap;
-		done_end_index = pfns.batch_end_index;
 
 		rc = pfn_reader_next(&pfns);
 		if (rc)
diff --git a/drivers/iommu/old.c b/drivers/iommu/old.c
deleted file mode 100644
--- a/drivers/iommu/old.c
+++ /dev/null
@@ -1,2 +0,0 @@
-int a;
-int b;
)";
  EXPECT_TRUE(ParseChangedLines(kDiff).empty());
}

TEST(ChangedLinesTest, ARenamedFileIsNamedByItsNewPath) {
  constexpr char kDiff[] = R"(diff --git a/drivers/iommu/a.c b/drivers/iommu/b.c
similarity index 90%
rename from drivers/iommu/a.c
rename to drivers/iommu/b.c
index 1111111..2222222 100644
--- a/drivers/iommu/a.c
+++ b/drivers/iommu/b.c
@@ -3,2 +3,2 @@
 int x;
-int y;
+int z;
diff --git a/drivers/iommu/c.c b/drivers/iommu/d.c
similarity index 100%
rename from drivers/iommu/c.c
rename to drivers/iommu/d.c
)";
  auto files = ParseChangedLines(kDiff);
  ASSERT_EQ(files.size(), 1u);  // a pure rename changes no line
  EXPECT_EQ(files[0].path, "drivers/iommu/b.c");
  EXPECT_EQ(files[0].lines, (Lines{{4, "int z;"}}));
}

TEST(ChangedLinesTest, NoNewlineMarkerAndBinaryPatchesAddNothing) {
  constexpr char kDiff[] = R"(diff --git a/drivers/iommu/x.c b/drivers/iommu/x.c
--- a/drivers/iommu/x.c
+++ b/drivers/iommu/x.c
@@ -1 +1 @@
-old
\ No newline at end of file
+new
\ No newline at end of file
diff --git a/drivers/iommu/blob.bin b/drivers/iommu/blob.bin
index 1111111..2222222 100644
GIT binary patch
literal 3
KcmZ?wbN~PV0096k

)";
  auto files = ParseChangedLines(kDiff);
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].lines, (Lines{{1, "new"}}));
}

TEST(ChangedLinesTest, OnlySourcesUnderDriversIommuAreKept) {
  std::vector<ChangedFile> files = {{"drivers/iommu/iommufd/pages.c", {{1, "a"}}},
                                    {"drivers/iommu/iommufd/iommufd_private.h", {{2, "b"}}},
                                    {"include/uapi/linux/iommufd.h", {{3, "c"}}},
                                    {"drivers/iommu/Kconfig", {{4, "d"}}},
                                    {"drivers/vfio/vfio_main.c", {{5, "e"}}}};
  auto kept = UnderDriversIommu(files);
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_EQ(kept[0].path, "drivers/iommu/iommufd/pages.c");
  EXPECT_EQ(kept[1].path, "drivers/iommu/iommufd/iommufd_private.h");
}

// A shipped mutant, as `git format-patch` wrote it: the mail header before the diff adds nothing.
TEST(ChangedLinesTest, AShippedMutantChangesTheLineItsHunkNames) {
  auto patch = ReadTextFile(std::string(IOMMUFD_CONFORM_MUTANTS_DIR) +
                            "/013-iopt-map-length-unaligned.patch");
  ASSERT_TRUE(patch.ok()) << patch.error().message;
  auto files = ParseChangedLines(patch.value());
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].path, "drivers/iommu/iommufd/io_pagetable.c");
  // Hunk at 270: three context lines (270-272), then the replaced condition.
  EXPECT_EQ(files[0].lines, (Lines{{273, "\tif (!length) {"}}));
}

}  // namespace
}  // namespace iommufd_conform::gate
