#include "reference/uapi/abi_check.h"

#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <span>
#include <string_view>
#include <vector>

#include "harness/common/process.h"
#include "reference/uapi/abi_probe.h"

namespace iommufd_conform::uapi {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kProbeSource = "probe.c";
constexpr std::string_view kProbeBinary = "probe";
// Each round drops every entry the compiler blamed; a few cover cascading errors.
constexpr int kMaxCompileRounds = 8;

// What compiling the probe revealed: entries (and whole headers) the kernel does not have.
struct ProbeBuild {
  std::map<std::size_t, std::string> missing;    // item -> compiler error
  std::map<KernelHeader, std::string> unusable;  // header -> compiler error
};

std::string Hex(std::uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof(text), "0x%llx", static_cast<unsigned long long>(value));
  return text;
}

std::string Compare(std::string_view what, std::uint64_t ours, std::uint64_t kernel,
                    bool hex = false) {
  auto show = [hex](std::uint64_t value) { return hex ? Hex(value) : std::to_string(value); };
  return std::string(what) + " " + show(ours) + ", kernel " + show(kernel);
}

std::string ExpectedAbsence(const VersionRange& versions, KernelVersion version) {
  if (version < versions.since) {
    return "the catalog says it first appears in " + std::string(VersionName(versions.since));
  }
  return "the catalog says it is gone after " + std::string(VersionName(versions.until));
}

// The range an item is valid in, for explaining a wrongly present one.
VersionRange RangeOf(const ProbeItem& item) {
  switch (item.kind) {
    case ProbeItem::Kind::kStruct: return item.structure->versions;
    case ProbeItem::Kind::kField: {
      VersionRange range = item.field->versions;
      range.since = std::max(range.since, item.structure->versions.since);
      range.until = std::min(range.until, item.structure->versions.until);
      return range;
    }
    case ProbeItem::Kind::kConstant: return item.constant->versions;
  }
  return {};
}

HarnessStatus WriteFile(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
  out.close();
  if (!out) return MakeError(HarnessErrorKind::kIo, "cannot write " + path.string());
  return Done{};
}

// Compiles the probe, leaving out whatever the compiler blames, until it builds.
HarnessResult<ProbeBuild> BuildProbe(const AbiCheckOptions& options, const fs::path& dir,
                                     std::span<const ProbeItem> items) {
  ProbeBuild build;
  std::set<std::size_t> skip;
  auto drop_header = [&](KernelHeader header, const std::string& error) {
    build.unusable.emplace(header, error);
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (items[i].Header() == header) skip.insert(i);
    }
  };
  for (int round = 0; round < kMaxCompileRounds; ++round) {
    ProbeSource probe = GenerateProbe(items, skip);
    if (auto written = WriteFile(dir / kProbeSource, probe.text); !written.ok()) {
      return written.error();
    }
    ProcessSpec spec;
    std::string uapi_include = (options.headers_dir / "include").string();
    std::string test_include = (options.source_tree / "drivers/iommu/iommufd").string();
    spec.argv = {options.compiler,
                 "-std=gnu11",
                 "-w",
                 "-D_GNU_SOURCE",
                 "-I",
                 uapi_include,
                 "-I",
                 test_include,
                 "-o",
                 std::string(kProbeBinary),
                 std::string(kProbeSource)};
    spec.working_dir = dir.string();
    spec.timeout = std::chrono::minutes(2);
    auto compiled = RunProcess(spec);
    if (!compiled.ok()) return compiled.error();
    const ProcessExit& compile = compiled.value();
    if (compile.Succeeded()) return build;

    // A header broken as a whole explains everything else; otherwise blame entries.
    bool progress = false;
    for (const auto& [line, error] : BrokenIncludes(compile.output, kProbeSource)) {
      if (auto header = probe.header_at_line.find(line); header != probe.header_at_line.end()) {
        drop_header(header->second, error);
        progress = true;
      }
    }
    if (!progress) {
      for (const auto& [line, error] : BlamedLines(compile.output, kProbeSource)) {
        if (auto item = probe.item_at_line.find(line); item != probe.item_at_line.end()) {
          progress |= build.missing.emplace(item->second, error).second;
          skip.insert(item->second);
        } else if (auto header = probe.header_at_line.find(line);
                   header != probe.header_at_line.end()) {
          drop_header(header->second, error);  // e.g. the header file does not exist
          progress = true;
        }
      }
    }
    if (!progress) {
      return MakeError(
          HarnessErrorKind::kBuildFailed,
          "the ABI probe does not compile and no catalog entry explains why:\n" + compile.output);
    }
  }
  return MakeError(HarnessErrorKind::kBuildFailed, "the ABI probe still does not compile after " +
                                                       std::to_string(kMaxCompileRounds) +
                                                       " rounds");
}

// Adds the mismatch lines for one item that compiled and printed `values`.
void CompareItem(const ProbeItem& item, KernelVersion version,
                 const std::vector<std::uint64_t>& values, AbiReport& report) {
  std::string subject = item.Subject() + ": ";
  std::size_t expected_count = item.kind == ProbeItem::Kind::kConstant ? 1 : 2;
  if (values.size() != expected_count) {
    report.mismatches.push_back(subject + "the probe printed no value");
    return;
  }
  switch (item.kind) {
    case ProbeItem::Kind::kStruct: {
      ++report.structs;
      std::size_t size = SizeIn(*item.structure, version);
      std::size_t align = AlignIn(*item.structure, version);
      if (values[0] != size)
        report.mismatches.push_back(subject + Compare("ours size", size, values[0]));
      if (values[1] != align) {
        report.mismatches.push_back(subject + Compare("ours alignment", align, values[1]));
      }
      break;
    }
    case ProbeItem::Kind::kField:
      ++report.fields;
      if (values[0] != item.field->offset) {
        report.mismatches.push_back(subject +
                                    Compare("ours offset", item.field->offset, values[0]));
      }
      if (values[1] != item.field->size) {
        report.mismatches.push_back(
            subject + Compare(item.field->flexible_array ? "ours element size" : "ours size",
                              item.field->size, values[1]));
      }
      break;
    case ProbeItem::Kind::kConstant:
      ++report.constants;
      if (values[0] != item.constant->value) {
        report.mismatches.push_back(subject +
                                    Compare("ours", item.constant->value, values[0], true));
      }
      break;
  }
}

HarnessResult<AbiReport> CheckIn(const AbiCheckOptions& options, const fs::path& dir) {
  std::vector<ProbeItem> items = ProbeItemsFor(options.version);
  auto built = BuildProbe(options, dir, items);
  if (!built.ok()) return built.error();
  const ProbeBuild& build = built.value();

  ProcessSpec spec;
  spec.argv = {(dir / kProbeBinary).string()};
  spec.timeout = std::chrono::seconds(30);
  auto ran = RunProcess(spec);
  if (!ran.ok()) return ran.error();
  if (!ran.value().Succeeded()) {
    return MakeError(HarnessErrorKind::kBuildFailed,
                     "the ABI probe failed to run:\n" + ran.value().output);
  }
  auto values = ParseProbeOutput(ran.value().output);

  AbiReport report;
  for (const auto& [header, error] : build.unusable) {
    report.mismatches.push_back(std::string(HeaderName(header)) +
                                ": unusable, none of its entries compared (" + error + ")");
  }
  for (std::size_t i = 0; i < items.size(); ++i) {
    const ProbeItem& item = items[i];
    if (build.unusable.contains(item.Header())) continue;
    if (auto missing = build.missing.find(i); missing != build.missing.end()) {
      if (item.expected_present) {
        report.mismatches.push_back(item.Subject() + ": missing from the kernel headers (" +
                                    missing->second + ")");
      } else {
        ++report.absent;
      }
    } else if (!item.expected_present) {
      report.mismatches.push_back(item.Subject() + ": present in the kernel headers, but " +
                                  ExpectedAbsence(RangeOf(item), options.version));
    } else {
      CompareItem(item, options.version, values[i], report);
    }
  }
  return report;
}

}  // namespace

HarnessResult<AbiReport> CheckAbi(const AbiCheckOptions& options) {
  if (!fs::exists(options.headers_dir / "include/linux/iommufd.h")) {
    return MakeError(HarnessErrorKind::kSourceUnavailable,
                     "no exported headers in " + options.headers_dir.string() +
                         " (expected include/linux/iommufd.h from make headers_install)");
  }
  if (!fs::exists(options.source_tree / "drivers/iommu/iommufd/iommufd_test.h")) {
    return MakeError(HarnessErrorKind::kSourceUnavailable,
                     "no drivers/iommu/iommufd/iommufd_test.h in " + options.source_tree.string());
  }
  if (!options.work_dir.empty()) {
    std::error_code error;
    fs::create_directories(options.work_dir, error);
    if (error) {
      return MakeError(HarnessErrorKind::kIo,
                       "cannot create " + options.work_dir.string() + ": " + error.message());
    }
    return CheckIn(options, options.work_dir);
  }
  std::string pattern = (fs::temp_directory_path() / "iommufd-conform-abi-XXXXXX").string();
  if (!mkdtemp(pattern.data())) {
    return MakeError(HarnessErrorKind::kIo, "cannot create a temporary directory");
  }
  auto result = CheckIn(options, pattern);
  std::error_code ignored;
  fs::remove_all(pattern, ignored);
  return result;
}

}  // namespace iommufd_conform::uapi
