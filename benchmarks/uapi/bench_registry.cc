#include "benchmarks/uapi/bench_registry.h"

#include <benchmark/benchmark.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "benchmarks/hole_sequence.h"
#include "benchmarks/uapi/bench_memory.h"
#include "benchmarks/uapi/bench_session.h"

namespace iommufd_conform::bench {
namespace {

constexpr uint64_t kPage = 4096;
// Inside the selftest mock aperture (16 MiB .. 2 GiB) and clear of the SMMUv3 software MSI
// window at 128 MiB and x86's interrupt range, so every attachment accepts it.
constexpr uint64_t kIovaBase = 1ull << 30;
// Live areas: area k at kAreaBase + 2k pages, the page after it the hole a pair maps into.
constexpr uint64_t kAreaBase = kIovaBase;

Backend* g_backend = nullptr;
bool g_touch = true;

std::string Name(std::string_view op, FrontEnd front_end, std::string_view backing,
                 Attach attach, uint64_t value) {
  return std::string(op) + "/" + std::string(FrontEndName(front_end)) + "/" +
         std::string(backing) + (backing.empty() ? "" : "/") + std::string(AttachName(attach)) +
         "/" + std::to_string(value);
}

void Fail(benchmark::State& state, const std::string& what, int error) {
  state.SkipWithError((what + ": " + std::strerror(error)).c_str());
}

// A map + unmap pair among N live areas. Building 10^6 areas takes seconds and the library
// calls a benchmark several times while it settles on an iteration count, so the last
// fixture is kept until a different benchmark needs the backend.
struct LiveFixture {
  std::string key;
  std::unique_ptr<BenchSession> session;
  std::optional<BenchMemory> memory;
  uint64_t areas = 0;
};
std::unique_ptr<LiveFixture> g_live;

void RunMapUnmap(benchmark::State& state, FrontEnd front_end, Backing backing, Attach attach,
                 uint64_t length) {
  ReleaseCachedFixture();
  std::string error;
  auto memory = BenchMemory::Create(backing, length, g_touch, &error);
  if (!memory) return state.SkipWithError(error.c_str());
  auto session = BenchSession::Open(*g_backend, front_end, attach, &error);
  if (!session) return state.SkipWithError(error.c_str());
  for (auto _ : state) {
    if (int e = session->Map(memory->data(), length, kIovaBase)) return Fail(state, "map", e);
    if (int e = session->Unmap(kIovaBase, length)) return Fail(state, "unmap", e);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * length));
}

void RunMapFile(benchmark::State& state, Attach attach, uint64_t length) {
  ReleaseCachedFixture();
  std::string error;
  auto memory = BenchMemory::Create(Backing::kMemfd, length, g_touch, &error);
  if (!memory) return state.SkipWithError(error.c_str());
  auto session = BenchSession::Open(*g_backend, FrontEnd::kNative, attach, &error);
  if (!session) return state.SkipWithError(error.c_str());
  for (auto _ : state) {
    if (int e = session->MapFile(memory->memfd(), 0, length, kIovaBase)) {
      return Fail(state, "map_file", e);
    }
    if (int e = session->Unmap(kIovaBase, length)) return Fail(state, "unmap", e);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * length));
}

void RunCopy(benchmark::State& state, Attach attach, uint64_t length) {
  ReleaseCachedFixture();
  std::string error;
  auto memory = BenchMemory::Create(Backing::kAnon, length, g_touch, &error);
  if (!memory) return state.SkipWithError(error.c_str());
  auto session = BenchSession::Open(*g_backend, FrontEnd::kNative, attach, &error);
  if (!session) return state.SkipWithError(error.c_str());
  if (int e = session->Map(memory->data(), length, kIovaBase)) return Fail(state, "map", e);
  for (auto _ : state) {
    if (int e = session->Copy(kIovaBase, length, kIovaBase)) return Fail(state, "copy", e);
    if (int e = session->UnmapCopy(kIovaBase, length)) return Fail(state, "unmap copy", e);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * length));
}

void RunDirtyRead(benchmark::State& state, uint64_t length) {
  ReleaseCachedFixture();
  std::string error;
  auto memory = BenchMemory::Create(Backing::kAnon, length, g_touch, &error);
  if (!memory) return state.SkipWithError(error.c_str());
  auto session = BenchSession::Open(*g_backend, FrontEnd::kNative, Attach::kMock, &error);
  if (!session) return state.SkipWithError(error.c_str());
  if (int e = session->EnableDirtyTracking()) return Fail(state, "dirty tracking", e);
  if (int e = session->Map(memory->data(), length, kIovaBase)) return Fail(state, "map", e);
  std::vector<uint64_t> bitmap;
  for (auto _ : state) {
    if (int e = session->ReadDirtyBitmap(kIovaBase, length, &bitmap)) {
      return Fail(state, "get dirty bitmap", e);
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * length));
}

void RunInvalidate(benchmark::State& state, uint32_t entries) {
  ReleaseCachedFixture();
  std::string error;
  auto session = BenchSession::Open(*g_backend, FrontEnd::kNative, Attach::kMock, &error);
  if (!session) return state.SkipWithError(error.c_str());
  for (auto _ : state) {
    if (int e = session->Invalidate(entries)) return Fail(state, "hwpt invalidate", e);
  }
  state.counters["entries"] = static_cast<double>(entries);
}

void RunLiveAreas(benchmark::State& state, FrontEnd front_end, Attach attach, uint64_t areas) {
  std::string key = Name("LiveAreas", front_end, "", attach, areas);
  if (!g_live || g_live->key != key) {
    ReleaseCachedFixture();
    auto fixture = std::make_unique<LiveFixture>();
    fixture->key = key;
    std::string error;
    auto memory = BenchMemory::Create(Backing::kAnon, kPage, g_touch, &error);
    if (!memory) return state.SkipWithError(error.c_str());
    fixture->memory.emplace(std::move(*memory));
    fixture->session = BenchSession::Open(*g_backend, front_end, attach, &error);
    if (!fixture->session) return state.SkipWithError(error.c_str());
    // Every area maps the same user page: only the IOVA tree grows.
    for (uint64_t k = 0; k < areas; ++k) {
      if (int e = fixture->session->Map(fixture->memory->data(), kPage, kAreaBase + 2 * k * kPage)) {
        return Fail(state, "building area " + std::to_string(k), e);
      }
    }
    fixture->areas = areas;
    g_live = std::move(fixture);
  }
  HoleSequence holes(areas, kAreaBase + kPage, 2 * kPage);
  for (auto _ : state) {
    uint64_t iova = holes.Next();
    if (int e = g_live->session->Map(g_live->memory->data(), kPage, iova)) {
      return Fail(state, "map", e);
    }
    if (int e = g_live->session->Unmap(iova, kPage)) return Fail(state, "unmap", e);
  }
  state.counters["areas"] = static_cast<double>(areas);
}

void Register(const std::string& name, auto body) {
  benchmark::RegisterBenchmark(name.c_str(), body)->Unit(benchmark::kMicrosecond);
}

void RegisterMapUnmap(FrontEnd front_end, Backing backing, Attach attach, uint64_t length) {
  Register(Name("MapUnmap", front_end, BackingName(backing), attach, length),
           [=](benchmark::State& state) { RunMapUnmap(state, front_end, backing, attach, length); });
}

void RegisterLiveAreas(FrontEnd front_end, Attach attach, uint64_t areas) {
  Register(Name("LiveAreas", front_end, "", attach, areas),
           [=](benchmark::State& state) { RunLiveAreas(state, front_end, attach, areas); });
}

void RegisterOthers(const std::vector<Attach>& map_file_attach,
                    const std::vector<Attach>& copy_attach, const std::vector<uint64_t>& lengths) {
  for (Attach attach : map_file_attach) {
    for (uint64_t length : lengths) {
      Register(Name("MapFile", FrontEnd::kNative, "memfd", attach, length),
               [=](benchmark::State& state) { RunMapFile(state, attach, length); });
    }
  }
  for (Attach attach : copy_attach) {
    for (uint64_t length : lengths) {
      Register(Name("Copy", FrontEnd::kNative, "anon", attach, length),
               [=](benchmark::State& state) { RunCopy(state, attach, length); });
    }
  }
  for (uint32_t entries : {1u, 16u, 256u}) {
    Register(Name("Invalidate", FrontEnd::kNative, "", Attach::kMock, entries),
             [=](benchmark::State& state) { RunInvalidate(state, entries); });
  }
  for (uint64_t length : lengths) {
    if (length < 64 * kPage) continue;  // a bitmap of a few bits says little
    Register(Name("DirtyRead", FrontEnd::kNative, "anon", Attach::kMock, length),
             [=](benchmark::State& state) { RunDirtyRead(state, length); });
  }
}

std::vector<uint64_t> Decades(uint64_t max) {
  std::vector<uint64_t> values;
  for (uint64_t n = 1; n <= max; n *= 10) values.push_back(n);
  return values;
}

}  // namespace

std::optional<Sweep> ParseSweep(std::string_view name) {
  if (name == "smoke") return Sweep::kSmoke;
  if (name == "guest") return Sweep::kGuest;
  if (name == "model") return Sweep::kModel;
  return std::nullopt;
}

void ReleaseCachedFixture() { g_live.reset(); }

void RegisterSweep(Backend& backend, Sweep sweep, uint64_t max_areas, bool touch_memory) {
  g_backend = &backend;
  g_touch = touch_memory;
  const FrontEnd kAllFrontEnds[] = {FrontEnd::kNative, FrontEnd::kCompat, FrontEnd::kContainer};
  const Backing kAllBackings[] = {Backing::kAnon, Backing::kThp, Backing::kHugetlb,
                                  Backing::kMemfd};
  switch (sweep) {
    case Sweep::kSmoke: {
      for (FrontEnd front_end : {FrontEnd::kNative, FrontEnd::kCompat}) {
        for (Backing backing : {Backing::kAnon, Backing::kMemfd}) {
          for (Attach attach : {Attach::kNone, Attach::kMock}) {
            RegisterMapUnmap(front_end, backing, attach, kPage);
          }
        }
      }
      for (uint64_t areas : {uint64_t{1}, uint64_t{64}}) {
        if (areas <= max_areas) RegisterLiveAreas(FrontEnd::kNative, Attach::kNone, areas);
      }
      RegisterOthers({Attach::kNone}, {Attach::kNone}, {kPage, 64 * kPage});
      break;
    }
    case Sweep::kGuest: {
      const std::vector<uint64_t> lengths = {kPage, 16 * kPage, 512 * kPage, 8192 * kPage};
      for (FrontEnd front_end : kAllFrontEnds) {
        for (Backing backing : kAllBackings) {
          for (uint64_t length : lengths) {
            RegisterMapUnmap(front_end, backing, Attach::kDevice, length);
          }
        }
      }
      for (Attach attach : {Attach::kNone, Attach::kMock, Attach::kTwoMock}) {
        for (uint64_t length : lengths) {
          RegisterMapUnmap(FrontEnd::kNative, Backing::kAnon, attach, length);
          // Without a device (and so without a container) native against compat still says
          // what the compat layer costs.
          if (attach != Attach::kTwoMock) {
            RegisterMapUnmap(FrontEnd::kCompat, Backing::kAnon, attach, length);
          }
        }
      }
      for (uint64_t areas : {uint64_t{1}, uint64_t{100}, uint64_t{10000}}) {
        if (areas > max_areas) continue;
        for (FrontEnd front_end : kAllFrontEnds) {
          RegisterLiveAreas(front_end, Attach::kDevice, areas);
        }
        RegisterLiveAreas(FrontEnd::kNative, Attach::kNone, areas);
        RegisterLiveAreas(FrontEnd::kNative, Attach::kMock, areas);
      }
      RegisterOthers({Attach::kNone, Attach::kDevice}, {Attach::kNone, Attach::kMock}, lengths);
      break;
    }
    case Sweep::kModel: {
      const std::vector<uint64_t> lengths = {kPage, 16 * kPage, 512 * kPage, 8192 * kPage,
                                             262144 * kPage};
      for (FrontEnd front_end : {FrontEnd::kNative, FrontEnd::kCompat}) {
        for (Backing backing : {Backing::kAnon, Backing::kMemfd}) {
          for (Attach attach : {Attach::kNone, Attach::kMock}) {
            for (uint64_t length : lengths) RegisterMapUnmap(front_end, backing, attach, length);
          }
        }
      }
      for (uint64_t areas : Decades(max_areas)) {
        RegisterLiveAreas(FrontEnd::kNative, Attach::kNone, areas);
        RegisterLiveAreas(FrontEnd::kCompat, Attach::kNone, areas);
      }
      RegisterOthers({Attach::kNone, Attach::kMock}, {Attach::kNone, Attach::kMock}, lengths);
      break;
    }
  }
}

}  // namespace iommufd_conform::bench
