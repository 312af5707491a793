#include "harness/gate/gate_junit.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <sstream>

#include "harness/gate/gate_test_data.h"

namespace iommufd_conform::gate {
namespace {

using boost::property_tree::ptree;
using namespace gate_test;  // NOLINT: the hand-made result builders

// name -> "failure", "skipped", "error" or "" for every testcase of the document.
std::map<std::string, std::string> Outcomes(const std::string& xml) {
  std::istringstream in(xml);
  ptree root;
  boost::property_tree::read_xml(in, root);
  std::map<std::string, std::string> outcomes;
  for (const auto& [tag, suite] : root.get_child("testsuites")) {
    if (tag != "testsuite") continue;
    for (const auto& [case_tag, test] : suite) {
      if (case_tag != "testcase") continue;
      std::string outcome;
      for (const char* mark : {"failure", "skipped", "error"}) {
        if (test.get_child_optional(mark)) outcome = mark;
      }
      outcomes[test.get<std::string>("<xmlattr>.classname") + "/" +
               test.get<std::string>("<xmlattr>.name")] = outcome;
    }
  }
  return outcomes;
}

TEST(GateJunitTest, OnlyRegressionsFailAndBaseFailuresAreSkipped) {
  GateReport report = MakeReport(
      MakeSide("base",
           {MakeRun("x86_64", "none",
                {MakeCase("A.New", CaseStatus::kPassed), MakeCase("A.Old", CaseStatus::kFailed),
                 MakeCase("A.Ok", CaseStatus::kPassed)})},
           "/b"),
      MakeSide("patched",
           {MakeRun("x86_64", "none",
                {MakeCase("A.New", CaseStatus::kFailed, "bad <length> & \x01 more"),
                 MakeCase("A.Old", CaseStatus::kFailed), MakeCase("A.Ok", CaseStatus::kPassed)})},
           "/p"));
  auto outcomes = Outcomes(FormatJunit(report));
  EXPECT_EQ(outcomes["x86_64-none.A/New"], "failure");
  EXPECT_EQ(outcomes["x86_64-none.A/Old"], "skipped");
  EXPECT_EQ(outcomes["x86_64-none.A/Ok"], "");
  EXPECT_EQ(outcomes["gate/verdict"], "failure");
  EXPECT_EQ(outcomes["gate/uapi_abi"], "");
  EXPECT_EQ(outcomes["gate.not_run/regression corpus replay"], "skipped");
  EXPECT_THAT(FormatJunit(report), ::testing::HasSubstr("name=\"Ok\" time=\"0.250\""));
}

}  // namespace
}  // namespace iommufd_conform::gate
