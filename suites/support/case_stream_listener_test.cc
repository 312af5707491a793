// The listener's lines carry what GoogleTest's XML would: status, failure or skip text, and
// the properties a listener appended after it records in OnTestEnd (as DivergenceListener
// does in a differential run). The cases below are the material: main() runs them with
// stdout in a file, then reads the file back as the host would.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <string>

#include "harness/results/case_stream.h"
#include "suites/support/case_stream_listener.h"

namespace iommufd_conform {
namespace {

// Records a property when a case ends, as DivergenceListener does.
class EndPropertyListener : public testing::EmptyTestEventListener {
  void OnTestEnd(const testing::TestInfo&) override {
    testing::Test::RecordProperty("diff_expected", "IOMMU_IOAS_MAP: [some-id] why");
  }
};

TEST(Material, Passes) { testing::Test::RecordProperty("diff_not_covered", "IOMMU_FAULT"); }
TEST(Material, Fails) { ADD_FAILURE() << "the answer was EINVAL"; }
TEST(Material, Skips) { GTEST_SKIP() << "no device here"; }

int Check(bool ok, const std::string& what) {
  if (!ok) std::fprintf(stderr, "case_stream_listener_test: FAILED: %s\n", what.c_str());
  return ok ? 0 : 1;
}

}  // namespace
}  // namespace iommufd_conform

int main(int argc, char** argv) {
  using namespace iommufd_conform;
  testing::InitGoogleTest(&argc, argv);
  // The suite's order: the stream first, so it sees what later listeners record at the end.
  auto& listeners = testing::UnitTest::GetInstance()->listeners();
  listeners.Append(new CaseStreamListener);
  listeners.Append(new EndPropertyListener);

  std::string path = testing::TempDir() + "case_stream_listener_test.out";
  std::fflush(stdout);
  int saved = dup(STDOUT_FILENO);
  std::FILE* out = std::fopen(path.c_str(), "w");
  if (saved < 0 || !out || dup2(fileno(out), STDOUT_FILENO) < 0) return 2;
  (void)RUN_ALL_TESTS();  // Material.Fails fails on purpose
  std::fflush(stdout);
  dup2(saved, STDOUT_FILENO);
  std::fclose(out);

  CaseStreamReader reader;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) reader.Feed(line);
  std::map<std::string, CaseResult> cases;
  for (const CaseResult& c : reader.finished()) cases[c.name] = c;
  int failures = Check(cases.size() == 3, "three cases streamed, got " +
                                              std::to_string(cases.size()));
  failures += Check(cases["Passes"].status == CaseStatus::kPassed, "Passes passed");
  failures += Check(cases["Passes"].not_covered == "IOMMU_FAULT", "the case's own property");
  failures += Check(cases["Passes"].expected_divergences == "IOMMU_IOAS_MAP: [some-id] why",
                    "the property recorded at the case's end");
  failures += Check(cases["Passes"].file.find("case_stream_listener_test.cc") !=
                        std::string::npos, "the case's file");
  failures += Check(cases["Fails"].status == CaseStatus::kFailed, "Fails failed");
  failures += Check(cases["Fails"].message.find("case_stream_listener_test.cc:") !=
                            std::string::npos &&
                        cases["Fails"].message.find("\nthe answer was EINVAL") !=
                            std::string::npos,
                    "the failure's place and text, got '" + cases["Fails"].message + "'");
  failures += Check(cases["Skips"].status == CaseStatus::kSkipped &&
                        cases["Skips"].message.find("no device here") != std::string::npos,
                    "the skip and its reason");
  failures += Check(!reader.running() && reader.garbled() == 0, "nothing left running");
  std::printf("case_stream_listener_test: %s\n", failures ? "FAILED" : "passed");
  return failures ? 1 : 0;
}
