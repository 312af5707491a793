#include "harness/gate/gate_html.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "harness/gate/gate_summary.h"
#include "harness/gate/gate_test_data.h"

namespace iommufd_conform::gate {
namespace {

using ::testing::HasSubstr;
using namespace gate_test;  // NOLINT: the test data's builders

TEST(GateHtml, TheVerdictComesFirstThenThePatchedRunsWithTheirDivergences) {
  PlatformRun base = MakeRun("x86_64", "none", {MakeCase("IoasMapTest.A", CaseStatus::kPassed)});
  PlatformRun patched = MakeRun(
      "x86_64", "none", {MakeCase("IoasMapTest.A", CaseStatus::kFailed, "Expected: 0 <ok>")});
  patched.config.cases[0].file = "suites/ioas/ioas_map_test.cc";
  patched.divergences.push_back(
      {"IoasMapTest.A", "IOMMU_IOAS_MAP", "result", "IOMMU_IOAS_MAP diverged\n  result"});
  GateReport report = MakeReport(MakeSide("base", {base}, "/k/base"),
                                 MakeSide("patched", {patched}, "/k/patched"));
  auto html = FormatGateHtml(report, "iommufd-conform gate --tree /src/linux");
  ASSERT_TRUE(html.ok()) << html.error().message;
  const std::string& page = html.value();
  std::string summary = FormatSummary(report);
  std::string headline = summary.substr(0, summary.find('\n'));
  ASSERT_EQ(headline.find_first_of("<>&\"'"), std::string::npos) << headline;
  EXPECT_THAT(page, HasSubstr("<pre id=\"summary-text\">" + headline + "\n"));
  EXPECT_THAT(page, HasSubstr("<code>iommufd-conform gate --tree /src/linux</code>"));
  EXPECT_THAT(page, HasSubstr("<tr><td>ioas/map</td><td class=\"fail\">1 FAIL</td></tr>"));
  EXPECT_THAT(page, HasSubstr("<pre>Expected: 0 &lt;ok&gt;</pre>"));
  EXPECT_THAT(page, HasSubstr("<pre class=\"divergence\">IOMMU_IOAS_MAP diverged\n  result</pre>"));
  EXPECT_LT(page.find("summary-text"), page.find("class=\"matrix\""));
}

}  // namespace
}  // namespace iommufd_conform::gate
