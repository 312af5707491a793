#include "harness/guest/gcov_dump.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "harness/guest/sys_file.h"

namespace iommufd_conform::guest {
namespace {

namespace fs = std::filesystem;

HarnessError Io(const std::string& what) {
  return MakeError(HarnessErrorKind::kIo, what + ": " + std::strerror(errno));
}

// debugfs reports size 0 for .gcda files, so they are read until EOF rather than copied by size.
HarnessStatus CopyByReading(const fs::path& from, const fs::path& to) {
  int in = open(from.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) return Io("open " + from.string());
  int out = open(to.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (out < 0) {
    close(in);
    return Io("create " + to.string());
  }
  char buffer[16384];
  HarnessStatus status = Done{};
  for (;;) {
    ssize_t got = read(in, buffer, sizeof(buffer));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      status = Io("read " + from.string());
      break;
    }
    if (got == 0) break;
    if (write(out, buffer, static_cast<size_t>(got)) != got) {
      status = Io("write " + to.string());
      break;
    }
  }
  close(in);
  if (close(out) != 0 && status.ok()) status = Io("close " + to.string());
  return status;
}

}  // namespace

HarnessStatus ResetGcovCounters() {
  std::error_code ec;
  if (!fs::exists(fs::path(kGcovRoot) / "reset", ec)) {
    return MakeError(HarnessErrorKind::kUsage,
                     std::string(kGcovRoot) + "/reset is missing: the kernel has no "
                                              "CONFIG_GCOV_KERNEL or debugfs is not mounted");
  }
  return WriteSysFile(std::string(kGcovRoot) + "/reset", "1");
}

HarnessResult<int> DumpGcovData(const std::string& out_dir) {
  std::error_code ec;
  int copied = 0;
  for (auto it = fs::recursive_directory_iterator(kGcovRoot, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    // .gcno entries are links into the build machine's object directory: not ours to follow.
    if (it->is_symlink(ec) || it->path().extension() != ".gcda") continue;
    fs::path target = fs::path(out_dir) / fs::relative(it->path(), kGcovRoot, ec);
    fs::create_directories(target.parent_path(), ec);
    if (ec) return MakeError(HarnessErrorKind::kIo, "mkdir " + target.parent_path().string());
    if (auto status = CopyByReading(it->path(), target); !status.ok()) return status.error();
    ++copied;
  }
  if (ec) return MakeError(HarnessErrorKind::kIo, "walking " + std::string(kGcovRoot) + ": " +
                                                      ec.message());
  return copied;
}

}  // namespace iommufd_conform::guest
