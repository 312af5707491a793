#include "harness/coverage/corpus_replay.h"

#include <gtest/gtest.h>

namespace iommufd_conform {
namespace {

// Console lines as libFuzzer printed them for `-runs=0 -print_final_stats=1` on a folder.
TEST(CorpusReplayTest, AFinishedReplayCountsEveryInputButTheEmptyProbe) {
  CorpusReplay replay = ParseCorpusReplay({
      "INFO:      739 files found in /share/corpus",
      "INFO: seed corpus: files: 739 min: 1b max: 38b total: 12453b rss: 33Mb",
      "#512\tpulse  cov: 2200 ft: 7000 corp: 450/8000b exec/s: 512 rss: 45Mb",
      "#740\tINITED cov: 2254 ft: 7428 corp: 600/10344b exec/s: 740 rss: 49Mb",
      "#740\tDONE   cov: 2254 ft: 7428 corp: 600/10344b lim: 38 exec/s: 740 rss: 49Mb",
      "Done 740 runs in 1 second(s)\r",
      "stat::number_of_executed_units: 740",
  });
  EXPECT_EQ(replay.inputs, 739);
  EXPECT_EQ(replay.executed, 739);
  EXPECT_TRUE(replay.finished);
  EXPECT_TRUE(replay.exact);
  EXPECT_EQ(DescribeCorpusReplay(replay), "739 of 739 inputs replayed");
}

TEST(CorpusReplayTest, AFindingStopsItAtTheInputThatReachedIt) {
  CorpusReplay replay = ParseCorpusReplay({
      "INFO: seed corpus: files: 541 min: 1b max: 256b total: 40000b rss: 33Mb",
      "#256\tpulse  cov: 900 ft: 3000 corp: 200/4000b exec/s: 40 rss: 45Mb",
      "diff_fuzzer: finding-signature IOMMU_OPTION result: kernel EBUSY, model EINVAL",
      "==120== ERROR: libFuzzer: deadly signal",
      "stat::number_of_executed_units: 301",
  });
  EXPECT_FALSE(replay.finished);
  EXPECT_EQ(replay.executed, 300);
  EXPECT_EQ(replay.finding, "IOMMU_OPTION result: kernel EBUSY, model EINVAL");
  EXPECT_EQ(DescribeCorpusReplay(replay),
            "replay stopped early at input 300 of 541 (finding: IOMMU_OPTION result: kernel "
            "EBUSY, model EINVAL)");
}

TEST(CorpusReplayTest, WithoutFinalStatsTheLastProgressLineIsALowerBound) {
  CorpusReplay replay = ParseCorpusReplay({
      "INFO: seed corpus: files: 541 min: 1b max: 256b total: 40000b rss: 33Mb",
      "#128\tpulse  cov: 800",
      "#256\tpulse  cov: 900",
      "iommufd-conform-init: payload killed after 1800 s",
  });
  EXPECT_FALSE(replay.finished);
  EXPECT_FALSE(replay.exact);
  EXPECT_EQ(replay.executed, 255);
  EXPECT_EQ(DescribeCorpusReplay(replay),
            "replay stopped early, after at least 255 of 541 inputs (libFuzzer printed no final "
            "stats: see console.log)");
}

TEST(CorpusReplayTest, NothingPrintedIsNothingReplayed) {
  CorpusReplay replay = ParseCorpusReplay({});
  EXPECT_EQ(replay.inputs, -1);
  EXPECT_EQ(replay.executed, 0);
  EXPECT_FALSE(replay.finished);
}

TEST(CorpusReplayTest, NamesACampaignCorpusWithItsCampaign) {
  EXPECT_EQ(CorpusName("fuzz-campaigns/vm-x86_64-vtd-7.2/corpus"), "vm-x86_64-vtd-7.2/corpus");
  EXPECT_EQ(CorpusName("/x/fuzz-campaigns/vm-x86_64-vtd-7.2/corpus/"),
            "vm-x86_64-vtd-7.2/corpus");
  EXPECT_EQ(CorpusName("/tmp/fuzzcov-sample-corpus"), "fuzzcov-sample-corpus");
  EXPECT_EQ(CorpusName("corpus"), "corpus");
}

}  // namespace
}  // namespace iommufd_conform
