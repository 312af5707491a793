// main() of every suite binary: picks the backend, then runs GoogleTest.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/utsname.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <optional>
#include <string_view>

#include "harness/backend/diff_backend.h"
#include "harness/backend/kernel_backend.h"
#include "harness/backend/model_backend.h"
#include "reference/model/profile.h"
#include "reference/model/user_memory.h"
#include "suites/support/case_stream_listener.h"
#include "suites/faults/model_fault_registry.h"
#include "suites/support/census_backend.h"
#include "suites/support/divergence_listener.h"
#include "suites/support/suite_backend.h"

namespace iommufd_conform {
namespace {

int Usage(const char* why) {
  std::fprintf(stderr,
               "suite: %s\nusage: suite [gtest flags] --backend=kernel|model|diff "
               "[--platform=none|vtd|smmuv3|amd|virtio] [--model-kernel=6.12|7.2|7.3] "
               "[--diff-report=FILE] [--census=FILE] [--case-stream] [--model-fault=NAME]\n"
               "  diff: each call on the kernel and the model; --model-kernel defaults to the "
               "running kernel's version\n"
               "  census: the calls made, by ioctl and selftest op, one 'NAME ok failed' line "
               "each\n"
               "  case-stream: each case's start and result as a line on stdout\n"
               "  model-fault: a deliberate model bug (suites/faults/model_fault_registry.cc)\n",
               why);
  return 2;
}

// "7.2" for a kernel whose release is "7.2.0-rc1+": the model profile it corresponds to.
std::string RunningKernelVersion() {
  utsname name{};
  uname(&name);
  std::string_view release = name.release;
  size_t first = release.find('.');
  size_t second = first == std::string_view::npos ? first : release.find_first_of(".-+", first + 1);
  return std::string(release.substr(0, second));
}

// The differential backend and the listener that turns its divergences into failures.
int InstallDiffBackend(std::string version, model::Platform platform, model::ModelFault fault,
                       const std::string& report_path, DiffBackend** installed) {
  auto profile = model::KernelProfileFor(version);
  if (!profile) return Usage(("no model profile for kernel " + version).c_str());
  // The model reads the caller's memory with process_vm_readv; without it every call would
  // "diverge" with EFAULT, so refuse plainly instead.
  uint64_t probe = 1, copy = 0;
  if (model::UserMemory::CopyFrom(&copy, reinterpret_cast<uintptr_t>(&probe), sizeof(copy))) {
    std::fprintf(stderr,
                 "suite: the model cannot read this process's memory here (process_vm_readv "
                 "fails: a kernel without CONFIG_CROSS_MEMORY_ATTACH?); --backend=diff needs "
                 "it\n");
    return 2;
  }
  ManifestParse manifest = ParseDivergenceManifest(EmbeddedDivergenceManifest());
  for (const std::string& error : manifest.errors) {
    std::fprintf(stderr, "suite: reference/divergences.txt: %s\n", error.c_str());
  }
  if (!manifest.errors.empty()) return 2;
  model::ModelConfig config{*profile, platform};
  config.fault = fault;
  auto model = std::make_unique<ModelBackend>(config);
  SetSuiteModel(&model->model());
  auto diff = std::make_unique<DiffBackend>(
      std::make_unique<KernelBackend>(), std::move(model),
      DiffTarget{version, platform}, std::move(manifest.manifest));
  testing::UnitTest::GetInstance()->listeners().Append(
      new DivergenceListener(*diff, report_path));  // gtest owns listeners
  *installed = diff.get();
  SetSuiteBackend(std::move(diff));
  return 0;
}

// Writes the census when the cases are done.
class CensusWriter final : public testing::EmptyTestEventListener {
 public:
  CensusWriter(const CensusBackend& backend, std::string path)
      : backend_(backend), path_(std::move(path)) {}
  void OnTestProgramEnd(const testing::UnitTest&) override {
    std::ofstream out(path_);
    out << FormatCallCensus(backend_.census());
    if (!out) std::fprintf(stderr, "suite: cannot write %s\n", path_.c_str());
  }

 private:
  const CensusBackend& backend_;
  std::string path_;
};

void InstallCensus(const std::string& path) {
  auto census = std::make_unique<CensusBackend>(TakeSuiteBackend());
  testing::UnitTest::GetInstance()->listeners().Append(new CensusWriter(*census, path));
  SetSuiteBackend(std::move(census));
}

}  // namespace
}  // namespace iommufd_conform

int main(int argc, char** argv) {
  using namespace iommufd_conform;
  testing::InitGoogleMock(&argc, argv);
  std::string_view backend = "kernel";
  std::optional<std::string_view> kernel;
  std::string_view platform = "none";
  std::string diff_report;
  std::string census;
  DiffBackend* diff = nullptr;
  bool case_stream = false;
  std::string_view model_fault;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    auto value = [&](std::string_view flag) -> std::optional<std::string_view> {
      if (arg.substr(0, flag.size()) == flag) return arg.substr(flag.size());
      return std::nullopt;
    };
    if (auto v = value("--backend=")) backend = *v;
    else if (auto v = value("--model-kernel=")) kernel = *v;
    else if (auto v = value("--platform=")) platform = *v;
    else if (auto v = value("--diff-report=")) diff_report = *v;
    else if (auto v = value("--census=")) census = *v;
    else if (arg == "--case-stream") case_stream = true;
    else if (auto v = value("--model-fault=")) model_fault = *v;
    else return Usage(("unknown argument " + std::string(arg)).c_str());
  }
  auto suite_platform = model::ParsePlatform(platform);
  if (!suite_platform) return Usage("unknown --platform");
  SetSuitePlatform(*suite_platform);
  // First, so that it sees the properties later listeners record on a case.
  if (case_stream) testing::UnitTest::GetInstance()->listeners().Append(new CaseStreamListener);
  model::ModelFault fault = model::ModelFault::kNone;
  if (!model_fault.empty()) {
    const ModelFaultSpec* spec = FindModelFault(model_fault);
    if (!spec) return Usage("unknown --model-fault");
    fault = spec->fault;
  }
  if (backend == "kernel") {
    SetSuiteBackend(std::make_unique<KernelBackend>());
    SetSuiteTarget({true, RunningKernelVersion()});
  } else if (backend == "model") {
    std::string_view version = kernel.value_or("7.2");
    auto profile = model::KernelProfileFor(version);
    if (!profile) return Usage("unknown --model-kernel");
    model::ModelConfig config{*profile, *suite_platform};
    config.fault = fault;
    auto model = std::make_unique<ModelBackend>(config);
    SetSuiteModel(&model->model());
    SetSuiteBackend(std::move(model));
    SetSuiteTarget({false, std::string(version)});
  } else if (backend == "diff") {
    std::string version = kernel ? std::string(*kernel) : RunningKernelVersion();
    SetSuiteTarget({true, version});
    if (int status = InstallDiffBackend(version, *suite_platform, fault, diff_report, &diff)) {
      return status;
    }
  } else {
    return Usage("unknown --backend");
  }
  if (!census.empty()) InstallCensus(census);
  int status = RUN_ALL_TESTS();
  // A differential run that compared nothing proved nothing, whatever its cases said.
  if (diff && diff->summary().calls > 0 && diff->summary().compared == 0) {
    std::fprintf(stderr, "suite: the differential run compared none of its %d calls\n",
                 diff->summary().calls);
    return 1;
  }
  return status;
}
