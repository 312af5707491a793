#include "harness/device/fault_interrupts.h"

#include <cctype>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace iommufd_conform {

bool IsIommuFaultInterrupt(std::string_view name) {
  if (name == "arm-smmu-v3-evtq") return true;
  if (!name.starts_with("dmar") || name.size() == 4) return false;
  for (char c : name.substr(4)) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

uint64_t CountFaultInterrupts(std::string_view proc_interrupts) {
  std::istringstream lines{std::string(proc_interrupts)};
  std::string line;
  std::getline(lines, line);  // the CPU header
  uint64_t total = 0;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string field;
    fields >> field;  // "24:"
    std::vector<std::string> rest;
    while (fields >> field) rest.push_back(field);
    if (rest.empty() || !IsIommuFaultInterrupt(rest.back())) continue;
    // Per-CPU counts come first: the leading run of numbers.
    for (const std::string& count : rest) {
      if (count.empty() || !std::isdigit(static_cast<unsigned char>(count[0]))) break;
      total += std::stoull(count);
    }
  }
  return total;
}

uint64_t FaultInterruptsNow() {
  std::ifstream in("/proc/interrupts");
  std::stringstream text;
  text << in.rdbuf();
  return CountFaultInterrupts(text.str());
}

}  // namespace iommufd_conform
