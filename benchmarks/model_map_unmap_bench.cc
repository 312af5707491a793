// The cost of one IOAS map + unmap pair on the reference model with N areas already mapped,
// next to a bare std::map insert + erase at the same N, measured in the same run:
//   BM_StdMapInsertErase/N      std::map<uint64_t, uint64_t> insert + erase of a key
//   BM_IoPagetableMapUnmap/N    the model's io_pagetable core: IoPagetable::Map + Unmap
//   BM_ModelIoctlMapUnmap/N     the whole uAPI path: Model::Ioctl with IOAS_MAP + IOAS_UNMAP
//   BM_ModelIoctlSyscallCopy/N  the same with the caller's structs copied by process_vm_*
//                               (UserMemory::Guard::kOff) instead of the fault guard
// After the runs it prints each path's cost relative to std::map at 10,000 areas and the
// least-squares slope of cost against log2(N), both in CPU time: the machine may be shared.
// With --benchmark_repetitions=R each figure is the least of the R runs, since a busy
// machine only ever adds time.
//
// Extra flag (before the benchmark library's own): --max_areas=N (default 1000000).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "benchmarks/hole_sequence.h"
#include "reference/model/io_pagetable.h"
#include "reference/model/model.h"
#include "reference/model/profile.h"
#include "reference/model/user_memory.h"
#include "reference/uapi/iommufd.h"

namespace iommufd_conform {
namespace {

using namespace uapi;
using bench::HoleSequence;

constexpr uint64_t kPage = 4096;
// Area k lives at kBase + 2 * k * kPage; the page after it is the hole a pair maps into.
constexpr uint64_t kBase = 1ull << 32;

uint64_t AreaIova(uint64_t k) { return kBase + 2 * k * kPage; }
uint64_t HoleIova(uint64_t k) { return AreaIova(k) + kPage; }

model::ModelConfig Config() { return {*model::KernelProfileFor("7.2")}; }

// Building 10^6 areas takes seconds, and the library calls each benchmark several times
// while it settles on an iteration count: the last one built is kept. Every pair leaves
// the structure as it found it.
template <typename Fixture>
Fixture& Cached(uint64_t areas) {
  static std::unique_ptr<Fixture> fixture;
  if (!fixture || fixture->areas != areas) {
    fixture.reset();
    fixture = std::make_unique<Fixture>(areas);
  }
  return *fixture;
}

struct StdMapFixture {
  explicit StdMapFixture(uint64_t n) : areas(n) {
    for (uint64_t k = 0; k < n; ++k) map.emplace(AreaIova(k), AreaIova(k) + kPage - 1);
  }
  uint64_t areas;
  std::map<uint64_t, uint64_t> map;
};

void BM_StdMapInsertErase(benchmark::State& state) {
  auto& fixture = Cached<StdMapFixture>(state.range(0));
  HoleSequence holes(fixture.areas, HoleIova(0), 2 * kPage);
  for (auto _ : state) {
    uint64_t iova = holes.Next();
    auto [it, inserted] = fixture.map.emplace(iova, iova + kPage - 1);
    benchmark::DoNotOptimize(inserted);
    // By key, as IOAS_UNMAP is given an IOVA rather than a position in the tree.
    benchmark::DoNotOptimize(fixture.map.erase(iova));
  }
}

struct IoPagetableFixture {
  explicit IoPagetableFixture(uint64_t n) : areas(n), config(Config()), iopt(config) {
    pages = std::make_shared<const model::Pages>(model::Pages{user_va, kPage, true});
    for (uint64_t k = 0; k < n; ++k) {
      uint64_t iova = AreaIova(k);
      if (iopt.Map(pages, 0, kPage, true, true, &iova)) std::abort();
    }
  }
  uint64_t areas;
  model::ModelConfig config;
  model::IoPagetable iopt;
  // Without a domain nothing is pinned, so every area may name the same user page.
  uint64_t user_va = 0x10000000;
  std::shared_ptr<const model::Pages> pages;
};

void BM_IoPagetableMapUnmap(benchmark::State& state) {
  auto& fixture = Cached<IoPagetableFixture>(state.range(0));
  HoleSequence holes(fixture.areas, HoleIova(0), 2 * kPage);
  for (auto _ : state) {
    uint64_t iova = holes.Next();
    uint64_t unmapped;
    int map_error = fixture.iopt.Map(fixture.pages, 0, kPage, true, true, &iova);
    int unmap_error = fixture.iopt.Unmap(iova, kPage, &unmapped);
    if (map_error || unmap_error) state.SkipWithError("map/unmap failed");
  }
}

struct ModelFixture {
  explicit ModelFixture(uint64_t n) : areas(n), model(Config()) {
    fd = static_cast<int>(model.OpenIommufd().ret);
    IommuIoasAlloc alloc{sizeof(alloc), 0, 0};
    if (!model.Ioctl(fd, kIoctlIoasAlloc, Address(&alloc)).ok()) std::abort();
    ioas = alloc.out_ioas_id;
    for (uint64_t k = 0; k < n; ++k) {
      if (Map(AreaIova(k))) std::abort();
    }
  }
  static uint64_t Address(const void* p) { return reinterpret_cast<uintptr_t>(p); }
  int Map(uint64_t iova) {
    IommuIoasMap map{};
    map.size = sizeof(map);
    map.flags = kIommuIoasMapFixedIova | kIommuIoasMapReadable | kIommuIoasMapWriteable;
    map.ioas_id = ioas;
    map.user_va = Address(buffer);
    map.length = kPage;
    map.iova = iova;
    return model.Ioctl(fd, kIoctlIoasMap, Address(&map)).error;
  }
  int Unmap(uint64_t iova) {
    IommuIoasUnmap unmap{sizeof(unmap), ioas, iova, kPage};
    return model.Ioctl(fd, kIoctlIoasUnmap, Address(&unmap)).error;
  }
  uint64_t areas;
  model::Model model;
  int fd;
  uint32_t ioas;
  alignas(4096) char buffer[kPage] = {};
};

void MapUnmapThroughIoctls(benchmark::State& state, model::UserMemory::Guard guard) {
  auto& fixture = Cached<ModelFixture>(state.range(0));
  HoleSequence holes(fixture.areas, HoleIova(0), 2 * kPage);
  model::UserMemory::SetGuard(guard);
  for (auto _ : state) {
    uint64_t iova = holes.Next();
    if (fixture.Map(iova) || fixture.Unmap(iova)) state.SkipWithError("map/unmap failed");
  }
  model::UserMemory::SetGuard(model::UserMemory::Guard::kOwned);
}

void BM_ModelIoctlMapUnmap(benchmark::State& state) {
  MapUnmapThroughIoctls(state, model::UserMemory::Guard::kOwned);
}

void BM_ModelIoctlSyscallCopy(benchmark::State& state) {
  MapUnmapThroughIoctls(state, model::UserMemory::Guard::kOff);
}

// Keeps every run's time per iteration (ns) by family and N for the summary.
class SummaryReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      if (run.error_occurred || run.run_type != Run::RT_Iteration) continue;
      std::string name = run.benchmark_name();
      // "BM_Family/N", with "/repeats:R" after it when repeated.
      size_t slash = name.find('/');
      if (slash == std::string::npos) continue;
      double ns = run.GetAdjustedCPUTime() *
                  (run.time_unit == benchmark::kNanosecond ? 1.0
                   : run.time_unit == benchmark::kMicrosecond ? 1e3
                   : run.time_unit == benchmark::kMillisecond ? 1e6 : 1e9);
      double& kept = results_[name.substr(0, slash)][std::stoull(name.substr(slash + 1))];
      kept = kept == 0 ? ns : std::min(kept, ns);
    }
    ConsoleReporter::ReportRuns(runs);
  }

  void PrintSummary() const {
    auto baseline = results_.find("BM_StdMapInsertErase");
    std::printf("\nsummary (ns per pair; slope = least-squares ns per doubling of N)\n");
    for (const auto& [family, by_n] : results_) {
      std::printf("  %-24s", family.c_str());
      double sx = 0, sy = 0, sxx = 0, sxy = 0;
      for (const auto& [n, ns] : by_n) {
        double x = std::log2(static_cast<double>(n));
        sx += x;
        sy += ns;
        sxx += x * x;
        sxy += x * ns;
      }
      double count = static_cast<double>(by_n.size());
      if (by_n.size() >= 2) {
        std::printf(" slope %.2f ns/doubling",
                    (count * sxy - sx * sy) / (count * sxx - sx * sx));
      }
      auto at = by_n.find(10000);
      if (at != by_n.end() && baseline != results_.end() && baseline->second.count(10000)) {
        std::printf("  at 10000: %.1f ns = %.2f x std::map", at->second,
                    at->second / baseline->second.at(10000));
      }
      std::printf("\n    x std::map by N:");
      for (const auto& [n, ns] : by_n) {
        if (baseline != results_.end() && baseline->second.count(n)) {
          std::printf(" %llu:%.2f", static_cast<unsigned long long>(n),
                      ns / baseline->second.at(n));
        }
      }
      std::printf("\n");
    }
  }

 private:
  std::map<std::string, std::map<uint64_t, double>> results_;
};

}  // namespace
}  // namespace iommufd_conform

int main(int argc, char** argv) {
  using namespace iommufd_conform;
  int64_t max_areas = 1000000;
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    if (std::strncmp(argv[i], "--max_areas=", 12) == 0) {
      max_areas = std::atoll(argv[i] + 12);
    } else {
      args.push_back(argv[i]);
    }
  }
  int count = static_cast<int>(args.size());
  benchmark::Initialize(&count, args.data());
  for (auto* bench : {benchmark::RegisterBenchmark("BM_StdMapInsertErase", BM_StdMapInsertErase),
                      benchmark::RegisterBenchmark("BM_IoPagetableMapUnmap",
                                                   BM_IoPagetableMapUnmap),
                      benchmark::RegisterBenchmark("BM_ModelIoctlMapUnmap",
                                                   BM_ModelIoctlMapUnmap),
                      benchmark::RegisterBenchmark("BM_ModelIoctlSyscallCopy",
                                                   BM_ModelIoctlSyscallCopy)}) {
    for (int64_t n = 1; n <= max_areas; n *= 10) bench->Arg(n);
  }
  SummaryReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  reporter.PrintSummary();
  benchmark::Shutdown();
  return 0;
}
