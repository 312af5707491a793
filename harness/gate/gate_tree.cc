#include "harness/gate/gate_tree.h"

#include <fstream>
#include <regex>
#include <sstream>

#include "harness/common/process.h"
#include "harness/kernel/text_file.h"

namespace iommufd_conform::gate {
namespace {

namespace fs = std::filesystem;

struct GitOutput {
  bool ok;
  std::string text;  // stdout and stderr, trimmed
};

HarnessResult<GitOutput> Git(const fs::path& dir, std::vector<std::string> args) {
  std::vector<std::string> argv{"git", "-C", dir.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  // No pager, no prompt, and the user's configured diff options (colour, external diff
  // drivers) must not change the patch text.
  auto exit = RunProcess({argv, "", {"GIT_PAGER=cat", "GIT_TERMINAL_PROMPT=0", "LC_ALL=C"}, {}});
  if (!exit.ok()) return exit.error();
  return GitOutput{exit.value().Succeeded(), std::string(Trim(exit.value().output))};
}

HarnessResult<std::string> GitOrFail(const fs::path& dir, std::vector<std::string> args,
                                     HarnessErrorKind kind, const std::string& what) {
  auto out = Git(dir, args);
  if (!out.ok()) return out.error();
  if (!out.value().ok) {
    return MakeError(kind, out.value().text.empty() ? what : what + ": " + out.value().text);
  }
  return out.value().text;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

// Which base, when none was given.
HarnessResult<std::pair<std::string, std::string>> DefaultBase(const fs::path& repo, bool dirty) {
  if (dirty) return std::pair<std::string, std::string>{"HEAD", "HEAD (the tree has uncommitted changes)"};
  auto merge_base = Git(repo, {"merge-base", "HEAD", "@{upstream}"});
  if (!merge_base.ok()) return merge_base.error();
  if (merge_base.value().ok) {
    return std::pair<std::string, std::string>{merge_base.value().text,
                                               "the merge-base with the upstream branch"};
  }
  auto parent = Git(repo, {"rev-parse", "--verify", "--quiet", "HEAD~1^{commit}"});
  if (!parent.ok()) return parent.error();
  if (!parent.value().ok) {
    return MakeError(HarnessErrorKind::kUsage,
                     repo.string() + " has a single commit, no upstream and no uncommitted "
                                     "change: nothing to gate; name a base with --base");
  }
  return std::pair<std::string, std::string>{"HEAD~1", "HEAD~1"};
}

}  // namespace

std::string KernelVersionOf(const fs::path& tree) {
  std::ifstream makefile(tree / "Makefile");
  static const std::regex kLine(R"(^(VERSION|PATCHLEVEL) = (\d+)\s*$)");
  std::string version, patchlevel;
  for (std::string line; std::getline(makefile, line) && (version.empty() || patchlevel.empty());) {
    std::smatch match;
    if (!std::regex_match(line, match, kLine)) continue;
    (match[1] == "VERSION" ? version : patchlevel) = match[2];
  }
  return version.empty() || patchlevel.empty() ? "" : version + "." + patchlevel;
}

HarnessResult<TreeState> InspectTree(const fs::path& tree, const std::string& base_rev) {
  std::error_code error;
  if (!fs::is_directory(tree / "drivers/iommu/iommufd", error) ||
      !fs::is_regular_file(tree / "Makefile", error)) {
    return MakeError(HarnessErrorKind::kSourceUnavailable,
                     tree.string() + " is not a kernel tree (no Makefile or drivers/iommu/iommufd)");
  }
  auto top = GitOrFail(tree, {"rev-parse", "--show-toplevel"},
                       HarnessErrorKind::kSourceUnavailable,
                       tree.string() + " is not a git repository; the gate needs git to tell "
                                       "the base from the patch");
  if (!top.ok()) return top.error();
  TreeState state;
  state.repo = top.value();
  state.kernel_version = KernelVersionOf(state.repo);

  auto status = GitOrFail(state.repo, {"status", "--porcelain", "--untracked-files=no"},
                          HarnessErrorKind::kSourceUnavailable, "git status failed");
  if (!status.ok()) return status.error();
  const bool dirty = !status.value().empty();

  std::string rev = base_rev;
  if (rev.empty()) {
    auto chosen = DefaultBase(state.repo, dirty);
    if (!chosen.ok()) return chosen.error();
    rev = chosen.value().first;
    state.base_reason = chosen.value().second;
  } else {
    state.base_reason = "--base " + base_rev;
  }
  auto commit = GitOrFail(state.repo, {"rev-parse", "--verify", "--quiet", rev + "^{commit}"},
                          HarnessErrorKind::kUsage,
                          "the base '" + rev + "' does not exist in " + state.repo.string());
  if (!commit.ok()) return commit.error();
  state.base_commit = commit.value();
  auto name = Git(state.repo, {"describe", "--always", "--tags", state.base_commit});
  if (!name.ok()) return name.error();
  state.base_name = name.value().ok ? name.value().text : state.base_commit.substr(0, 12);

  // The working tree against the base: the commits since it and uncommitted changes alike.
  auto patch = RunProcess({{"git", "-C", state.repo.string(), "diff", "--binary", "--no-color", "--no-renames",
                            "--no-ext-diff", state.base_commit},
                           "", {"GIT_PAGER=cat", "LC_ALL=C"}, {}});
  if (!patch.ok()) return patch.error();
  if (!patch.value().Succeeded()) {
    return MakeError(HarnessErrorKind::kSourceUnavailable, "git diff failed: " + patch.value().output);
  }
  state.patch = patch.value().output;
  auto files = GitOrFail(state.repo, {"diff", "--name-only", "--no-ext-diff", state.base_commit},
                         HarnessErrorKind::kSourceUnavailable, "git diff failed");
  if (!files.ok()) return files.error();
  state.patch_files = Lines(files.value());
  auto untracked = GitOrFail(state.repo, {"ls-files", "--others", "--exclude-standard"},
                             HarnessErrorKind::kSourceUnavailable, "git ls-files failed");
  if (!untracked.ok()) return untracked.error();
  state.untracked = Lines(untracked.value());

  auto count = GitOrFail(state.repo, {"rev-list", "--count", state.base_commit + "..HEAD"},
                         HarnessErrorKind::kUsage,
                         "the base " + state.base_commit + " is not an ancestor of HEAD");
  if (!count.ok()) return count.error();
  std::string commits = count.value() == "0" ? ""
                        : count.value() == "1" ? "1 commit"
                                               : count.value() + " commits";
  state.description = commits;
  if (dirty) state.description += (commits.empty() ? "" : " + ") + std::string("uncommitted changes");
  if (state.description.empty()) state.description = "no change (the base against itself)";
  return state;
}

HarnessStatus CheckoutCommit(const TreeState& state, const fs::path& dir,
                             const std::string& commit) {
  std::error_code error;
  if (!fs::exists(dir / ".git", error)) {
    fs::create_directories(dir.parent_path(), error);
    // A worktree left registered by a removed checkout would refuse the path.
    (void)Git(state.repo, {"worktree", "prune"});
    auto added = GitOrFail(state.repo, {"worktree", "add", "--detach", "--force", dir.string(), commit},
                           HarnessErrorKind::kIo, "cannot create the gate's checkout " + dir.string());
    if (!added.ok()) return added.error();
    return Done{};
  }
  auto checked_out = GitOrFail(dir, {"checkout", "--detach", "--force", "--quiet", commit},
                               HarnessErrorKind::kIo, "cannot check out " + commit + " in " + dir.string());
  if (!checked_out.ok()) return checked_out.error();
  auto cleaned = GitOrFail(dir, {"clean", "-fdq"}, HarnessErrorKind::kIo,
                           "cannot clean the gate's checkout " + dir.string());
  if (!cleaned.ok()) return cleaned.error();
  return Done{};
}

HarnessStatus ApplyPatch(const TreeState& state, const fs::path& dir) {
  if (state.patch.empty()) return Done{};
  fs::path file = dir.parent_path() / (dir.filename().string() + ".patch");
  if (auto written = WriteTextFile(file, state.patch); !written.ok()) return written;
  auto applied = GitOrFail(dir, {"apply", "--binary", "--whitespace=nowarn", file.string()},
                           HarnessErrorKind::kIo, "the patch does not apply to its own base");
  if (!applied.ok()) return applied.error();
  return Done{};
}

}  // namespace iommufd_conform::gate
