#include "harness/kernel/interrupted_build.h"

#include <cstdio>
#include <fstream>
#include <utility>
#include <vector>

namespace iommufd_conform {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kMarker = ".iommufd-conform-build-in-progress";

// Every file of `objects` written at or after the marker's time, the marker included.
HarnessResult<int> RemoveFilesSince(const fs::path& objects, const fs::path& marker) {
  std::error_code error;
  const fs::file_time_type since = fs::last_write_time(marker, error);
  if (error) return MakeError(HarnessErrorKind::kIo, "cannot read " + marker.string());
  std::vector<fs::path> newer;
  for (auto it = fs::recursive_directory_iterator(objects, error);
       !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    std::error_code ignored;
    if (it->is_regular_file(ignored) && it->last_write_time(ignored) >= since) {
      newer.push_back(it->path());
    }
  }
  for (const fs::path& file : newer) fs::remove(file, error);
  if (error) {
    return MakeError(HarnessErrorKind::kIo, "cannot clean up after the interrupted build in " +
                                                objects.string() + ": " + error.message());
  }
  return static_cast<int>(newer.size()) - 1;  // the marker itself is not an output
}

}  // namespace

HarnessResult<BuildInProgress> BuildInProgress::Begin(const fs::path& objects) {
  fs::path marker = objects / kMarker;
  std::error_code error;
  if (fs::exists(marker, error)) {
    auto removed = RemoveFilesSince(objects, marker);
    if (!removed.ok()) return removed.error();
    std::fprintf(stderr,
                 "kernel: the last build in %s was stopped before it finished; removed the %d "
                 "file(s) it wrote, so they are made again\n",
                 objects.c_str(), removed.value());
  }
  fs::create_directories(objects, error);
  std::ofstream(marker) << "a build runs here; if none does, the last one was killed\n";
  if (!fs::exists(marker, error)) {
    return MakeError(HarnessErrorKind::kIo, "cannot write " + marker.string());
  }
  return BuildInProgress(marker);
}

BuildInProgress::BuildInProgress(BuildInProgress&& other) noexcept
    : marker_(std::exchange(other.marker_, {})) {}

BuildInProgress::~BuildInProgress() {
  std::error_code ignored;
  if (!marker_.empty()) fs::remove(marker_, ignored);
}

}  // namespace iommufd_conform
