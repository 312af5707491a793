#ifndef IOMMUFD_CONFORM_BENCHMARKS_UAPI_BENCH_REGISTRY_H_
#define IOMMUFD_CONFORM_BENCHMARKS_UAPI_BENCH_REGISTRY_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "harness/backend/backend.h"

namespace iommufd_conform::bench {

// Which set of benchmarks to register:
//   kSmoke  a handful of small cases, for CTest (runs each once, briefly)
//   kGuest  what a TCG guest can afford: the three front ends on a real device for every
//           backing and lengths up to 32 MiB, attachments, live areas up to 10^4
//   kModel  the model on the host: lengths up to 1 GiB, live areas up to 10^6
enum class Sweep { kSmoke, kGuest, kModel };
std::optional<Sweep> ParseSweep(std::string_view name);

// Registers the sweep's benchmarks on `backend`, which must outlive the run. `touch_memory`:
// fault user memory in before timing (pointless for the model, which never pins pages).
void RegisterSweep(Backend& backend, Sweep sweep, uint64_t max_areas, bool touch_memory);

// Tears down the live-area fixture kept between a benchmark's repetitions (it holds the device).
void ReleaseCachedFixture();

}  // namespace iommufd_conform::bench

#endif  // IOMMUFD_CONFORM_BENCHMARKS_UAPI_BENCH_REGISTRY_H_
