// A payload that misbehaves on request, to check the VM runner itself: exit codes propagate,
// hangs hit the run timeout, kernel panics are caught, the host share is writable, the
// environment arrives.
//   iommufd-conform-vmcheck exit N | hang | panic | write PATH TEXT | getenv NAME

#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string_view>

namespace {

int Usage() {
  std::fprintf(stderr,
               "usage: iommufd-conform-vmcheck exit N | hang | panic | write PATH TEXT | "
               "getenv NAME\n");
  return 2;
}

// Works on any kernel config (no MAGIC_SYSRQ or LKDTM needed): with panic_on_oom set, running
// out of memory panics. MAP_POPULATE makes the kernel fault the pages in, much faster than
// touching them from userspace under TCG.
int Panic() {
  std::ofstream("/proc/sys/vm/panic_on_oom") << "1\n";
  constexpr size_t kChunk = 64 << 20;
  for (;;) {
    void* p = mmap(nullptr, kChunk, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    if (p == MAP_FAILED) {
      std::perror("mmap");
      return 1;
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return Usage();
  std::string_view mode = argv[1];
  if (mode == "exit" && argc == 3) return std::atoi(argv[2]);
  if (mode == "hang") {
    for (;;) pause();
  }
  if (mode == "panic") return Panic();
  if (mode == "write" && argc == 4) {
    std::ofstream out(argv[2]);
    out << argv[3] << '\n';
    return out.good() ? 0 : 1;
  }
  if (mode == "getenv" && argc == 3) {
    const char* value = std::getenv(argv[2]);
    if (value) std::printf("%s=%s\n", argv[2], value);
    return value ? 0 : 1;
  }
  return Usage();
}
