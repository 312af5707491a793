#include "harness/coverage/gcov_runner.h"

#include <unistd.h>

#include <cstdlib>

#include "harness/common/process.h"
#include "harness/coverage/gcov_json.h"
#include "harness/kernel/kernel_arch.h"

namespace iommufd_conform {
namespace {

namespace fs = std::filesystem;

constexpr auto kGcovTimeout = std::chrono::seconds(120);

// gcov wants the .gcda and .gcno side by side; a scratch copy keeps the cache entry read-only.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (fs::temp_directory_path() / "iommufd-conform-gcov-XXXXXX").string();
    if (mkdtemp(pattern.data())) path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ignored;
    if (!path_.empty()) fs::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

HarnessStatus RunGcov(const fs::path& gcda, const fs::path& scratch, Arch arch,
                      CoverageMap& into) {
  ProcessSpec spec{{GcovTool(arch), "--json-format", "--stdout", gcda.string()},
                   scratch.string(), {}, kGcovTimeout};
  std::string json;
  auto run = RunProcess(spec, [&](std::string_view line) {
    // Warnings share the stream; the document is the one line that is a JSON object.
    if (!line.empty() && line.front() == '{') json = line;
    return true;
  });
  if (!run.ok()) return run.error();
  if (!run.value().Succeeded() || json.empty()) {
    return MakeError(HarnessErrorKind::kIo,
                     "gcov failed on " + gcda.string() + ":\n" + run.value().output);
  }
  auto sources = ParseGcovJson(json);
  if (!sources.ok()) return sources.error();
  for (const SourceCoverage& source : sources.value()) into.Add(source);
  return Done{};
}

}  // namespace

std::string GcovTool(Arch arch) { return std::string(CrossCompilePrefix(arch)) + "gcov"; }

std::optional<std::string> ObjectStem(const fs::path& gcda) {
  std::string path = gcda.generic_string();
  path.resize(path.size() - gcda.extension().string().size());
  std::string relative = TreeRelativePath(path);
  if (relative.rfind("drivers/", 0) != 0) return std::nullopt;
  return relative;
}

HarnessResult<int> AddGcdaTree(const fs::path& gcda_dir, const fs::path& gcno_dir, Arch arch,
                               CoverageMap& into) {
  ScratchDir scratch;
  if (scratch.path().empty()) {
    return MakeError(HarnessErrorKind::kIo, "cannot create a scratch directory for gcov");
  }
  std::error_code ec;
  int files = 0;
  for (auto it = fs::recursive_directory_iterator(gcda_dir, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->path().extension() != ".gcda") continue;
    auto stem = ObjectStem(it->path());
    if (!stem) continue;
    fs::path gcno = gcno_dir / (*stem + ".gcno");
    if (!fs::is_regular_file(gcno, ec)) {
      return MakeError(HarnessErrorKind::kIo, it->path().string() + " has no " + gcno.string() +
                                                  ": the data is not from this kernel build");
    }
    fs::path local = scratch.path() / (*stem + ".gcda");
    fs::create_directories(local.parent_path(), ec);
    fs::copy_file(it->path(), local, fs::copy_options::overwrite_existing, ec);
    if (!ec) {
      fs::copy_file(gcno, scratch.path() / (*stem + ".gcno"),
                    fs::copy_options::overwrite_existing, ec);
    }
    if (ec) return MakeError(HarnessErrorKind::kIo, "cannot stage " + *stem + ": " + ec.message());
    if (auto status = RunGcov(local, scratch.path(), arch, into); !status.ok()) {
      return status.error();
    }
    ++files;
  }
  if (ec) {
    return MakeError(HarnessErrorKind::kIo, "reading " + gcda_dir.string() + ": " + ec.message());
  }
  return files;
}

}  // namespace iommufd_conform
