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

CoverageCell CellOf(const ConfigResult& config, const uapi::ConstantEntry& entry) {
  if (!Has(config, entry)) return {CoverageCell::Kind::kAbsent};
  if (!Reported(config)) return {CoverageCell::Kind::kUnreported};
  auto it = config.census.find(std::string(entry.kernel_name));
  if (it == config.census.end()) return {CoverageCell::Kind::kNever};
  return {CoverageCell::Kind::kCalled, it->second.succeeded, it->second.failed};
}

std::string CellText(const ConfigResult& config, const CoverageCell& cell) {
  switch (cell.kind) {
    case CoverageCell::Kind::kAbsent: return "absent in " + config.kernel;
    case CoverageCell::Kind::kUnreported: return "?";
    case CoverageCell::Kind::kNever: return "**never**";
    case CoverageCell::Kind::kCalled: break;
  }
  return std::to_string(cell.succeeded) + " ok · " + std::to_string(cell.failed) + " err";
}

}  // namespace

UapiCoverage BuildUapiCoverage(const std::vector<ConfigResult>& configs) {
  UapiCoverage coverage;
  for (const ConfigResult& config : configs) {
    CoverageGaps gaps{&config, Reported(config), 0, {}};
    for (const Family& family : kFamilies) {
      for (const uapi::ConstantEntry* entry : Members(family)) {
        if (!Has(config, *entry)) continue;
        ++gaps.present;
        if (gaps.reported && !config.census.count(std::string(entry->kernel_name))) {
          gaps.never.emplace_back(entry->kernel_name);
        }
      }
    }
    coverage.gaps.push_back(std::move(gaps));
  }
  for (const Family& family : kFamilies) {
    CoverageFamily rows{family.title, {}};
    for (const uapi::ConstantEntry* entry : Members(family)) {
      CoverageRow row{std::string(entry->kernel_name), {}};
      for (const ConfigResult& config : configs) row.cells.push_back(CellOf(config, *entry));
      rows.rows.push_back(std::move(row));
    }
    coverage.families.push_back(std::move(rows));
  }
  return coverage;
}

std::string FormatUapiCoverage(const std::vector<ConfigResult>& configs) {
  UapiCoverage coverage = BuildUapiCoverage(configs);
  std::string out = "# uAPI coverage\n\n";
  out += "Every ioctl and selftest op in the ABI catalog (reference/uapi/abi_catalog.cc), and "
         "how many calls each configuration's cases made to it (succeeded · failed). "
         "**never** marks an entry the configuration's kernel has that no case called.\n\n";
  for (const CoverageGaps& gaps : coverage.gaps) {
    if (!gaps.reported) {
      out += "- " + gaps.config->Name() + ": the suite reported no calls\n";
      continue;
    }
    std::string never;
    for (const std::string& name : gaps.never) never += (never.empty() ? "" : ", ") + name;
    out += "- " + gaps.config->Name() + ": " +
           (never.empty() ? "all " + std::to_string(gaps.present) + " entries exercised"
                          : "never exercised: " + never) +
           "\n";
  }
  out += "\n";
  for (const CoverageFamily& family : coverage.families) {
    out += "## " + family.title + "\n\n| entry |";
    for (const ConfigResult& config : configs) out += " " + config.Name() + " |";
    out += "\n|---|";
    for (size_t i = 0; i < configs.size(); ++i) out += "---|";
    out += "\n";
    for (const CoverageRow& row : family.rows) {
      out += "| " + row.entry + " |";
      for (size_t i = 0; i < configs.size(); ++i) {
        out += " " + CellText(configs[i], row.cells[i]) + " |";
      }
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
