// iommufd-conform-bench: Google Benchmarks of the map/unmap paths of the iommufd uAPI and of
// the VFIO type1 ioctls, run against a Backend: the kernel (in a guest, or the host's
// /dev/iommu) or the reference model. Static, so it runs in guests. Results are Google
// Benchmark's own (--benchmark_out=FILE --benchmark_out_format=json); `iommufd-conform bench`
// runs it and turns the JSON into ratio tables and plots.
//
// Names: Op/front_end/backing/attach/length or LiveAreas/front_end/attach/areas, e.g.
//   MapUnmap/native/anon/device/4096       one IOAS_MAP + IOAS_UNMAP of 4096 bytes
//   LiveAreas/compat/device/10000          map + unmap of one page among 10000 live areas
//   MapFile/native/memfd/none/2097152      IOAS_MAP_FILE + IOAS_UNMAP
//   Copy/native/anon/mock/2097152          IOAS_COPY into a second IOAS + its IOAS_UNMAP
//   DirtyRead/native/anon/mock/33554432    IOMMU_HWPT_GET_DIRTY_BITMAP of the whole range
// A benchmark whose setup the backend refuses (no device, no huge pages, ...) is reported as
// skipped with the reason, never timed.
//
// Own flags, before the library's: --backend=kernel|model (default kernel),
// --model-kernel=VERSION (default 7.2), --sweep=smoke|guest|model (default guest),
// --max-areas=N (caps the live-area sweep).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "benchmarks/uapi/bench_registry.h"
#include "harness/backend/kernel_backend.h"
#include "harness/backend/model_backend.h"
#include "reference/model/profile.h"

namespace {

bool TakeFlag(const char* arg, const char* name, std::string* value) {
  size_t length = std::strlen(name);
  if (std::strncmp(arg, name, length) != 0 || arg[length] != '=') return false;
  *value = arg + length + 1;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace iommufd_conform;
  std::string backend_name = "kernel", model_kernel = "7.2", sweep_name = "guest",
              max_areas = "1000000";
  std::vector<char*> rest = {argv[0]};
  for (int i = 1; i < argc; ++i) {
    if (TakeFlag(argv[i], "--backend", &backend_name) ||
        TakeFlag(argv[i], "--model-kernel", &model_kernel) ||
        TakeFlag(argv[i], "--sweep", &sweep_name) ||
        TakeFlag(argv[i], "--max-areas", &max_areas)) {
      continue;
    }
    rest.push_back(argv[i]);
  }
  auto sweep = bench::ParseSweep(sweep_name);
  if (!sweep) {
    std::fprintf(stderr, "iommufd-conform-bench: --sweep must be smoke, guest or model\n");
    return 2;
  }
  std::unique_ptr<Backend> backend;
  if (backend_name == "kernel") {
    backend = std::make_unique<KernelBackend>();
  } else if (backend_name == "model") {
    auto profile = model::KernelProfileFor(model_kernel);
    if (!profile) {
      std::fprintf(stderr, "iommufd-conform-bench: no model profile for %s\n",
                   model_kernel.c_str());
      return 2;
    }
    backend = std::make_unique<ModelBackend>(model::ModelConfig{*profile});
  } else {
    std::fprintf(stderr, "iommufd-conform-bench: --backend must be kernel or model\n");
    return 2;
  }
  int rest_argc = static_cast<int>(rest.size());
  benchmark::Initialize(&rest_argc, rest.data());
  if (benchmark::ReportUnrecognizedArguments(rest_argc, rest.data())) return 2;
  benchmark::AddCustomContext("iommufd_backend",
                              backend_name == "model" ? "model " + model_kernel : "kernel");
  benchmark::AddCustomContext("iommufd_sweep", sweep_name);
  bench::RegisterSweep(*backend, *sweep, std::strtoull(max_areas.c_str(), nullptr, 10),
                       backend_name == "kernel");
  benchmark::RunSpecifiedBenchmarks();
  bench::ReleaseCachedFixture();
  benchmark::Shutdown();
  return 0;
}
