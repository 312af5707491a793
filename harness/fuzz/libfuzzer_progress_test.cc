#include "harness/fuzz/libfuzzer_progress.h"

#include <gtest/gtest.h>

namespace iommufd_conform {
namespace {

TEST(ParseProgressLine, ReadsTheStatusLinesOfBothModes) {
  auto plain = ParseProgressLine(
      "#13486\tNEW    cov: 1682 ft: 6229 corp: 756/12939b lim: 38 exec/s: 6743 rss: 95Mb");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->executions, 13486u);
  EXPECT_EQ(plain->coverage, 1682u);
  EXPECT_EQ(plain->corpus, 756u);
  EXPECT_EQ(plain->exec_per_second, 6743u);
  auto fork = ParseProgressLine(
      "#52031: cov: 1702 ft: 6400 corp: 801 exec/s 4321 oom/timeout/crash: 0/0/0 time: 12s "
      "job: 3 dft_time: 0");
  ASSERT_TRUE(fork);
  EXPECT_EQ(fork->executions, 52031u);
  EXPECT_EQ(fork->exec_per_second, 4321u);
}

TEST(ParseProgressLine, IgnoresEverythingElse) {
  EXPECT_FALSE(ParseProgressLine("INFO: Seed: 3518804238"));
  EXPECT_FALSE(ParseProgressLine("#0\tREAD units: 739"));
  EXPECT_FALSE(ParseProgressLine("diff_fuzzer: kernel 7.2, KCOV not available"));
}

TEST(ParseKernelPcsLine, ReadsOnlyTheDiffFuzzersKernelPcsLine) {
  EXPECT_EQ(ParseKernelPcsLine("diff_fuzzer: kernel-pcs 2345"), 2345u);
  EXPECT_FALSE(ParseKernelPcsLine("#13486\tNEW    cov: 1682 ft: 6229 corp: 756/12939b"));
  EXPECT_FALSE(ParseKernelPcsLine("diff_fuzzer: kernel 7.2, KCOV feeding the fuzzer"));
}

}  // namespace
}  // namespace iommufd_conform
