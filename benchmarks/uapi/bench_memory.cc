#include "benchmarks/uapi/bench_memory.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace iommufd_conform::bench {
namespace {

constexpr uint64_t kHugeSize = 2ull << 20;  // THP and the default hugetlb size, 4K-page kernels

uint64_t RoundUp(uint64_t value, uint64_t to) { return (value + to - 1) / to * to; }

std::string Errno(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

constexpr const char* kThpEnabled = "/sys/kernel/mm/transparent_hugepage/enabled";

// Whether THP applies to every anonymous mapping, asking for it first (allowed for root).
bool ThpAlways() {
  if (std::FILE* out = std::fopen(kThpEnabled, "w")) {
    std::fputs("always", out);
    std::fclose(out);
  }
  std::FILE* in = std::fopen(kThpEnabled, "r");
  if (!in) return false;
  char line[128] = {};
  bool always = std::fgets(line, sizeof(line), in) && std::strstr(line, "[always]");
  std::fclose(in);
  return always;
}

}  // namespace

std::string_view BackingName(Backing backing) {
  switch (backing) {
    case Backing::kAnon: return "anon";
    case Backing::kThp: return "thp";
    case Backing::kHugetlb: return "hugetlb";
    case Backing::kMemfd: return "memfd";
  }
  return "?";
}

std::optional<Backing> ParseBacking(std::string_view name) {
  for (Backing backing : {Backing::kAnon, Backing::kThp, Backing::kHugetlb, Backing::kMemfd}) {
    if (BackingName(backing) == name) return backing;
  }
  return std::nullopt;
}

std::optional<BenchMemory> BenchMemory::Create(Backing backing, uint64_t length, bool touch,
                                               std::string* error) {
  const uint64_t page = static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
  length = RoundUp(length, page);
  void* mapping = MAP_FAILED;
  uint64_t mapping_length = length;
  void* data = nullptr;
  int memfd = -1;
  switch (backing) {
    case Backing::kAnon:
      mapping = mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      data = mapping;
      break;
    case Backing::kThp: {
      // Over-allocate so the data can start on a huge-page boundary.
      mapping_length = RoundUp(length, kHugeSize) + kHugeSize;
      mapping = mmap(nullptr, mapping_length, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (mapping == MAP_FAILED) break;
      data = reinterpret_cast<void*>(RoundUp(reinterpret_cast<uintptr_t>(mapping), kHugeSize));
      // Guest kernels are tinyconfig ones without ADVISE_SYSCALLS (madvise is ENOSYS); there
      // THP policy "always" gives the aligned range huge pages instead.
      if (madvise(data, RoundUp(length, kHugeSize), MADV_HUGEPAGE) != 0 && !ThpAlways()) {
        *error = Errno("madvise(MADV_HUGEPAGE)") + ", and THP is not \"always\"";
        munmap(mapping, mapping_length);
        return std::nullopt;
      }
      break;
    }
    case Backing::kHugetlb:
      mapping_length = RoundUp(length, kHugeSize);
      mapping = mmap(nullptr, mapping_length, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
      data = mapping;
      break;
    case Backing::kMemfd:
      memfd = memfd_create("iommufd-bench", MFD_CLOEXEC);
      if (memfd < 0) {
        *error = Errno("memfd_create");
        return std::nullopt;
      }
      if (ftruncate(memfd, static_cast<off_t>(length)) != 0) {
        *error = Errno("ftruncate");
        close(memfd);
        return std::nullopt;
      }
      mapping = mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_SHARED, memfd, 0);
      data = mapping;
      break;
  }
  if (mapping == MAP_FAILED) {
    *error = Errno(backing == Backing::kHugetlb ? "mmap(MAP_HUGETLB) (no huge pages reserved?)"
                                                : "mmap");
    if (memfd >= 0) close(memfd);
    return std::nullopt;
  }
  if (touch) std::memset(data, 0x5a, length);
  return BenchMemory(mapping, mapping_length, data, length, memfd);
}

BenchMemory::BenchMemory(BenchMemory&& other) noexcept
    : mapping_(other.mapping_), mapping_length_(other.mapping_length_), data_(other.data_),
      length_(other.length_), memfd_(other.memfd_) {
  other.mapping_ = nullptr;
  other.memfd_ = -1;
}

BenchMemory::~BenchMemory() {
  if (mapping_) munmap(mapping_, mapping_length_);
  if (memfd_ >= 0) close(memfd_);
}

}  // namespace iommufd_conform::bench
