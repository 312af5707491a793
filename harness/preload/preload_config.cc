#include "harness/preload/preload_config.h"

namespace iommufd_conform {

std::variant<model::ModelConfig, std::string> PreloadConfigFromEnv(
    const char* (*getenv)(const char*)) {
  const char* kernel = getenv("IOMMUFD_MODEL_KERNEL");
  const char* platform = getenv("IOMMUFD_MODEL_PLATFORM");
  std::string kernel_name = kernel && *kernel ? kernel : "7.2";
  std::string platform_name = platform && *platform ? platform : "none";
  auto profile = model::KernelProfileFor(kernel_name);
  if (!profile) {
    return "IOMMUFD_MODEL_KERNEL=" + kernel_name + " is not a kernel the model speaks for "
           "(6.12, 7.2, 7.3)";
  }
  auto parsed = model::ParsePlatform(platform_name);
  if (!parsed) {
    return "IOMMUFD_MODEL_PLATFORM=" + platform_name + " is not a platform (none, vtd, smmuv3, "
           "amd, virtio)";
  }
  model::ModelConfig config{*profile};
  config.platform = *parsed;
  return config;
}

}  // namespace iommufd_conform
