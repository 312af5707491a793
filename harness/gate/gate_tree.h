#ifndef IOMMUFD_CONFORM_HARNESS_GATE_GATE_TREE_H_
#define IOMMUFD_CONFORM_HARNESS_GATE_GATE_TREE_H_

// The user's kernel tree as the gate sees it: which commit is the base, what the patch is.
// Nothing here writes to the user's working tree; the gate builds in a checkout of its own.

#include <filesystem>
#include <string>
#include <vector>

#include "harness/common/harness_error.h"

namespace iommufd_conform::gate {

struct TreeState {
  std::filesystem::path repo;  // the tree's top level
  std::string base_commit;     // 40 hex digits
  std::string base_name;       // `git describe --always` of the base
  std::string base_reason;     // how the base was chosen: "--base v7.2", "HEAD~1", ...
  std::string patch;           // `git diff --binary BASE`: commits since the base plus
                               // uncommitted changes to tracked files
  std::vector<std::string> patch_files;
  std::string description;             // "1 commit (a1b2c3d4e5f6) + uncommitted changes"
  std::vector<std::string> untracked;  // files git does not track: not part of the patch
  std::string kernel_version;          // "7.2", from the tree's Makefile
};

// Errors: kSourceUnavailable for a path that is not a kernel tree or not a git repository;
// kUsage for a base that does not exist (or a single commit with no base to compare with).
// The base, unless `base_rev` names one: HEAD for a dirty tree (the patch is the
// uncommitted change), else the merge-base with the branch's upstream, else HEAD~1.
HarnessResult<TreeState> InspectTree(const std::filesystem::path& tree,
                                     const std::string& base_rev);

// The gate's own checkout of the tree's repository (a detached `git worktree` at `dir`),
// forced to `commit` with files the patch added removed. kbuild keeps its object directory
// per tree path, so building base and patched here makes the patched build incremental.
HarnessStatus CheckoutCommit(const TreeState& state, const std::filesystem::path& dir,
                             const std::string& commit);

// Applies the patch on top of a checkout of the base.
HarnessStatus ApplyPatch(const TreeState& state, const std::filesystem::path& dir);

// "7.2" from VERSION and PATCHLEVEL in TREE/Makefile; "" when they cannot be read.
std::string KernelVersionOf(const std::filesystem::path& tree);

}  // namespace iommufd_conform::gate

#endif  // IOMMUFD_CONFORM_HARNESS_GATE_GATE_TREE_H_
