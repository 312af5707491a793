#include "harness/results/call_census.h"

#include <cstdio>
#include <sstream>

#include "reference/uapi/abi_catalog.h"

namespace iommufd_conform {
std::string IoctlName(unsigned long request) {
  if (std::string_view name = uapi::KernelConstantName("kIoctl", request); !name.empty()) {
    return std::string(name);
  }
  char text[32];
  std::snprintf(text, sizeof(text), "ioctl(0x%lx)", request);
  return text;
}

std::string TestOpName(uint32_t op) {
  if (std::string_view name = uapi::KernelConstantName("kIommuTestOp", op); !name.empty()) {
    return std::string(name);
  }
  return "IOMMU_TEST_OP(" + std::to_string(op) + ")";
}

std::string FormatCallCensus(const CallCensus& census) {
  std::string text;
  for (const auto& [name, count] : census) {
    text += name + " " + std::to_string(count.succeeded) + " " + std::to_string(count.failed) + "\n";
  }
  return text;
}

CallCensus ParseCallCensus(std::string_view text) {
  CallCensus census;
  std::istringstream in{std::string(text)};
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string name;
    CallCount count;
    if (fields >> name >> count.succeeded >> count.failed) census[name] = count;
  }
  return census;
}

}  // namespace iommufd_conform
