#include "harness/results/uapi_coverage.h"

#include <fstream>

#include "reference/uapi/abi_catalog.h"

namespace iommufd_conform {
namespace {

struct Family {
  const char* title;
  std::string_view prefix;  // of our constant names
  uapi::KernelHeader header;
};

constexpr Family kFamilies[] = {
    {"iommufd ioctls", "kIoctl", uapi::KernelHeader::kIommufd},
    {"selftest (IOMMU_TEST_CMD) ops", "kIommuTestOp", uapi::KernelHeader::kIommufdTest},
    {"VFIO ioctls (device cdev and type1 container)", "kIoctl", uapi::KernelHeader::kVfio},
};

std::vector<const uapi::ConstantEntry*> Members(const Family& family) {
  std::vector<const uapi::ConstantEntry*> members;
  for (const uapi::ConstantEntry& constant : uapi::CatalogConstants()) {
    if (constant.name.starts_with(family.prefix) && constant.header == family.header) {
      members.push_back(&constant);
    }
  }
  return members;
}

// A configuration's kernel as a catalog version; a tree or image counts as the newest.
uapi::KernelVersion VersionOf(const ConfigResult& config) {
  return uapi::ParseKernelVersion(config.kernel).value_or(uapi::kNewestKernel);
}

bool Has(const ConfigResult& config, const uapi::ConstantEntry& entry) {
  return entry.versions.Contains(VersionOf(config));
}

// A configuration that reported no census (it crashed, or an old suite) says nothing.
bool Reported(const ConfigResult& config) { return !config.census.empty(); }

std::string Cell(const ConfigResult& config, const uapi::ConstantEntry& entry) {
  if (!Has(config, entry)) return "absent in " + config.kernel;
  if (!Reported(config)) return "?";
  auto it = config.census.find(std::string(entry.kernel_name));
  if (it == config.census.end()) return "**never**";
  return std::to_string(it->second.succeeded) + " ok · " + std::to_string(it->second.failed) +
         " err";
}

}  // namespace

std::string FormatUapiCoverage(const std::vector<ConfigResult>& configs) {
  std::string out = "# uAPI coverage\n\n";
  out += "Every ioctl and selftest op in the ABI catalog (reference/uapi/abi_catalog.cc), and "
         "how many calls each configuration's cases made to it (succeeded · failed). "
         "**never** marks an entry the configuration's kernel has that no case called.\n\n";
  for (const ConfigResult& config : configs) {
    if (!Reported(config)) {
      out += "- " + config.Name() + ": the suite reported no calls\n";
      continue;
    }
    std::string gaps;
    int present = 0;
    for (const Family& family : kFamilies) {
      for (const uapi::ConstantEntry* entry : Members(family)) {
        if (!Has(config, *entry)) continue;
        ++present;
        if (!config.census.count(std::string(entry->kernel_name))) {
          gaps += (gaps.empty() ? "" : ", ") + std::string(entry->kernel_name);
        }
      }
    }
    out += "- " + config.Name() + ": " + (gaps.empty() ? "all " + std::to_string(present) +
                                                             " entries exercised"
                                                       : "never exercised: " + gaps) +
           "\n";
  }
  out += "\n";
  for (const Family& family : kFamilies) {
    out += "## " + std::string(family.title) + "\n\n| entry |";
    for (const ConfigResult& config : configs) out += " " + config.Name() + " |";
    out += "\n|---|";
    for (size_t i = 0; i < configs.size(); ++i) out += "---|";
    out += "\n";
    for (const uapi::ConstantEntry* entry : Members(family)) {
      out += "| " + std::string(entry->kernel_name) + " |";
      for (const ConfigResult& config : configs) out += " " + Cell(config, *entry) + " |";
      out += "\n";
    }
    out += "\n";
  }
  return out;
}

HarnessStatus WriteUapiCoverage(const std::vector<ConfigResult>& configs,
                                const std::filesystem::path& file) {
  std::ofstream out(file);
  out << FormatUapiCoverage(configs);
  out.close();
  if (!out) return MakeError(HarnessErrorKind::kIo, "cannot write " + file.string());
  return Done{};
}

}  // namespace iommufd_conform
