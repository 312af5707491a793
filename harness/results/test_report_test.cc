#include "harness/results/test_report.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace iommufd_conform {
namespace {

// A GoogleTest XML file as the suite writes it in a differential run.
constexpr char kXml[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<testsuites tests="5" name="AllTests">
  <testsuite name="IoasMapTest" tests="3">
    <testcase name="Maps" file="/src/suites/ioas/ioas_map_test.cc" line="12" status="run" result="completed" time="0.5" classname="IoasMapTest">
      <properties>
        <property name="diff_expected" value="IOMMU_HWPT_GET_DIRTY_BITMAP: [dirty-bitmap-unwritable-buffer] kernel bug"/>
        <property name="diff_counts" value="calls=9 compared=7 accepted=1 unverifiable=1 not_covered=0"/>
        <property name="diff_unverifiable" value="IOMMU_IOAS_MAP: the states were already apart"/>
      </properties>
    </testcase>
    <testcase name="Fails" file="/src/suites/ioas/ioas_map_test.cc" line="20" status="run" result="completed" time="0" classname="IoasMapTest">
      <failure message="Value of: x" type=""/>
    </testcase>
    <testcase name="Off" file="/src/suites/ioas/ioas_map_test.cc" line="30" status="notrun" result="suppressed" time="0" classname="IoasMapTest"/>
    <testcase name="StillBroken" file="/src/suites/ioas/ioas_map_test.cc" line="40" status="run" result="completed" time="0" classname="IoasMapTest">
      <properties>
        <property name="diff_counts" value="calls=4 compared=2 accepted=1 unverifiable=1 not_covered=0"/>
        <property name="xfail" value="some-bug"/>
        <property name="xfail_reason" value="ioas_map_test.cc:41&#x0A;the bug showed"/>
      </properties>
    </testcase>
    <testcase name="Fixed" file="/src/suites/ioas/ioas_map_test.cc" line="50" status="run" result="completed" time="0" classname="IoasMapTest">
      <properties>
        <property name="xpass" value="other-bug"/>
      </properties>
    </testcase>
  </testsuite>
</testsuites>
)";

TEST(ReadGtestXml, KeepsFilesFailuresAndDifferentialProperties) {
  auto path = std::filesystem::temp_directory_path() / "test_report_test.xml";
  std::ofstream(path) << kXml;
  auto cases = ReadGtestXml(path);
  std::filesystem::remove(path);
  ASSERT_TRUE(cases.ok()) << cases.error().message;
  ASSERT_EQ(cases.value().size(), 4u);  // the case left out did not run
  const CaseResult& maps = cases.value()[0];
  EXPECT_EQ(maps.file, "/src/suites/ioas/ioas_map_test.cc");
  EXPECT_EQ(maps.status, CaseStatus::kPassed);
  EXPECT_EQ(maps.expected_divergences,
            "IOMMU_HWPT_GET_DIRTY_BITMAP: [dirty-bitmap-unwritable-buffer] kernel bug");
  ASSERT_TRUE(maps.diff.has_value());
  EXPECT_EQ(maps.diff->calls, 9);
  EXPECT_EQ(maps.diff->compared, 7);
  EXPECT_EQ(maps.diff->accepted, 1);
  EXPECT_EQ(maps.diff->Unverified(), 1);
  EXPECT_TRUE(maps.Unverified());
  EXPECT_EQ(maps.unverifiable, "IOMMU_IOAS_MAP: the states were already apart");
  EXPECT_EQ(cases.value()[1].status, CaseStatus::kFailed);
  EXPECT_FALSE(cases.value()[1].diff.has_value());
  EXPECT_EQ(cases.value()[1].message, "Value of: x");
  // A kernel bug's reproducer: its verdict, its entry, and for an xfail what failed. Calls
  // it could not compare do not make it "unverified": its answers are a known bug's.
  const CaseResult& xfail = cases.value()[2];
  EXPECT_EQ(xfail.status, CaseStatus::kPassed);
  EXPECT_EQ(xfail.bug_verdict, BugVerdict::kXfail);
  EXPECT_EQ(xfail.bug_id, "some-bug");
  EXPECT_EQ(xfail.message, "ioas_map_test.cc:41\nthe bug showed");
  EXPECT_FALSE(xfail.Unverified());
  EXPECT_EQ(cases.value()[3].bug_verdict, BugVerdict::kXpass);
  EXPECT_EQ(cases.value()[3].bug_id, "other-bug");
  ConfigResult config{"vm", "x86_64", "none", "7.2", cases.value(), {}, std::nullopt};
  EXPECT_EQ(config.CountPassed(), 0);
  EXPECT_EQ(config.Count(BugVerdict::kXfail), 1);
  EXPECT_EQ(config.Count(BugVerdict::kXpass), 1);
}

TEST(ParseDiffCounts, NeedsEveryCountAndNothingElse) {
  auto counts = ParseDiffCounts("calls=3 compared=1 accepted=0 unverifiable=0 not_covered=2");
  ASSERT_TRUE(counts.has_value());
  EXPECT_EQ(counts->not_covered, 2);
  EXPECT_FALSE(ParseDiffCounts("calls=3 compared=1 accepted=0 unverifiable=0"));
  EXPECT_FALSE(ParseDiffCounts("calls=3 compared=1 accepted=0 unverifiable=0 not_covered=x"));
  EXPECT_FALSE(ParseDiffCounts("calls=3 compared=1 accepted=0 unverifiable=0 other=2"));
}

}  // namespace
}  // namespace iommufd_conform
