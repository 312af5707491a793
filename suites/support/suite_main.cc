// main() of every suite binary: picks the backend, then runs GoogleTest.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <string_view>

#include "harness/backend/kernel_backend.h"
#include "harness/backend/model_backend.h"
#include "reference/model/profile.h"
#include "suites/support/suite_backend.h"

namespace iommufd_conform {
namespace {

std::unique_ptr<Backend>& Slot() {
  static std::unique_ptr<Backend> backend;
  return backend;
}

int Usage(const char* why) {
  std::fprintf(stderr,
               "suite: %s\nusage: suite [gtest flags] --backend=kernel|model "
               "[--platform=none|vtd|smmuv3|amd|virtio] [--model-kernel=6.12|7.2|7.3]\n",
               why);
  return 2;
}

}  // namespace

Backend& SuiteBackend() { return *Slot(); }

namespace {
model::Platform& PlatformSlot() {
  static model::Platform platform = model::Platform::kNone;
  return platform;
}
}  // namespace

model::Platform SuitePlatform() { return PlatformSlot(); }

void SetSuitePlatform(model::Platform platform) { PlatformSlot() = platform; }

void SetSuiteBackend(std::unique_ptr<Backend> backend) { Slot() = std::move(backend); }

}  // namespace iommufd_conform

int main(int argc, char** argv) {
  using namespace iommufd_conform;
  testing::InitGoogleMock(&argc, argv);
  std::string_view backend = "kernel";
  std::string_view kernel = "7.2";
  std::string_view platform = "none";
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    auto value = [&](std::string_view flag) -> std::optional<std::string_view> {
      if (arg.substr(0, flag.size()) == flag) return arg.substr(flag.size());
      return std::nullopt;
    };
    if (auto v = value("--backend=")) backend = *v;
    else if (auto v = value("--model-kernel=")) kernel = *v;
    else if (auto v = value("--platform=")) platform = *v;
    else return Usage(("unknown argument " + std::string(arg)).c_str());
  }
  auto suite_platform = model::ParsePlatform(platform);
  if (!suite_platform) return Usage("unknown --platform");
  SetSuitePlatform(*suite_platform);
  if (backend == "kernel") {
    SetSuiteBackend(std::make_unique<KernelBackend>());
  } else if (backend == "model") {
    auto profile = model::KernelProfileFor(kernel);
    if (!profile) return Usage("unknown --model-kernel");
    SetSuiteBackend(std::make_unique<ModelBackend>(model::ModelConfig{*profile, *suite_platform}));
  } else {
    return Usage("unknown --backend");
  }
  return RUN_ALL_TESTS();
}
