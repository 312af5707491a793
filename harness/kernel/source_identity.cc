#include "harness/kernel/source_identity.h"

#include <sys/stat.h>

#include <algorithm>
#include <vector>

#include "harness/common/process.h"
#include "harness/kernel/sha256.h"
#include "harness/kernel/text_file.h"

namespace iommufd_conform {
namespace {

HarnessResult<std::string> Git(const std::filesystem::path& tree,
                               std::vector<std::string> arguments) {
  std::vector<std::string> argv = {"git", "-C", tree.string()};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  ProcessSpec spec;
  spec.argv = std::move(argv);
  auto run = RunProcess(spec);
  if (!run.ok()) return run.error();
  if (!run.value().Succeeded()) {
    return MakeError(
        HarnessErrorKind::kSourceUnavailable,
        "git " + arguments.front() + " in " + tree.string() + " failed:\n" + run.value().output);
  }
  return std::move(run).value().output;
}

HarnessResult<std::string> GitIdentity(const std::filesystem::path& tree) {
  auto head = Git(tree, {"rev-parse", "HEAD"});
  if (!head.ok()) return head.error();
  // --binary so a changed binary file changes the digest too.
  auto diff = Git(tree, {"diff", "HEAD", "--binary"});
  if (!diff.ok()) return diff.error();
  auto untracked = Git(tree, {"ls-files", "--others", "--exclude-standard", "-z"});
  if (!untracked.ok()) return untracked.error();

  Sha256 untracked_hash;
  std::error_code error;
  std::string_view names = untracked.value();
  while (!names.empty()) {
    size_t end = names.find('\0');
    std::string_view name = names.substr(0, end);
    std::filesystem::path path = tree / std::string(name);
    untracked_hash.Update(name);
    untracked_hash.Update(std::string_view("\0", 1));
    if (std::filesystem::is_symlink(path, error)) {
      untracked_hash.Update(std::filesystem::read_symlink(path, error).string());
    } else {
      auto content = Sha256OfFile(path);
      if (!content.ok()) return content.error();
      untracked_hash.Update(content.value());
    }
    if (end == std::string_view::npos) break;
    names.remove_prefix(end + 1);
  }
  return "git:" + std::string(Trim(head.value())) + " diff:" + Sha256Hex(diff.value()) +
         " untracked:" + untracked_hash.HexDigest();
}

HarnessResult<std::string> FileListIdentity(const std::filesystem::path& tree) {
  std::vector<std::string> entries;
  const size_t prefix_length = (tree / "").string().size();  // tree with one trailing /
  std::error_code error;
  for (auto it = std::filesystem::recursive_directory_iterator(tree, error);
       !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
    struct stat info;
    if (lstat(it->path().c_str(), &info) != 0 || S_ISDIR(info.st_mode)) continue;
    // A plain prefix cut: std::filesystem::relative would canonicalize every path.
    entries.push_back(it->path().string().substr(prefix_length) + " " +
                      std::to_string(info.st_size) + " " + std::to_string(info.st_mtim.tv_sec) +
                      "." + std::to_string(info.st_mtim.tv_nsec));
  }
  if (error) {
    return MakeError(HarnessErrorKind::kIo,
                     "cannot walk " + tree.string() + ": " + error.message());
  }
  std::sort(entries.begin(), entries.end());
  Sha256 hash;
  for (const auto& entry : entries) {
    hash.Update(entry);
    hash.Update("\n");
  }
  return "files:" + hash.HexDigest();
}

}  // namespace

HarnessResult<std::string> SourceIdentity(const std::filesystem::path& tree) {
  std::error_code error;
  if (std::filesystem::exists(tree / ".unpacked", error)) {
    auto package = ReadTextFile(tree / ".debian-package");
    if (!package.ok()) return package.error();
    return "debian:" + std::string(Trim(package.value()));
  }
  // .git is a directory in a clone and a file in a worktree.
  if (std::filesystem::exists(tree / ".git", error)) return GitIdentity(tree);
  return FileListIdentity(tree);
}

}  // namespace iommufd_conform
