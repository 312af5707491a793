#include "harness/fuzz/finding_recorder.h"

#include <gtest/gtest.h>

#include <fstream>
#include <initializer_list>
#include <optional>
#include <sstream>

namespace iommufd_conform {
namespace {

// The finding a run's console lines leave in a recorder.
std::optional<VmFinding> FindingOf(std::initializer_list<const char*> console) {
  FindingRecorder recorder;
  for (const char* line : console) recorder.Feed(line);
  return recorder.Finding();
}

TEST(FindingRecorderTest, KeepsSignatureReportAndArtifact) {
  auto finding = FindingOf(
       {"#1024 pulse  cov: 10 ft: 20 corp: 5/90b exec/s: 12 rss: 40Mb",
        "diff_fuzzer: finding-signature IOMMU_IOAS_ALLOC result: kernel EFAULT, model E2BIG",
        "diff_fuzzer: the model diverged from the kernel",
        "IOMMU_IOAS_ALLOC diverged on fd 3",
        "  first difference: result: kernel EFAULT, model E2BIG",
        "steps: IOMMU_IOAS_ALLOC",
        "==7== ERROR: libFuzzer: deadly signal",
        "artifact_prefix='/share/findings/'; Test unit written to "
        "/share/findings/crash-0123abcd"});
  ASSERT_TRUE(finding.has_value());
  EXPECT_EQ(finding->signature, "IOMMU_IOAS_ALLOC result: kernel EFAULT, model E2BIG");
  EXPECT_EQ(finding->artifact, "crash-0123abcd");
  EXPECT_EQ(finding->report,
            "diff_fuzzer: the model diverged from the kernel\n"
            "IOMMU_IOAS_ALLOC diverged on fd 3\n"
            "  first difference: result: kernel EFAULT, model E2BIG\n"
            "steps: IOMMU_IOAS_ALLOC\n");
}

TEST(FindingRecorderTest, KeepsTheShrunkInputAndItsCase) {
  auto finding = FindingOf(
       {"diff_fuzzer: finding-signature IOMMU_IOAS_ALLOC result: kernel EFAULT, model E2BIG",
        "diff_fuzzer: the model diverged from the kernel",
        "  first difference: result: kernel EFAULT, model E2BIG",
        "diff_fuzzer: shrunk from 9 to 1 operations in 40 runs",
        "diff_fuzzer: shrunk-input 3903000af0",
        "diff_fuzzer: case| TEST_F(FuzzFindingsTest, Finding0123abcd) {",
        "diff_fuzzer: case| }",
        "steps: IOMMU_IOAS_ALLOC",
        "Test unit written to /share/findings/crash-0123abcd"});
  ASSERT_TRUE(finding.has_value());
  EXPECT_EQ(finding->shrunk_input, (std::vector<uint8_t>{0x39, 0x03, 0x00, 0x0a, 0xf0}));
  EXPECT_EQ(finding->test_case, "TEST_F(FuzzFindingsTest, Finding0123abcd) {\n}\n");
  EXPECT_EQ(finding->report,
            "diff_fuzzer: the model diverged from the kernel\n"
            "  first difference: result: kernel EFAULT, model E2BIG\n"
            "diff_fuzzer: shrunk from 9 to 1 operations in 40 runs\n"
            "steps: IOMMU_IOAS_ALLOC\n");
}

TEST(FindingRecorderTest, SeesAModelFindingsShrunkCaseInItsReplay) {
  FindingRecorder recorder;
  for (const char* line : {"model_fuzzer: the model broke an invariant",
                           "model_fuzzer: shrunk-input 3900",
                           "model_fuzzer: case| TEST_F(FuzzFindingsTest, Finding2) {",
                           "model_fuzzer: case| }"}) {
    recorder.Feed(line);
  }
  EXPECT_FALSE(recorder.Finding().has_value());  // no file written by libFuzzer
  EXPECT_EQ(recorder.Seen().shrunk_input, (std::vector<uint8_t>{0x39, 0x00}));
  EXPECT_EQ(recorder.Seen().test_case, "TEST_F(FuzzFindingsTest, Finding2) {\n}\n");
}

TEST(FindingRecorderTest, KeepsAKernelSplatTheFuzzerSawAsAFinding) {
  auto finding = FindingOf(
       {"diff_fuzzer: finding-signature kernel WARNING: drivers/x.c:9 at f",
        "diff_fuzzer: the kernel splatted during this input",
        "[   12.000001] WARNING: drivers/x.c:9 at f+0x1/0x2, CPU#0: diff_fuzzer/40",
        "steps: IOMMU_IOAS_ALLOC IOMMU_TEST_CMD(MOCK_DOMAIN)",
        "artifact_prefix='/share/findings/'; Test unit written to /share/findings/crash-77"});
  ASSERT_TRUE(finding.has_value());
  EXPECT_EQ(finding->signature, "kernel WARNING: drivers/x.c:9 at f");
  EXPECT_EQ(finding->artifact, "crash-77");
  EXPECT_EQ(finding->report,
            "diff_fuzzer: the kernel splatted during this input\n"
            "[   12.000001] WARNING: drivers/x.c:9 at f+0x1/0x2, CPU#0: diff_fuzzer/40\n"
            "steps: IOMMU_IOAS_ALLOC IOMMU_TEST_CMD(MOCK_DOMAIN)\n");
}

TEST(FindingRecorderTest, ResetForgetsTheLastRun) {
  FindingRecorder recorder;
  recorder.Feed("diff_fuzzer: finding-signature X result: kernel ok, model EINVAL");
  recorder.Feed("Test unit written to /share/findings/crash-1");
  ASSERT_TRUE(recorder.Finding().has_value());
  recorder.Reset();
  EXPECT_FALSE(recorder.Finding().has_value());
}

TEST(FindingRecorderTest, NoArtifactNoFinding) {
  FindingRecorder recorder;
  recorder.Feed("diff_fuzzer: finding-signature X result: kernel ok, model EINVAL");
  EXPECT_FALSE(recorder.Finding().has_value());
}

TEST(FindingRecorderTest, RecordedSignaturesAreKnown) {
  auto dir = std::filesystem::temp_directory_path() / "finding_recorder_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  VmFinding finding{"IOMMU_IOAS_MAP result: kernel ok, model ENOSPC", "report\n", "crash-1"};
  ASSERT_TRUE(RecordFinding(finding, dir / "known", dir));
  ASSERT_TRUE(RecordFinding({"IOMMU_IOAS_COPY iova", "r\n", "crash-2"}, dir / "known", dir));
  ASSERT_TRUE(RecordFinding({"IOMMU_IOAS_COPY iova", "r\n", "crash-3"}, dir / "known", dir));
  std::stringstream lines;
  lines << std::ifstream(dir / "known").rdbuf();
  EXPECT_EQ(lines.str(), "IOMMU_IOAS_MAP result: kernel ok, model ENOSPC\nIOMMU_IOAS_COPY iova\n");
  EXPECT_EQ(ReadKnownSignatures(dir / "known"),
            (std::set<std::string>{"IOMMU_IOAS_MAP result: kernel ok, model ENOSPC",
                                   "IOMMU_IOAS_COPY iova"}));
  std::stringstream text;
  text << std::ifstream(dir / "crash-1.txt").rdbuf();
  EXPECT_EQ(text.str(), "signature: IOMMU_IOAS_MAP result: kernel ok, model ENOSPC\nreport\n");
  EXPECT_FALSE(std::filesystem::exists(dir / "crash-1_test.cc"));
  std::filesystem::remove_all(dir);
}

TEST(FindingRecorderTest, AShrunkFindingIsWrittenBesideItsInput) {
  auto dir = std::filesystem::temp_directory_path() / "finding_recorder_shrunk_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  VmFinding finding{"X result: kernel ok, model EINVAL", "r\n", "crash-9", {0x39, 0x00, 0x03},
                    "TEST_F(FuzzFindingsTest, Finding1) {\n}\n"};
  ASSERT_TRUE(RecordFinding(finding, dir / "known", dir));
  std::stringstream input;
  input << std::ifstream(dir / "crash-9.shrunk", std::ios::binary).rdbuf();
  EXPECT_EQ(input.str(), std::string("\x39\x00\x03", 3));
  std::stringstream text;
  text << std::ifstream(dir / "crash-9_test.cc").rdbuf();
  EXPECT_EQ(text.str(), "TEST_F(FuzzFindingsTest, Finding1) {\n}\n");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace iommufd_conform
