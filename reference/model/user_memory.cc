#include "reference/model/user_memory.h"

#include <pthread.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <atomic>
#include <cerrno>
#include <optional>
#include <vector>

#include "reference/model/caller.h"
#include "reference/model/guarded_copy.h"

namespace iommufd_conform::model {
namespace {

// getpid() is a system call on every call; the pid only changes in a fork's child.
std::atomic<pid_t> self_pid{0};

pid_t SelfPid() {
  pid_t pid = self_pid.load(std::memory_order_relaxed);
  if (pid == 0) {
    static const bool registered = [] {
      return pthread_atfork(nullptr, nullptr, [] { self_pid.store(0); }) == 0;
    }();
    pid = getpid();
    if (registered) self_pid.store(pid, std::memory_order_relaxed);
  }
  return pid;
}

std::atomic<UserMemory::Guard> guard_mode{UserMemory::Guard::kOwned};

// process_vm_{read,write}v on our own pid reports bad addresses as EFAULT instead of
// faulting, which is exactly copy_{from,to}_user's contract, at a system call per copy.
size_t SystemTransfer(pid_t pid, void* local, uint64_t remote, size_t length, bool to_user) {
  if (length == 0) return 0;
  iovec local_iov{local, length};
  iovec remote_iov{reinterpret_cast<void*>(remote), length};
  ssize_t done = to_user ? process_vm_writev(pid, &local_iov, 1, &remote_iov, 1, 0)
                         : process_vm_readv(pid, &local_iov, 1, &remote_iov, 1, 0);
  return done < 0 ? 0 : static_cast<size_t>(done);
}

// arm64: copies refuse an address with a tag in its top byte unless the process enabled
// the tagged address ABI (7.2 smmuv3, differential fuzzer); the CPU would ignore the tag.
bool RefusedTag(uint64_t address) {
#if defined(__aarch64__)
  static const bool tagged_abi = [] {
    int control = prctl(PR_GET_TAGGED_ADDR_CTRL, 0, 0, 0, 0);
    return control > 0 && (control & PR_TAGGED_ADDR_ENABLE);
  }();
  return !tagged_abi && (address >> 56) != 0;
#else
  (void)address;
  return false;
#endif
}

// Returns the bytes moved: the guarded copy where it can be used, else the system call.
// Another process's memory is reached as the kernel reaches a task's mm, through the system
// call; a process that has exited has none left.
size_t Transfer(void* local, uint64_t remote, size_t length, bool to_user) {
  if (length && RefusedTag(remote)) return 0;
  const CallerProcess& caller = *CurrentCaller();
  if (!caller.IsSelf()) {
    return caller.Alive() ? SystemTransfer(caller.pid(), local, remote, length, to_user) : 0;
  }
  UserMemory::Guard mode = guard_mode.load(std::memory_order_relaxed);
  if (mode != UserMemory::Guard::kOff) {
    if (std::optional<size_t> done = GuardedCopy(local, remote, length, to_user,
                                                 mode == UserMemory::Guard::kShared)) {
      return *done;
    }
  }
  return SystemTransfer(SelfPid(), local, remote, length, to_user);
}

thread_local bool writes_dropped = false;

}  // namespace

UserMemory::DroppedWrites::DroppedWrites(bool drop) : previous_(writes_dropped) {
  writes_dropped = previous_ || drop;
}

UserMemory::DroppedWrites::~DroppedWrites() { writes_dropped = previous_; }

void UserMemory::SetGuard(Guard guard) { guard_mode.store(guard, std::memory_order_relaxed); }

int UserMemory::CopyFrom(void* dst, uint64_t user_address, size_t length) {
  return Transfer(dst, user_address, length, false) == length ? 0 : EFAULT;
}

size_t UserMemory::CopyFromPrefix(void* dst, uint64_t user_address, size_t length) {
  return Transfer(dst, user_address, length, false);
}

int UserMemory::CopyTo(uint64_t user_address, const void* src, size_t length) {
  if (writes_dropped) return 0;
  return Transfer(const_cast<void*>(src), user_address, length, true) == length ? 0 : EFAULT;
}

bool UserMemory::AccessOk(uint64_t address, uint64_t length) {
  // The kernel's highest user address (TASK_SIZE_MAX - 1): x86-64 has 47 bits, 56 with
  // 5-level paging (which /proc/cpuinfo then lists as la57); arm64 48, or 52 on kernels built
  // for 52-bit addresses (ours), which then honour mmap hints above 2^48 (found by the arm64
  // differential fuzzer: a tail reaching past 2^48 is read, not refused).
  static const uint64_t last = [] {
#if defined(__x86_64__)
    bool la57 = false;
    if (std::FILE* cpuinfo = std::fopen("/proc/cpuinfo", "r")) {
      char line[4096];
      while (!la57 && std::fgets(line, sizeof(line), cpuinfo)) {
        la57 = std::strncmp(line, "flags", 5) == 0 && std::strstr(line, " la57");
      }
      std::fclose(cpuinfo);
    }
    uint64_t page = static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
    return (uint64_t{1} << (la57 ? 56 : 47)) - page - 1;
#else
    uint64_t page = static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
    void* probe = mmap(reinterpret_cast<void*>(uint64_t{1} << 50), page, PROT_NONE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    bool va52 = probe != MAP_FAILED;
    if (va52) munmap(probe, page);
    return (uint64_t{1} << (va52 ? 52 : 48)) - 1;
#endif
  }();
  uint64_t end;
  return !__builtin_add_overflow(address, length, &end) && end <= last;
}

bool UserMemory::IsMapped(uint64_t address, uint64_t length) {
  static const uint64_t page = static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
  uint64_t start = address & ~(page - 1);
  uint64_t end = address + length;
  if (end < address) return false;
  std::vector<unsigned char> residency(16);
  for (uint64_t at = start; at < end;) {
    uint64_t chunk = std::min<uint64_t>(end - at, 16 * page);
    // mincore fails with ENOMEM exactly when part of the range is unmapped.
    if (mincore(reinterpret_cast<void*>(at), chunk, residency.data()) != 0) return false;
    at += (chunk + page - 1) & ~(page - 1);
  }
  return true;
}

}  // namespace iommufd_conform::model
