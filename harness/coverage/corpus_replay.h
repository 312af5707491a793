#ifndef IOMMUFD_CONFORM_HARNESS_COVERAGE_CORPUS_REPLAY_H_
#define IOMMUFD_CONFORM_HARNESS_COVERAGE_CORPUS_REPLAY_H_

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace iommufd_conform {

// How one `diff_fuzzer -runs=0 -print_final_stats=1 CORPUS` replay went, read from its console.
// libFuzzer runs an empty input first, then every input of the folder once (smallest first),
// and stops; on a finding it aborts and still prints its final stats.
struct CorpusReplay {
  int inputs = -1;          // files libFuzzer found in the folder; -1: it never said
  int executed = 0;         // inputs it started, its empty probe input not counted
  bool finished = false;    // "Done N runs": every input ran
  bool exact = false;       // executed comes from the final stats, not a progress line
  std::string finding;      // the signature of the finding it stopped at, if any
};

CorpusReplay ParseCorpusReplay(const std::vector<std::string_view>& console_lines);

// "541 inputs replayed", or where and why the replay stopped early.
std::string DescribeCorpusReplay(const CorpusReplay& replay);

// The report's name for a corpus folder: a campaign's "corpus" folder is named with its
// campaign ("vm-x86_64-vtd-7.2/corpus"), any other folder by its own name.
std::string CorpusName(const std::filesystem::path& folder);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_COVERAGE_CORPUS_REPLAY_H_
