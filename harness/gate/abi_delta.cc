#include "harness/gate/abi_delta.h"

#include <regex>
#include <set>

namespace iommufd_conform::gate {
namespace {

// `abi check` lines: "struct iommu_ioas_map: ours size 40, kernel 48".
const std::regex kStructSize(R"(^struct [A-Za-z0-9_]+: ours size (\d+), kernel (\d+)$)");
constexpr std::string_view kAppeared = ": present in the kernel headers, but ";

bool IsCompatible(const std::string& line) {
  std::smatch size;
  if (std::regex_match(line, size, kStructSize)) {
    return std::stoull(size[2].str()) > std::stoull(size[1].str());
  }
  return line.find(kAppeared) != std::string::npos;
}

}  // namespace

std::vector<std::string> UapiFilesIn(const std::vector<std::string>& patch_files) {
  static const std::regex kUapi(R"(^(include/uapi/|arch/[^/]+/include/uapi/).*)");
  std::vector<std::string> found;
  for (const std::string& file : patch_files) {
    if (std::regex_match(file, kUapi) || file == "drivers/iommu/iommufd/iommufd_test.h") {
      found.push_back(file);
    }
  }
  return found;
}

AbiDelta ClassifyAbi(const std::vector<std::string>& base_mismatches,
                     const std::vector<std::string>& patched_mismatches,
                     std::vector<std::string> changed_headers) {
  AbiDelta delta;
  delta.checked = true;
  delta.changed_headers = std::move(changed_headers);
  std::set<std::string> known(base_mismatches.begin(), base_mismatches.end());
  for (const std::string& line : patched_mismatches) {
    if (known.contains(line)) continue;
    (IsCompatible(line) ? delta.reviews : delta.breaks).push_back(line);
  }
  // A base mismatch the patch resolved is a change too (an entry restored, a value put back).
  std::set<std::string> now(patched_mismatches.begin(), patched_mismatches.end());
  for (const std::string& line : base_mismatches) {
    if (!now.contains(line)) delta.reviews.push_back("no longer on the patched tree: " + line);
  }
  return delta;
}

}  // namespace iommufd_conform::gate
