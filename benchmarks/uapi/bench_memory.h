#ifndef IOMMUFD_CONFORM_BENCHMARKS_UAPI_BENCH_MEMORY_H_
#define IOMMUFD_CONFORM_BENCHMARKS_UAPI_BENCH_MEMORY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace iommufd_conform::bench {

// How the user memory behind a mapping is backed.
enum class Backing { kAnon, kThp, kHugetlb, kMemfd };

std::string_view BackingName(Backing backing);
std::optional<Backing> ParseBacking(std::string_view name);

// `length` bytes of user memory (at least one page), unmapped on destruction. `touch` faults
// every page in first, so the first timed map does not pay for it and later ones do not skip it.
class BenchMemory {
 public:
  static std::optional<BenchMemory> Create(Backing backing, uint64_t length, bool touch,
                                           std::string* error);
  BenchMemory(BenchMemory&& other) noexcept;
  BenchMemory& operator=(BenchMemory&&) = delete;
  ~BenchMemory();

  void* data() const { return data_; }
  uint64_t length() const { return length_; }
  int memfd() const { return memfd_; }  // -1 unless kMemfd

 private:
  BenchMemory(void* mapping, uint64_t mapping_length, void* data, uint64_t length, int memfd)
      : mapping_(mapping), mapping_length_(mapping_length), data_(data), length_(length),
        memfd_(memfd) {}
  void* mapping_;
  uint64_t mapping_length_;
  void* data_;
  uint64_t length_;
  int memfd_;
};

}  // namespace iommufd_conform::bench

#endif  // IOMMUFD_CONFORM_BENCHMARKS_UAPI_BENCH_MEMORY_H_
