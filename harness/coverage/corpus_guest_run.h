#ifndef IOMMUFD_CONFORM_HARNESS_COVERAGE_CORPUS_GUEST_RUN_H_
#define IOMMUFD_CONFORM_HARNESS_COVERAGE_CORPUS_GUEST_RUN_H_

#include <filesystem>

#include "harness/common/harness_error.h"
#include "harness/coverage/coverage_guest_runs.h"
#include "harness/coverage/coverage_report.h"

namespace iommufd_conform {

// The differential fuzzer the corpus is replayed with (build/fuzz-guest); x86_64 guests only.
std::filesystem::path GuestDiffFuzzer();

// Replays every input of a fuzzing campaign's `corpus` once (`diff_fuzzer -runs=0`) in `guest`,
// with the counters reset and collected as for the other sides, into `into` (named after the
// folder). The folder is copied into `dir` (the guest's /share) and left untouched; the
// campaign's known-findings.txt beside it, when there is one, keeps the divergences it already
// recorded from stopping the replay. A replay that still stops at a finding keeps the coverage
// up to there, and `into.replay` says where it stopped.
HarnessResult<CoverageRun> ReplayCorpusForCoverage(const CoverageGuest& guest,
                                                   const std::filesystem::path& corpus,
                                                   const std::filesystem::path& dir,
                                                   CorpusCoverage& into);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_COVERAGE_CORPUS_GUEST_RUN_H_
