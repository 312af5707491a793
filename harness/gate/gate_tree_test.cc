#include "harness/gate/gate_tree.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "harness/common/process.h"
#include "harness/kernel/test_temp_dir.h"
#include "harness/kernel/text_file.h"

namespace iommufd_conform::gate {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// A toy kernel tree in a git repository: just what InspectTree looks at.
class GateTreeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    repo_ = dir_.path() / "linux";
    dir_.Write("linux/Makefile", "# SPDX\nVERSION = 7\nPATCHLEVEL = 2\nSUBLEVEL = 13\n");
    dir_.Write("linux/drivers/iommu/iommufd/ioas.c", "int unmapped = length;\n");
    Git({"init", "-q"});
    Commit("v7.2");
  }

  void Git(std::vector<std::string> args) {
    std::vector<std::string> argv{"git", "-C", repo_.string(), "-c", "user.name=t", "-c",
                                  "user.email=t@example.org"};
    argv.insert(argv.end(), args.begin(), args.end());
    auto exit = RunProcess({argv, "", {}, {}});
    ASSERT_TRUE(exit.ok() && exit.value().Succeeded()) << exit.value().output;
  }
  void Commit(const std::string& message) {
    Git({"add", "-A"});
    Git({"commit", "-q", "-m", message});
  }
  std::string Head() {
    auto exit = RunProcess({{"git", "-C", repo_.string(), "rev-parse", "HEAD"}, "", {}, {}});
    return std::string(Trim(exit.value().output));
  }

  TestTempDir dir_;
  fs::path repo_;
};

TEST_F(GateTreeTest, SingleCleanCommitHasNothingToGate) {
  auto state = InspectTree(repo_, "");
  ASSERT_FALSE(state.ok());
  EXPECT_EQ(state.error().kind, HarnessErrorKind::kUsage);
  EXPECT_THAT(state.error().message, HasSubstr("--base"));
}

TEST_F(GateTreeTest, CommittedPatchIsGatedAgainstItsParent) {
  std::string base = Head();
  dir_.Write("linux/drivers/iommu/iommufd/ioas.c", "int unmapped = length - 1;\n");
  Commit("iommufd: break unmap");
  auto state = InspectTree(repo_, "");
  ASSERT_TRUE(state.ok()) << state.error().message;
  EXPECT_EQ(state.value().base_commit, base);
  EXPECT_EQ(state.value().kernel_version, "7.2");
  EXPECT_EQ(state.value().description, "1 commit");
  EXPECT_THAT(state.value().patch_files, ElementsAre("drivers/iommu/iommufd/ioas.c"));
  EXPECT_THAT(state.value().patch, HasSubstr("+int unmapped = length - 1;"));
}

TEST_F(GateTreeTest, DirtyTreeIsThePatchAgainstHead) {
  dir_.Write("linux/drivers/iommu/iommufd/ioas.c", "int unmapped = 0;\n");
  dir_.Write("linux/notes.txt", "untracked\n");
  auto state = InspectTree(repo_, "");
  ASSERT_TRUE(state.ok()) << state.error().message;
  EXPECT_EQ(state.value().base_commit, Head());
  EXPECT_EQ(state.value().description, "uncommitted changes");
  EXPECT_THAT(state.value().untracked, ElementsAre("notes.txt"));
}

TEST_F(GateTreeTest, BaseThatDoesNotExistIsAUsageError) {
  auto state = InspectTree(repo_, "v9.9");
  ASSERT_FALSE(state.ok());
  EXPECT_EQ(state.error().kind, HarnessErrorKind::kUsage);
  EXPECT_THAT(state.error().message, HasSubstr("'v9.9' does not exist"));
}

TEST_F(GateTreeTest, NotAKernelTreeAndNotAGitRepositoryAreSourceErrors) {
  auto not_kernel = InspectTree(dir_.path(), "");
  ASSERT_FALSE(not_kernel.ok());
  EXPECT_EQ(not_kernel.error().kind, HarnessErrorKind::kSourceUnavailable);
  EXPECT_THAT(not_kernel.error().message, HasSubstr("is not a kernel tree"));
  fs::remove_all(repo_ / ".git");
  auto not_git = InspectTree(repo_, "");
  ASSERT_FALSE(not_git.ok());
  EXPECT_EQ(not_git.error().kind, HarnessErrorKind::kSourceUnavailable);
  EXPECT_THAT(not_git.error().message, HasSubstr("is not a git repository"));
}

TEST_F(GateTreeTest, OwnCheckoutGetsBaseThenPatchAndTheUsersTreeStaysAsItWas) {
  dir_.Write("linux/drivers/iommu/iommufd/ioas.c", "int unmapped = 0;\n");
  dir_.Write("linux/drivers/iommu/iommufd/new.c", "new\n");
  Git({"add", "-N", "drivers/iommu/iommufd/new.c"});  // tracked, so part of the patch
  auto state = InspectTree(repo_, "");
  ASSERT_TRUE(state.ok()) << state.error().message;
  fs::path checkout = dir_.path() / "gate" / "tree";
  for (int round = 0; round < 2; ++round) {  // the second round reuses the checkout
    ASSERT_TRUE(CheckoutCommit(state.value(), checkout, state.value().base_commit).ok());
    EXPECT_EQ(ReadTextFile(checkout / "drivers/iommu/iommufd/ioas.c").value(),
              "int unmapped = length;\n");
    EXPECT_FALSE(fs::exists(checkout / "drivers/iommu/iommufd/new.c"));
    auto applied = ApplyPatch(state.value(), checkout);
    ASSERT_TRUE(applied.ok()) << applied.error().message;
    EXPECT_EQ(ReadTextFile(checkout / "drivers/iommu/iommufd/ioas.c").value(),
              "int unmapped = 0;\n");
    EXPECT_TRUE(fs::exists(checkout / "drivers/iommu/iommufd/new.c"));
  }
  EXPECT_EQ(ReadTextFile(repo_ / "drivers/iommu/iommufd/ioas.c").value(), "int unmapped = 0;\n");
  EXPECT_EQ(InspectTree(repo_, "").value().patch, state.value().patch);
}

}  // namespace
}  // namespace iommufd_conform::gate
