#include "harness/guest/init_config.h"

#include <charconv>

#include "harness/guest/guest_protocol.h"

namespace iommufd_conform::guest {
namespace {

namespace gp = guest_protocol;

std::vector<std::string> SplitNul(std::string_view data) {
  std::vector<std::string> out;
  while (!data.empty()) {
    size_t end = data.find('\0');
    out.emplace_back(data.substr(0, end));
    if (end == std::string_view::npos) break;
    data.remove_prefix(end + 1);
  }
  return out;
}

HarnessError BadConfig(std::string message) {
  return MakeError(HarnessErrorKind::kUsage, std::string(gp::kConfigPath) + ": " + message);
}

template <typename T>
bool ParseNumber(std::string_view text, T& value, int base) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

}  // namespace

HarnessResult<PciId> ParsePciId(std::string_view text) {
  size_t colon = text.find(':');
  PciId id;
  if (colon == std::string_view::npos || !ParseNumber(text.substr(0, colon), id.vendor, 16) ||
      !ParseNumber(text.substr(colon + 1), id.device, 16)) {
    return MakeError(HarnessErrorKind::kUsage,
                     "bad PCI id '" + std::string(text) + "' (want vendor:device in hex)");
  }
  return id;
}

HarnessResult<InitConfig> ParseInitConfig(std::string_view config_text, std::string_view argv_data,
                                          std::string_view env_data) {
  InitConfig config;
  config.payload_argv = SplitNul(argv_data);
  config.payload_env = SplitNul(env_data);
  if (config.payload_argv.empty() || config.payload_argv[0].empty()) {
    return MakeError(HarnessErrorKind::kUsage, std::string(gp::kArgvPath) + " names no payload");
  }
  while (!config_text.empty()) {
    size_t nl = config_text.find('\n');
    std::string_view line = config_text.substr(0, nl);
    config_text.remove_prefix(nl == std::string_view::npos ? config_text.size() : nl + 1);
    if (line.empty()) continue;
    size_t eq = line.find('=');
    if (eq == std::string_view::npos) return BadConfig("line without '=': " + std::string(line));
    std::string_view key = line.substr(0, eq);
    std::string_view value = line.substr(eq + 1);
    if (key == gp::kVfioIdsKey) {
      while (!value.empty()) {
        size_t comma = value.find(',');
        auto id = ParsePciId(value.substr(0, comma));
        if (!id.ok()) return BadConfig(id.error().message);
        config.vfio_ids.push_back(id.value());
        value.remove_prefix(comma == std::string_view::npos ? value.size() : comma + 1);
      }
    } else if (key == gp::kShareTagKey) {
      config.share_tag = value;
    } else if (key == gp::kGcovOutKey) {
      if (value.empty() || value.front() != '/') {
        return BadConfig("gcov_out must be an absolute path, not '" + std::string(value) + "'");
      }
      config.gcov_out = value;
    } else if (key == gp::kPayloadTimeoutKey) {
      if (!ParseNumber(value, config.payload_timeout, 10) || config.payload_timeout < 0) {
        return BadConfig("bad payload_timeout value '" + std::string(value) + "'");
      }
    } else if (key == gp::kHugepagesKey) {
      if (!ParseNumber(value, config.hugepages, 10) || config.hugepages < 0) {
        return BadConfig("bad hugepages value '" + std::string(value) + "'");
      }
    } else {
      return BadConfig("unknown key '" + std::string(key) + "'");
    }
  }
  return config;
}

}  // namespace iommufd_conform::guest
