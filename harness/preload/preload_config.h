#ifndef IOMMUFD_CONFORM_HARNESS_PRELOAD_PRELOAD_CONFIG_H_
#define IOMMUFD_CONFORM_HARNESS_PRELOAD_PRELOAD_CONFIG_H_

#include <string>
#include <variant>

#include "reference/model/profile.h"

namespace iommufd_conform {

// The interposer's model, chosen by environment variables (defaults in brackets):
//   IOMMUFD_MODEL_KERNEL    6.12 | 7.2 | 7.3   [7.2]
//   IOMMUFD_MODEL_PLATFORM  none | vtd | ...   [none]
// `getenv` is passed in so tests need not touch the process environment.
// Returns the configuration, or a one-line message naming the bad variable.
std::variant<model::ModelConfig, std::string> PreloadConfigFromEnv(
    const char* (*getenv)(const char*));

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_PRELOAD_PRELOAD_CONFIG_H_
