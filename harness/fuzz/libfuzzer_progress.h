#ifndef IOMMUFD_CONFORM_HARNESS_FUZZ_LIBFUZZER_PROGRESS_H_
#define IOMMUFD_CONFORM_HARNESS_FUZZ_LIBFUZZER_PROGRESS_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace iommufd_conform {

// What libFuzzer's status lines say about a campaign so far.
struct FuzzProgress {
  uint64_t executions = 0;
  uint64_t exec_per_second = 0;
  uint64_t coverage = 0;  // "cov:": edges (and, with KCOV, kernel counters) reached
  uint64_t corpus = 0;
};

// The decimal number after `label` in a line of libFuzzer output (spaces and colons between
// are skipped): NumberAfter("#512\tpulse ...", "#") is 512. nullopt without one.
std::optional<uint64_t> NumberAfter(std::string_view line, std::string_view label);

// Reads one line of libFuzzer output: "#1234 NEW cov: 56 ft: 78 corp: 9/100b ... exec/s: 5"
// and, in fork mode, "#1234: cov: 56 ft: 78 corp: 9 exec/s 5 ...". nullopt for others.
std::optional<FuzzProgress> ParseProgressLine(std::string_view line);

// The distinct kernel PCs (KCOV, drivers/iommu/iommufd) a diff_fuzzer run has reached so far:
// "diff_fuzzer: kernel-pcs 1234". nullopt for other lines.
std::optional<uint64_t> ParseKernelPcsLine(std::string_view line);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_FUZZ_LIBFUZZER_PROGRESS_H_
