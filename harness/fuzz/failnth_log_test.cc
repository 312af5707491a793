#include "harness/fuzz/failnth_log.h"

#include <gtest/gtest.h>

namespace iommufd_conform {
namespace {

// Lines as fuzz/failnth/fail_nth_main.cc prints them.
std::vector<std::string> Walk(std::vector<std::string> middle, bool summary = true) {
  std::vector<std::string> lines = {"failnth: kernel 7.2, walking 2 sequences",
                                    "failnth: run ioas_map call 0"};
  lines.insert(lines.end(), middle.begin(), middle.end());
  lines.push_back("failnth: ioas_map: IOMMU_IOAS_MAP ENOMEM x3");
  lines.push_back("failnth: ioas_map: IOMMU_IOAS_MAP EFAULT x1");
  if (summary) {
    lines.push_back(
        R"(failnth-summary {"sequences":[{"name":"ioas_map","runs":40,"fault_sites":31},)"
        R"({"name":"ioas_copy","runs":12,"fault_sites":9}],"findings":0})");
  }
  return lines;
}

TEST(FailNthLogTest, ACleanWalkCountsItsRunsAndErrnos) {
  FailNthLog log = ParseFailNthLog(Walk({}));
  EXPECT_TRUE(log.started);
  EXPECT_TRUE(log.finished);
  EXPECT_EQ(log.runs, 52);
  EXPECT_EQ(log.fault_sites, 40);
  EXPECT_TRUE(log.findings.empty());
  EXPECT_EQ(log.errnos_by_call, (std::map<std::string, int>{
                                    {"ioas_map: IOMMU_IOAS_MAP EFAULT", 1},
                                    {"ioas_map: IOMMU_IOAS_MAP ENOMEM", 3}}));
  EXPECT_EQ(DescribeFailNthLog(log), "52 runs over 40 fault sites, clean");
}

TEST(FailNthLogTest, AFindingIsKnownByItsCallsNotItsFaultSiteNumber) {
  FailNthLog log = ParseFailNthLog(Walk({
      "failnth-finding ioas_map: fault at call 2 (IOMMU_IOAS_MAP) n=7, divergence at "
      "IOMMU_IOAS_IOVA_RANGES",
      "IOMMU_IOAS_IOVA_RANGES num_iovas: kernel 2, model 1",
      "  calls: IOMMU_IOAS_ALLOC IOMMU_IOAS_MAP IOMMU_IOAS_IOVA_RANGES",
      "failnth-finding-end"}));
  ASSERT_EQ(log.findings.size(), 1u);
  EXPECT_EQ(log.findings[0].signature,
            "ioas_map: fault at call 2 (IOMMU_IOAS_MAP), divergence at IOMMU_IOAS_IOVA_RANGES");
  EXPECT_NE(log.findings[0].evidence.find("num_iovas: kernel 2, model 1"), std::string::npos);
  EXPECT_EQ(DescribeFailNthLog(log), "52 runs over 40 fault sites, 1 finding(s)");
}

TEST(FailNthLogTest, AbsorbedDivergencesAreCountedApartFromFindings) {
  FailNthLog log = ParseFailNthLog(Walk({
      "failnth-absorbed mock_domain: fault at call 1 (IOMMU_TEST_OP_MOCK_DOMAIN) n=2, "
      "divergence at IOMMU_HWPT_ALLOC",
      "IOMMU_HWPT_ALLOC out_hwpt_id: kernel 5, model 4",
      "failnth: ioas_map: IOMMU_IOAS_MAP ENOMEM x9",
      "failnth-absorbed-end"}));
  EXPECT_TRUE(log.findings.empty());
  EXPECT_EQ(log.absorbed, 1);
  EXPECT_EQ(log.errnos_by_call.at("ioas_map: IOMMU_IOAS_MAP ENOMEM"), 3);
}

TEST(FailNthLogTest, ASplatIsKnownWithoutItsAddressesAndCounters) {
  FailNthLog one = ParseFailNthLog(Walk({
      "failnth-splat ioas_map call 2 n 7: WARNING: CPU: 0 PID: 81 at "
      "drivers/iommu/iommufd/pages.c:1201 iopt_area_unpin+0x1c/0x90"}));
  FailNthLog other = ParseFailNthLog(Walk({
      "failnth-splat ioas_map call 2 n 9: WARNING: CPU: 1 PID: 97 at "
      "drivers/iommu/iommufd/pages.c:1201 iopt_area_unpin+0x1c/0x90"}));
  ASSERT_EQ(one.splats.size(), 1u);
  ASSERT_EQ(other.splats.size(), 1u);
  EXPECT_EQ(one.splats[0].signature, other.splats[0].signature);
  EXPECT_EQ(one.splats[0].signature.substr(0, 17), "ioas_map call 2: ");
  EXPECT_NE(one.splats[0].signature.find("iopt_area_unpin"), std::string::npos);
  FailNthLog interleaved = ParseFailNthLog(Walk({
      "failnth-splat ioas_map call 2 n 8: WARNING: CPU: 0 PID: 81 at "
      "drivers/iommu/iommufd/pages.c:1201 iopt_area_unpin+0x1c/0x90[   11.522622] "
      "iommufd_mock iommufd_mock0: Adding to iommu group 0"}));
  ASSERT_EQ(interleaved.splats.size(), 1u);
  EXPECT_EQ(interleaved.splats[0].signature, one.splats[0].signature);
}

TEST(FailNthLogTest, AWalkCutShortSaysWhereItWas) {
  FailNthLog log = ParseFailNthLog(Walk({"failnth: run ioas_copy call 3"}, false));
  EXPECT_FALSE(log.finished);
  EXPECT_EQ(DescribeFailNthLog(log), "did not finish (last: run ioas_copy call 3)");
}

TEST(FailNthLogTest, CleanRunFailuresAndAWalkThatCouldNotRun) {
  FailNthLog log =
      ParseFailNthLog(Walk({"failnth: clean run of ioas_copy: call IOMMU_IOAS_COPY EINVAL"}));
  ASSERT_EQ(log.clean_failures.size(), 1u);
  EXPECT_EQ(log.clean_failures[0].signature, "ioas_copy: call IOMMU_IOAS_COPY EINVAL");
  FailNthLog refused = ParseFailNthLog(
      {"failnth: cannot start (model profile for 9.9: no, manifest errors: 0)"});
  EXPECT_EQ(DescribeFailNthLog(refused),
            "could not run: cannot start (model profile for 9.9: no, manifest errors: 0)");
}

}  // namespace
}  // namespace iommufd_conform
