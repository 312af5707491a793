#include "harness/results/result_writers.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

namespace iommufd_conform {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string Slurp(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

CaseResult DiffCase(std::string name, DiffCounts counts) {
  CaseResult result;
  result.suite = "IoasMapTest";
  result.name = std::move(name);
  result.diff = counts;
  return result;
}

class ResultWritersTest : public ::testing::Test {
 protected:
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_ =
      std::filesystem::temp_directory_path() / ("result_writers_test." + std::to_string(getpid()));
};

TEST_F(ResultWritersTest, CasesWithCallsNotComparedAreNeverPlainPasses) {
  ConfigResult config{"vm", "x86_64", "none", "7.2", {}, {}, std::nullopt};
  CaseResult unverified = DiffCase("Unverified", {4, 2, 0, 1, 1});
  unverified.not_covered = "VFIO_DEVICE_BIND_IOMMUFD: no device";
  config.cases = {DiffCase("Compared", {3, 3, 0, 0, 0}), DiffCase("Accepted", {3, 2, 1, 0, 0}),
                  unverified};
  ASSERT_TRUE(WriteJunit({config}, dir_ / "junit.xml").ok());
  ASSERT_TRUE(WriteSummaryJson({config}, dir_ / "summary.json").ok());
  std::string junit = Slurp(dir_ / "junit.xml");
  EXPECT_THAT(junit, HasSubstr("skipped=\"1\""));
  EXPECT_THAT(junit, HasSubstr("<skipped message=\"unverified: 2 of 4 calls not compared; "
                               "VFIO_DEVICE_BIND_IOMMUFD: no device\"/>"));
  EXPECT_THAT(junit, HasSubstr("value=\"calls=3 compared=2 accepted=1 unverifiable=0 "
                               "not_covered=0\""));
  std::string summary = Slurp(dir_ / "summary.json");
  EXPECT_THAT(summary, HasSubstr("\"passed\": 2, \"unverified\": 1"));
  EXPECT_THAT(summary, HasSubstr("\"calls\": {\"total\": 10, \"compared\": 7, \"accepted\": 1, "
                                 "\"unverifiable\": 1, \"not_covered\": 1}"));
  EXPECT_THAT(summary, HasSubstr("\"status\": \"passed\""));
}

TEST_F(ResultWritersTest, ADifferentialRunThatComparedNothingFails) {
  ConfigResult config{"vm", "x86_64", "none", "7.2", {}, {}, std::nullopt};
  config.cases = {DiffCase("A", {2, 0, 0, 0, 2}), DiffCase("B", {1, 0, 1, 0, 0})};
  EXPECT_TRUE(NothingCompared(config));
  ASSERT_TRUE(WriteSummaryJson({config}, dir_ / "summary.json").ok());
  EXPECT_THAT(Slurp(dir_ / "summary.json"), HasSubstr("\"status\": \"failed\""));

  config.cases.push_back(DiffCase("C", {1, 1, 0, 0, 0}));
  EXPECT_FALSE(NothingCompared(config));
  // A run that was not differential compares nothing by design.
  ConfigResult plain{"vm", "x86_64", "none", "7.2", {}, {}, std::nullopt};
  plain.cases = {CaseResult{}};
  EXPECT_FALSE(NothingCompared(plain));
  ASSERT_TRUE(WriteSummaryJson({plain}, dir_ / "plain.json").ok());
  EXPECT_THAT(Slurp(dir_ / "plain.json"), HasSubstr("\"calls\": null"));
  EXPECT_THAT(Slurp(dir_ / "plain.json"), Not(HasSubstr("\"status\": \"failed\"")));
}

}  // namespace
}  // namespace iommufd_conform
