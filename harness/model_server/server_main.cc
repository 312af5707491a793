// iommufd-model-server --listen-fd N --tag TAG: started by the interposer of the program's
// first process to open /dev/iommu, with the listening socket it made (so no process can
// connect before the server could answer). Serves until the program's last process and
// file are gone. The model is chosen by the environment, as for the interposer.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <variant>

#include "harness/model_server/model_server.h"
#include "harness/preload/preload_config.h"
#include "reference/model/user_memory.h"

int main(int argc, char** argv) {
  int listener = -1;
  std::string tag;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--listen-fd") == 0) listener = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--tag") == 0) tag = argv[i + 1];
  }
  if (listener < 0 || tag.empty()) {
    std::fprintf(stderr, "usage: %s --listen-fd N --tag TAG\n", argv[0]);
    return 2;
  }
  auto config = iommufd_conform::PreloadConfigFromEnv(
      [](const char* name) -> const char* { return std::getenv(name); });
  std::optional<iommufd_conform::model::ModelConfig> model_config;
  if (auto* message = std::get_if<std::string>(&config)) {
    std::fprintf(stderr, "libiommufd-model-preload: %s\n", message->c_str());
  } else {
    model_config = std::get<iommufd_conform::model::ModelConfig>(config);
  }
  // Every user address the model touches is another process's.
  iommufd_conform::model::UserMemory::SetGuard(iommufd_conform::model::UserMemory::Guard::kOff);
  iommufd_conform::model_server::ModelServer server(model_config, listener, tag);
  constexpr int kIdleMs = 10000;  // the starting process connects at once
  server.Run(kIdleMs);
  return 0;
}
