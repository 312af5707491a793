#ifndef IOMMUFD_CONFORM_HARNESS_VM_SPLAT_DETECTOR_H_
#define IOMMUFD_CONFORM_HARNESS_VM_SPLAT_DETECTOR_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace iommufd_conform {

// Recognises a kernel splat (panic, oops, BUG, WARN, KASAN, UBSAN, lockdep, might_sleep, RCU
// stalls, hung tasks) in console lines and collects its text: from the first line of the first
// splat up to its "---[ end ..." line or kMaxLines lines, whichever comes first. Later splats
// are ignored; the first one is the cause.
class SplatDetector {
 public:
  static constexpr size_t kMaxLines = 40;

  void Feed(std::string_view line);

  bool detected() const { return !kind_.empty(); }
  // The splat's text is collected; waiting longer adds nothing.
  bool complete() const { return complete_; }
  // "panic", "oops", "WARNING", "lockdep", ...; empty until detected().
  const std::string& kind() const { return kind_; }
  const std::string& text() const { return text_; }

 private:
  std::string kind_;
  std::string text_;
  size_t lines_ = 0;
  bool complete_ = false;
};

// The kind of splat `line` starts, if it starts one. Exposed for tests.
std::optional<std::string_view> SplatStart(std::string_view line);

// What makes two splats the same finding: the splat's first line without what varies from
// one hit to the next (timestamp, CPU, PID, task, code offsets, addresses), e.g.
//   "kernel WARNING: drivers/iommu/generic_pt/fmt/../iommu_pt.h:947 at amdv1_mock_map_range"
// from "[ 1.2] WARNING: drivers/.../iommu_pt.h:947 at amdv1_mock_map_range+0x170/0x1c0,
// CPU#1: diff_fuzzer/42". `text` is a SplatDetector's text; empty gives empty.
std::string SplatSignature(std::string_view text);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_VM_SPLAT_DETECTOR_H_
