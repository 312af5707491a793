#ifndef IOMMUFD_CONFORM_REFERENCE_UAPI_ABI_PROBE_H_
#define IOMMUFD_CONFORM_REFERENCE_UAPI_ABI_PROBE_H_

// The C program `abi check` compiles against a kernel's headers: one tiny function per
// catalog entry that prints the kernel's sizeof/_Alignof, offsetof/sizeof or value, so a
// compile error can be pinned on the entry whose line it names.

#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "reference/uapi/abi_catalog.h"

namespace iommufd_conform::uapi {

struct ProbeItem {
  enum class Kind { kStruct, kField, kConstant };
  Kind kind;
  const StructEntry* structure = nullptr;   // kStruct and kField
  const FieldEntry* field = nullptr;        // kField
  const ConstantEntry* constant = nullptr;  // kConstant
  // Whether the catalog says the checked kernel has it. Entries it should not have are
  // probed too: compiling means the catalog's version data is wrong.
  bool expected_present = true;

  KernelHeader Header() const;
  // How mismatch lines name it: "struct iommu_ioas_map.iova", "IOMMU_IOAS_MAP".
  std::string Subject() const;
};

// Every struct, field and constant of the catalog, judged for `version`.
std::vector<ProbeItem> ProbeItemsFor(KernelVersion version);

struct ProbeSource {
  std::string text;
  std::map<int, std::size_t> item_at_line;     // 1-based line -> index into the items
  std::map<int, KernelHeader> header_at_line;  // the #include lines
};

// The probe for items[i] with !skip.contains(i), including only the headers those need.
ProbeSource GenerateProbe(std::span<const ProbeItem> items, const std::set<std::size_t>& skip);

// "index value..." lines printed by the probe, by item index.
std::map<std::size_t, std::vector<std::uint64_t>> ParseProbeOutput(std::string_view output);

// The probe lines a compiler's diagnostics point at (errors, or notes such as "in expansion
// of macro" for an error inside a header's macro), each with the error's text. `file` is
// the probe's name as given to the compiler.
std::map<int, std::string> BlamedLines(std::string_view diagnostics, std::string_view file);
// Headers broken as a whole: the #include lines ("In file included from FILE:LINE") under
// which an error was reported that no note traces back to a probe line, with its text.
std::map<int, std::string> BrokenIncludes(std::string_view diagnostics, std::string_view file);

}  // namespace iommufd_conform::uapi

#endif  // IOMMUFD_CONFORM_REFERENCE_UAPI_ABI_PROBE_H_
