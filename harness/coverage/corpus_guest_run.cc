#include "harness/coverage/corpus_guest_run.h"

#include <fstream>
#include <string>
#include <vector>

#include "harness/common/paths.h"

namespace iommufd_conform {
namespace {

namespace fs = std::filesystem;

constexpr char kKnownFindings[] = "known-findings.txt";

std::vector<std::string> ReadLines(const fs::path& file) {
  std::vector<std::string> lines;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

fs::path GuestDiffFuzzer() { return BuildDir() / "fuzz-guest" / "fuzz" / "diff_fuzzer"; }

HarnessResult<CoverageRun> ReplayCorpusForCoverage(const CoverageGuest& guest,
                                                   const fs::path& corpus, const fs::path& dir,
                                                   CorpusCoverage& into) {
  into.name = CorpusName(corpus);
  // -runs=0: libFuzzer runs each input of the folder once and stops without mutating; the
  // final stats give the count even when a finding aborts it.
  CoveragePayload replay{"fuzz corpus " + into.name + " (diff_fuzzer -runs=0)",
                         GuestDiffFuzzer(),
                         {"-runs=0", "-print_final_stats=1", "-artifact_prefix=/share/",
                          "/share/corpus"},
                         {"IOMMUFD_CONFORM_FUZZ_PLATFORM=" + guest.platform},
                         {{corpus, "corpus"}}};
  std::error_code ec;
  fs::path known = corpus.parent_path() / kKnownFindings;
  if (fs::is_regular_file(known, ec)) {
    replay.inputs.emplace_back(known, kKnownFindings);
    replay.env.push_back(std::string("IOMMUFD_CONFORM_FUZZ_KNOWN=/share/") + kKnownFindings);
  }
  auto run = RunForCoverage(guest, replay, dir, into.map);
  if (!run.ok()) return run.error();
  std::vector<std::string> console = ReadLines(dir / "console.log");
  into.replay = ParseCorpusReplay({console.begin(), console.end()});
  CoverageRun described = run.value();
  described.outcome += ", " + DescribeCorpusReplay(into.replay);
  return described;
}

}  // namespace iommufd_conform
