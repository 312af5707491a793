#include "reference/model/user_pages.h"

#include <fcntl.h>
#include <pthread.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <mutex>
#include <string>

#include "reference/model/caller.h"
#include "reference/model/user_memory.h"

namespace iommufd_conform::model {
namespace {

// PROCMAP_QUERY (Linux 6.11+): the VMA covering an address, asked of /proc/self/maps by
// ioctl instead of reading and parsing the whole text, which the model did on every pin
// check and which dominated the fuzzers' time. Declared here because older libc headers
// lack it; the layout is the kernel's uAPI (include/uapi/linux/fs.h).
struct ProcmapQuery {
  uint64_t size;
  uint64_t query_flags;
  uint64_t query_addr;
  uint64_t vma_start;
  uint64_t vma_end;
  uint64_t vma_flags;
  uint64_t vma_page_size;
  uint64_t vma_offset;
  uint64_t inode;
  uint32_t dev_major;
  uint32_t dev_minor;
  uint32_t vma_name_size;
  uint32_t build_id_size;
  uint64_t vma_name_addr;
  uint64_t build_id_addr;
};
static_assert(sizeof(ProcmapQuery) == 104);
constexpr unsigned long kProcmapQuery = _IOWR('f', 17, ProcmapQuery);
constexpr uint64_t kVmaReadable = 0x01;
constexpr uint64_t kVmaWritable = 0x02;

enum class Answer { kYes, kNo, kUnsupported };

// Whether every page of [start, end) of a file mapping is there: past the file's end a
// touch faults (SIGBUS) and pinning fails with EFAULT (found by the arm64 differential
// fuzzer on its memfd mapping). Each page is read once under the fault guard, bringing it in
// as pinning would.
bool FilePagesPresent(uint64_t start, uint64_t end) {
  const uint64_t page = CpuPageSize();
  for (uint64_t at = start & ~(page - 1); at < end; at += page) {
    unsigned char byte;
    if (UserMemory::CopyFrom(&byte, at, 1) != 0) return false;
  }
  return true;
}

// /proc/self/maps, opened once per process: opening it for every pin check cost a tenth of
// the model fuzzer's time. A forked child closes its copy (it names the parent) and opens
// its own.
std::atomic<int> maps_fd{-1};

int MapsFd() {
  static std::once_flag registered;
  std::call_once(registered, [] {
    pthread_atfork(nullptr, nullptr, [] {
      int inherited = maps_fd.exchange(-1);
      if (inherited >= 0) close(inherited);
    });
  });
  int fd = maps_fd.load();
  if (fd >= 0) return fd;
  fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
  int expected = -1;
  if (fd >= 0 && !maps_fd.compare_exchange_strong(expected, fd)) {
    close(fd);  // another thread got there first
    fd = expected;
  }
  return fd;
}

// Asks `fd`, an open maps file, for each VMA of [address, end).
Answer QueryVmasOf(int fd, uint64_t address, uint64_t end, bool writable) {
  Answer answer = Answer::kYes;
  for (uint64_t at = address; at < end;) {
    ProcmapQuery query{};
    query.size = sizeof(query);
    query.query_addr = at;  // no flags: only a VMA that covers `at`
    if (ioctl(fd, kProcmapQuery, &query) != 0) {
      answer = errno == ENOENT ? Answer::kNo : Answer::kUnsupported;
      break;
    }
    if (!(query.vma_flags & kVmaReadable) || (writable && !(query.vma_flags & kVmaWritable)) ||
        (query.inode && !FilePagesPresent(at, std::min(end, query.vma_end)))) {
      answer = Answer::kNo;
      break;
    }
    at = query.vma_end;
  }
  return answer;
}

// The maps of the caller's process: the cached descriptor for our own, a new one for another
// process (its mappings are asked of its /proc entry, which needs the right to ptrace it).
std::string MapsPath(const CallerProcess& caller) {
  return caller.IsSelf() ? "/proc/self/maps" : "/proc/" + std::to_string(caller.pid()) + "/maps";
}

Answer QueryVmas(const CallerProcess& caller, uint64_t address, uint64_t end, bool writable) {
  if (!caller.IsSelf()) {
    int fd = open(MapsPath(caller).c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Answer::kUnsupported;
    Answer answer = QueryVmasOf(fd, address, end, writable);
    close(fd);
    return answer;
  }
  int fd = MapsFd();
  if (fd < 0) return Answer::kUnsupported;
  Answer answer = QueryVmasOf(fd, address, end, writable);
  // A caller may have closed the descriptor under us: open it again next time.
  if (answer == Answer::kUnsupported && (errno == EBADF || errno == ENOTTY)) {
    maps_fd.compare_exchange_strong(fd, -1);
  }
  return answer;
}
// Kernels before 6.11: the text of the maps, sorted by address.
bool ScanMaps(const CallerProcess& caller, uint64_t address, uint64_t end, bool writable) {
  std::FILE* maps = std::fopen(MapsPath(caller).c_str(), "r");
  if (!maps) return false;
  uint64_t at = address;
  char line[512];
  while (at < end && std::fgets(line, sizeof(line), maps)) {
    uint64_t start, stop, offset, inode = 0;
    unsigned major, minor;
    char perms[5];
    if (std::sscanf(line, "%" SCNx64 "-%" SCNx64 " %4s %" SCNx64 " %x:%x %" SCNu64, &start,
                    &stop, perms, &offset, &major, &minor, &inode) < 3) {
      continue;
    }
    if (stop <= at) continue;
    if (start > at || perms[0] != 'r' || (writable && perms[1] != 'w')) break;
    if (inode && !FilePagesPresent(at, std::min(end, stop))) break;
    at = stop;
  }
  std::fclose(maps);
  return at >= end;
}

}  // namespace

uint64_t CpuPageSize() {
  static const uint64_t page = static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
  return page;
}

uint64_t UntaggedUserAddress(uint64_t address) {
#if defined(__aarch64__)
  constexpr uint64_t kTopByte = uint64_t{0xff} << 56;
  if (!(address & (uint64_t{1} << 55))) return address & ~kTopByte;
#endif
  return address;
}

bool CanPinUserPages(uint64_t address, uint64_t length, bool writable) {
  address = UntaggedUserAddress(address);
  uint64_t end;
  if (length == 0 || __builtin_add_overflow(address, length, &end)) return false;
  // A process that has exited has no pages left to pin (the kernel finds its mm gone).
  const CallerProcess& caller = *CurrentCaller();
  if (!caller.Alive()) return false;
  switch (QueryVmas(caller, address, end, writable)) {
    case Answer::kYes: return true;
    case Answer::kNo: return false;
    case Answer::kUnsupported: return ScanMaps(caller, address, end, writable);
  }
  return false;
}

}  // namespace iommufd_conform::model
