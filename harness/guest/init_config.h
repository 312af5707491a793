#ifndef IOMMUFD_CONFORM_HARNESS_GUEST_INIT_CONFIG_H_
#define IOMMUFD_CONFORM_HARNESS_GUEST_INIT_CONFIG_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "harness/common/harness_error.h"

namespace iommufd_conform::guest {

struct PciId {
  uint16_t vendor = 0;
  uint16_t device = 0;
  bool operator==(const PciId&) const = default;
};

// Everything the host tells our init, read from the files described in guest_protocol.h.
struct InitConfig {
  std::vector<std::string> payload_argv;  // argv[0] is the payload's path
  std::vector<std::string> payload_env;   // NAME=value
  std::vector<PciId> vfio_ids;
  std::string share_tag;  // empty: no host share
  int hugepages = 0;
  std::string gcov_out;  // empty: no kernel coverage collected
  int payload_timeout = 0;  // seconds; 0: none
};

// Parses the three files' contents (init.conf text, NUL-separated argv and env).
HarnessResult<InitConfig> ParseInitConfig(std::string_view config_text, std::string_view argv_data,
                                          std::string_view env_data);

// "1234:11e8" -> {0x1234, 0x11e8}.
HarnessResult<PciId> ParsePciId(std::string_view text);

}  // namespace iommufd_conform::guest

#endif  // IOMMUFD_CONFORM_HARNESS_GUEST_INIT_CONFIG_H_
