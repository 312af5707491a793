#include "fuzz/failnth/fault_injector.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace iommufd_conform::fuzz {
namespace {

constexpr char kDebugfs[] = "/sys/kernel/debug";

bool WriteFile(const std::string& path, const char* value) {
  int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return false;
  bool ok = write(fd, value, std::strlen(value)) == static_cast<ssize_t>(std::strlen(value));
  close(fd);
  return ok;
}

}  // namespace

FaultInjector::FaultInjector(bool verbose) {
  std::string base = kDebugfs;
  if (access((base + "/failslab").c_str(), F_OK) != 0) {
    mount("debugfs", kDebugfs, "debugfs", 0, nullptr);  // our init does not mount it
  }
  if (!WriteFile(base + "/failslab/ignore-gfp-wait", "N") ||
      !WriteFile(base + "/fail_page_alloc/ignore-gfp-wait", "N") ||
      !WriteFile(base + "/fail_page_alloc/ignore-gfp-highmem", "N") ||
      // Single pages too (the default skips order 0): IOMMU page-table pages are single
      // pages, and their failure is what reaches a domain's unwind.
      !WriteFile(base + "/fail_page_alloc/min-order", "0")) {
    error_ = "no failslab/fail_page_alloc in debugfs (needs CONFIG_FAILSLAB, "
             "CONFIG_FAIL_PAGE_ALLOC, CONFIG_FAULT_INJECTION_DEBUG_FS)";
    return;
  }
  if (DIR* dir = opendir(kDebugfs)) {
    while (dirent* entry = readdir(dir)) {
      if (std::strncmp(entry->d_name, "fail", 4) == 0) {
        WriteFile(base + "/" + entry->d_name + "/verbose", verbose ? "1" : "0");
      }
    }
    closedir(dir);
  }
  fd_ = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);
  if (fd_ < 0) error_ = std::string("/proc/thread-self/fail-nth: ") + std::strerror(errno);
}

FaultInjector::~FaultInjector() {
  if (fd_ >= 0) close(fd_);
}

void FaultInjector::Arm(unsigned n) {
  std::string text = std::to_string(n);
  // Nothing is armed yet, so this write cannot be the injected fault.
  (void)!pwrite(fd_, text.data(), text.size(), 0);
}

bool FaultInjector::Disarm() {
  char buf[32] = {};
  // With usercopy injection this read's own copy-out can be the n-th site: EFAULT then means
  // the call under test did not reach it.
  ssize_t got = pread(fd_, buf, sizeof(buf) - 1, 0);
  bool injected = got > 0 && buf[0] == '0';
  // Writing 0 can meet the armed fault too (its copy-in); the second write then succeeds.
  if (pwrite(fd_, "0", 1, 0) != 1) (void)!pwrite(fd_, "0", 1, 0);
  return injected;
}

}  // namespace iommufd_conform::fuzz
