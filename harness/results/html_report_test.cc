#include "harness/results/html_report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "harness/common/build_commit.h"
#include "harness/results/report_fixture.h"

namespace iommufd_conform {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class HtmlReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto html = FormatHtmlReport(configs_, FixtureContext());
    ASSERT_TRUE(html.ok()) << html.error().message;
    html_ = html.value();
  }
  std::vector<ConfigResult> configs_ = FixtureRun();
  std::string html_;
};

TEST_F(HtmlReportTest, SaysWhatRan) {
  EXPECT_THAT(html_, HasSubstr("<code>" + std::string(BuildCommit()) + "</code>"));
  EXPECT_THAT(html_, HasSubstr("iommufd-conform run --target vm --platform none,vtd"));
  EXPECT_THAT(html_, HasSubstr("<td>vm-x86_64-vtd-7.2</td><td>vm</td><td>x86_64</td>"
                               "<td>vtd</td><td>7.2</td><td>3</td><td class=\"fail\">error</td>"));
}

TEST_F(HtmlReportTest, TheMatrixHasThePlatformsAsColumnsAndTheMarkdownReportsCells) {
  EXPECT_THAT(html_, HasSubstr("<h3>vm, kernel 7.2</h3>"));
  EXPECT_THAT(html_, HasSubstr("data-config=\"vm-x86_64-none-7.2\">x86_64 none</th>"));
  EXPECT_THAT(html_, HasSubstr("data-config=\"vm-x86_64-vtd-7.2\">x86_64 vtd</th>"));
  EXPECT_THAT(html_, HasSubstr("<tr><td>ioas/map</td><td class=\"fail\">1 pass · 1 FAIL</td>"
                               "<td class=\"pass\">1 pass</td></tr>"));
  EXPECT_THAT(html_, HasSubstr("<tr><td>device/vfio_device</td><td class=\"empty\">–</td>"
                               "<td class=\"unverified\">1 unverified · 1 skip</td></tr>"));
  EXPECT_THAT(html_, HasSubstr("<td class=\"exp\">1 exp</td>"));
  EXPECT_THAT(html_, HasSubstr("<td class=\"error\">harness error</td>"));
}

TEST_F(HtmlReportTest, EveryNonPassHasItsReasonAndDivergenceEscaped) {
  EXPECT_THAT(html_, HasSubstr("<pre>Expected: errno EEXIST &lt;from the model&gt;\n"
                               "  Actual: 0 &amp; &quot;nothing&quot;</pre>"));
  EXPECT_THAT(html_, HasSubstr("<pre class=\"divergence\">IOMMU_IOAS_MAP diverged\n"
                               "  first difference: result: kernel -17 (EEXIST), model 0</pre>"));
  EXPECT_THAT(html_, HasSubstr("1 of 3 calls not compared; kernel only: "
                               "VFIO_DEVICE_BIND_IOMMUFD: the model has no such device"));
  EXPECT_THAT(html_, HasSubstr("IOMMU_HWPT_GET_DIRTY_BITMAP: [dirty-bitmap-unwritable-buffer]"));
  EXPECT_THAT(html_, HasSubstr("needs &lt;a device&gt; with FLR"));
  EXPECT_THAT(html_, HasSubstr("Kernel panic - not syncing: &lt;script&gt;alert(1)&lt;/script&gt;"));
  EXPECT_THAT(html_, Not(HasSubstr("<script")));
  EXPECT_THAT(html_, Not(HasSubstr("Every case of every configuration passed")));
}

TEST_F(HtmlReportTest, TheCoverageTableNamesEntriesNoCaseCalled) {
  EXPECT_THAT(html_, HasSubstr("<tr><td>IOMMU_IOAS_MAP</td><td class=\"\">5 ok · 2 err</td>"
                               "<td class=\"\">3 ok · 0 err</td></tr>"));
  EXPECT_THAT(html_, HasSubstr("<tr><td>IOMMU_IOAS_UNMAP</td><td class=\"never\">never</td>"));
  EXPECT_THAT(html_, HasSubstr("<li>vm-x86_64-none-7.2: never exercised: IOMMU_DESTROY"));
}

TEST(HtmlReport, ARunWhereEverythingPassedSaysSo) {
  ConfigResult config{"model", "x86_64", "none", "7.2", {}, {}, std::nullopt};
  config.cases.push_back(CaseResult{"S", "A", "/s/ioas/ioas_map_test.cc"});
  auto html = FormatHtmlReport({config}, {});
  ASSERT_TRUE(html.ok());
  EXPECT_THAT(html.value(), HasSubstr("Every case of every configuration passed"));
}

}  // namespace
}  // namespace iommufd_conform
