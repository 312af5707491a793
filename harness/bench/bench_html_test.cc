#include "harness/bench/bench_html.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "harness/bench/svg_plot.h"

namespace iommufd_conform {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(BenchHtml, RendersTheMarkdownTablesAndInlinesThePlots) {
  std::string markdown =
      "## x86_64 vtd\n\n| backing | native |\n|---|---|\n| anon <4K> | 20.00 |\n\n"
      "<script>alert(1)</script>\n";
  std::string svg = SvgLinePlot("map & unmap", "length", "ns", {{"a", {{1, 1}, {2, 4}}, false}},
                                true);
  auto html = FormatBenchHtml(markdown, {{"x86_64-vtd-map.svg", svg}},
                              "iommufd-conform bench --target model", "2026-12-07T12:00:00Z");
  ASSERT_TRUE(html.ok()) << html.error().message;
  const std::string& page = html.value();
  EXPECT_THAT(page, HasSubstr("<h2>x86_64 vtd</h2>"));
  EXPECT_THAT(page, HasSubstr("<td>anon &lt;4K&gt;</td>"));
  EXPECT_THAT(page, HasSubstr("<th>backing</th>"));
  // Raw HTML in the Markdown is dropped, not passed through.
  EXPECT_THAT(page, Not(HasSubstr("<script")));
  EXPECT_THAT(page, HasSubstr("<figure><svg xmlns=\"http://www.w3.org/2000/svg\""));
  EXPECT_THAT(page, HasSubstr(">map &amp; unmap</text>"));
  EXPECT_THAT(page, Not(HasSubstr("<?xml")));
  EXPECT_THAT(page, HasSubstr("<figcaption>x86_64-vtd-map.svg</figcaption>"));
  EXPECT_THAT(page, HasSubstr("<code>iommufd-conform bench --target model</code>"));
}

}  // namespace
}  // namespace iommufd_conform
