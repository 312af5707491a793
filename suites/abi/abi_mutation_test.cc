// The comparison must catch a kernel whose headers differ from our definitions: each test
// edits a scratch copy of real 7.2 headers and expects exactly the resulting mismatch lines.

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "reference/uapi/abi_check.h"
#include "suites/abi/kernel_headers.h"

namespace iommufd_conform::abi_test {
namespace {

namespace fs = std::filesystem;
using uapi::KernelVersion;

class MutationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto dirs = KernelDirsFromEnv(KernelVersion::k7_2);
    ASSERT_TRUE(dirs) << "IOMMUFD_CONFORM_HEADERS_7_2/TREE_7_2 unset; run via "
                         "suites/abi/with-kernel-headers.sh";
    // Only iommufd_test.h of the tree is read, so a one-file tree will do.
    headers_ = scratch_.path() / "headers";
    tree_ = scratch_.path() / "tree";
    fs::copy(dirs->headers, headers_, fs::copy_options::recursive);
    fs::create_directories(tree_ / "drivers/iommu/iommufd");
    fs::copy_file(dirs->tree / "drivers/iommu/iommufd/iommufd_test.h", TestHeader());
  }

  fs::path UapiHeader() const { return headers_ / "include/linux/iommufd.h"; }
  fs::path TestHeader() const { return tree_ / "drivers/iommu/iommufd/iommufd_test.h"; }

  // Applies one textual edit to `file`, which must match exactly once.
  void Edit(const fs::path& file, std::string_view from, std::string_view to) {
    std::string text = ReadFile(file);
    ASSERT_TRUE(ReplaceOnce(text, from, to)) << "edit does not apply to " << file;
    WriteFile(file, text);
  }

  std::vector<std::string> Mismatches() {
    auto result = uapi::CheckAbi({headers_, tree_, KernelVersion::k7_2});
    EXPECT_TRUE(result.ok()) << result.error().message;
    return result.ok() ? result.value().mismatches : std::vector<std::string>{};
  }

  TempDir scratch_;
  fs::path headers_;
  fs::path tree_;
};

TEST_F(MutationTest, UneditedCopyMatches) { EXPECT_EQ(Mismatches(), std::vector<std::string>{}); }

TEST_F(MutationTest, SwappedFieldsAreReported) {
  Edit(UapiHeader(), "\t__aligned_u64 user_va;\n\t__aligned_u64 length;\n\t__aligned_u64 iova;\n",
       "\t__aligned_u64 user_va;\n\t__aligned_u64 iova;\n\t__aligned_u64 length;\n");
  EXPECT_EQ(Mismatches(), (std::vector<std::string>{
                              "struct iommu_ioas_map.length: ours offset 24, kernel 32",
                              "struct iommu_ioas_map.iova: ours offset 32, kernel 24",
                          }));
}

TEST_F(MutationTest, MovedFieldIsReported) {
  // user_va moves behind iova: everything after __reserved shifts.
  Edit(UapiHeader(), "\t__aligned_u64 user_va;\n\t__aligned_u64 length;\n\t__aligned_u64 iova;\n",
       "\t__aligned_u64 length;\n\t__aligned_u64 iova;\n\t__aligned_u64 user_va;\n");
  EXPECT_EQ(Mismatches(), (std::vector<std::string>{
                              "struct iommu_ioas_map.user_va: ours offset 16, kernel 32",
                              "struct iommu_ioas_map.length: ours offset 24, kernel 16",
                              "struct iommu_ioas_map.iova: ours offset 32, kernel 24",
                          }));
}

TEST_F(MutationTest, MissingFieldIsAFailureNotACrash) {
  Edit(UapiHeader(), "\t__aligned_u64 user_va;\n\t__aligned_u64 length;\n\t__aligned_u64 iova;\n",
       "\t__aligned_u64 user_va;\n\t__aligned_u64 length;\n\t__aligned_u64 iova_renamed;\n");
  std::vector<std::string> mismatches = Mismatches();
  ASSERT_EQ(mismatches.size(), 1u) << ::testing::PrintToString(mismatches);
  EXPECT_TRUE(mismatches[0].starts_with(
      "struct iommu_ioas_map.iova: missing from the kernel headers (error: "))
      << mismatches[0];
}

TEST_F(MutationTest, ChangedIoctlNumberIsReported) {
  Edit(UapiHeader(), "\tIOMMUFD_CMD_IOAS_MAP = 0x85,\n", "\tIOMMUFD_CMD_IOAS_MAP = 0x9f,\n");
  EXPECT_EQ(Mismatches(), std::vector<std::string>{"IOMMU_IOAS_MAP: ours 0x3b85, kernel 0x3b9f"});
}

TEST_F(MutationTest, SelftestHeaderChangesAreReported) {
  Edit(TestHeader(), "\tMOCK_PAGE_SIZE = 2048,\n", "\tMOCK_PAGE_SIZE = 4096,\n");
  Edit(TestHeader(), "\t\t\t__u32 out_stdev_id;\n\t\t\t__u32 out_hwpt_id;\n\t\t\t/* out_idev_id",
       "\t\t\t__u32 out_hwpt_id;\n\t\t\t__u32 out_stdev_id;\n\t\t\t/* out_idev_id");
  EXPECT_EQ(Mismatches(), (std::vector<std::string>{
                              "struct iommu_test_cmd.mock_domain.out_stdev_id: ours offset 16, "
                              "kernel 20",
                              "struct iommu_test_cmd.mock_domain.out_hwpt_id: ours offset 20, "
                              "kernel 16",
                              "MOCK_PAGE_SIZE: ours 0x800, kernel 0x1000",
                              "MOCK_HUGE_PAGE_SIZE: ours 0x100000, kernel 0x200000",
                          }));
}

TEST_F(MutationTest, UnusableHeaderIsOneClearLine) {
  fs::remove(TestHeader());
  fs::create_directories(TestHeader().parent_path());
  WriteFile(TestHeader(), "#error broken on purpose\n");
  std::vector<std::string> mismatches = Mismatches();
  ASSERT_EQ(mismatches.size(), 1u) << ::testing::PrintToString(mismatches);
  EXPECT_TRUE(mismatches[0].starts_with("iommufd_test.h: unusable")) << mismatches[0];
}

}  // namespace
}  // namespace iommufd_conform::abi_test
