#include "harness/results/result_writers.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include <unistd.h>

namespace iommufd_conform {
namespace {

using ::testing::HasSubstr;
using nlohmann::json;

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
  json summary = json::parse(Slurp(dir_ / "summary.json"))["configurations"][0];
  EXPECT_EQ(summary["passed"], 2);
  EXPECT_EQ(summary["unverified"], 1);
  EXPECT_EQ(summary["calls"], json::parse(R"({"total": 10, "compared": 7, "accepted": 1,
                                              "unverifiable": 1, "not_covered": 1})"));
  EXPECT_EQ(summary["status"], "passed");
}

// Console text reaches both files as it is: quotes, markup, control bytes, bad UTF-8.
TEST_F(ResultWritersTest, HostileTextSurvivesBothFormats) {
  ConfigResult config{"vm", "x86_64", "none", "7.2", {}, {}, std::nullopt};
  CaseResult failed;
  failed.suite = "S";
  failed.name = "F";
  failed.status = CaseStatus::kFailed;
  failed.message = "a \"quoted\" <tag> & \\ back\x01slash\nline 2";
  failed.seconds = 0.1;
  config.cases = {failed};
  config.harness_error = HarnessError{HarnessErrorKind::kGuestCrashed, "oops \xff</error>"};
  ASSERT_TRUE(WriteJunit({config}, dir_ / "junit.xml").ok());
  ASSERT_TRUE(WriteSummaryJson({config}, dir_ / "summary.json").ok());

  EXPECT_THAT(Slurp(dir_ / "junit.xml"), HasSubstr("name=\"F\" time=\"0.100\""));
  json summary = json::parse(Slurp(dir_ / "summary.json"))["configurations"][0];
  EXPECT_EQ(summary["status"], "error");
  EXPECT_EQ(summary["harness_error"], "oops \xef\xbf\xbd</error>");

  std::ifstream in(dir_ / "junit.xml");
  boost::property_tree::ptree root;
  boost::property_tree::read_xml(in, root);
  std::vector<std::string> messages;
  for (const auto& [tag, suite] : root.get_child("testsuites")) {
    if (tag != "testsuite") continue;
    for (const auto& [case_tag, test] : suite) {
      if (case_tag != "testcase") continue;
      for (const char* mark : {"failure", "error"}) {
        if (auto message = test.get_optional<std::string>(std::string(mark) + ".<xmlattr>.message")) {
          messages.push_back(*message);
        }
      }
    }
  }
  // A control byte cannot be carried in XML 1.0 at all.
  EXPECT_THAT(messages, ::testing::ElementsAre("a \"quoted\" <tag> & \\ back?slash\nline 2",
                                               "oops \xff</error>"));
}

TEST_F(ResultWritersTest, ADifferentialRunThatComparedNothingFails) {
  ConfigResult config{"vm", "x86_64", "none", "7.2", {}, {}, std::nullopt};
  config.cases = {DiffCase("A", {2, 0, 0, 0, 2}), DiffCase("B", {1, 0, 1, 0, 0})};
  EXPECT_TRUE(NothingCompared(config));
  ASSERT_TRUE(WriteSummaryJson({config}, dir_ / "summary.json").ok());
  EXPECT_EQ(json::parse(Slurp(dir_ / "summary.json"))["configurations"][0]["status"], "failed");

  config.cases.push_back(DiffCase("C", {1, 1, 0, 0, 0}));
  EXPECT_FALSE(NothingCompared(config));
  // A run that was not differential compares nothing by design.
  ConfigResult plain{"vm", "x86_64", "none", "7.2", {}, {}, std::nullopt};
  plain.cases = {CaseResult{}};
  EXPECT_FALSE(NothingCompared(plain));
  ASSERT_TRUE(WriteSummaryJson({plain}, dir_ / "plain.json").ok());
  json plain_summary = json::parse(Slurp(dir_ / "plain.json"))["configurations"][0];
  EXPECT_TRUE(plain_summary["calls"].is_null());
  EXPECT_EQ(plain_summary["status"], "passed");
}

// A kernel bug's reproducer: an xfail reads as a typed skip, an xpass as a pass, and both
// are counted apart from the plain passes, with the xpass named; neither fails the run.
TEST_F(ResultWritersTest, ReproducersAreCountedAsXfailAndXpass) {
  ConfigResult config{"vm", "x86_64", "none", "7.2", {}, {}, std::nullopt};
  CaseResult plain;
  plain.suite = "PasidTest";
  plain.name = "Plain";
  CaseResult xfail = plain;
  xfail.name = "StillBroken";
  xfail.bug_verdict = BugVerdict::kXfail;
  xfail.bug_id = "some-bug";
  xfail.message = "pasid_test.cc:12\nExpected: fails with EINVAL";
  CaseResult xpass = plain;
  xpass.name = "Fixed";
  xpass.bug_verdict = BugVerdict::kXpass;
  xpass.bug_id = "other-bug";
  config.cases = {plain, xfail, xpass};
  ASSERT_TRUE(WriteJunit({config}, dir_ / "junit.xml").ok());
  ASSERT_TRUE(WriteSummaryJson({config}, dir_ / "summary.json").ok());
  std::string junit = Slurp(dir_ / "junit.xml");
  EXPECT_THAT(junit, HasSubstr("<property name=\"xfail\" value=\"some-bug\"/>"));
  EXPECT_THAT(junit, HasSubstr("<property name=\"xpass\" value=\"other-bug\"/>"));
  EXPECT_THAT(junit, HasSubstr("<skipped message=\"xfail [some-bug]: pasid_test.cc:12"));
  EXPECT_THAT(junit, HasSubstr("type=\"xfail\""));
  EXPECT_THAT(junit, HasSubstr("failures=\"0\" skipped=\"1\""));
  json summary = json::parse(Slurp(dir_ / "summary.json"))["configurations"][0];
  EXPECT_EQ(summary["passed"], 1);
  EXPECT_EQ(summary["xfail"], 1);
  EXPECT_EQ(summary["xpass"], 1);
  EXPECT_EQ(summary["xpass_cases"], json::array({"PasidTest.Fixed [other-bug]"}));
  EXPECT_EQ(summary["status"], "passed");
}

}  // namespace
}  // namespace iommufd_conform
