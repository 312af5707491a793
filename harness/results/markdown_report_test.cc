#include "harness/results/markdown_report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "harness/results/conformance_matrix.h"

namespace iommufd_conform {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

CaseResult Case(std::string name, std::string file, CaseStatus status, std::string message = "") {
  CaseResult result;
  result.suite = "Suite";
  result.name = std::move(name);
  result.file = std::move(file);
  result.status = status;
  result.message = std::move(message);
  return result;
}

TEST(AreaOf, NamesTheSourceFileWithoutItsFamilyPrefix) {
  EXPECT_EQ(AreaOf(Case("a", "/x/suites/ioas/ioas_map_test.cc", CaseStatus::kPassed)), "ioas/map");
  EXPECT_EQ(AreaOf(Case("a", "/x/suites/mock/dirty_tracking_test.cc", CaseStatus::kPassed)),
            "mock/dirty_tracking");
  EXPECT_EQ(AreaOf(Case("a", "", CaseStatus::kPassed)), "(unknown)");
}

class MarkdownReportTest : public ::testing::Test {
 protected:
  ConfigResult Config(std::string platform) {
    ConfigResult config{"vm", "x86_64", std::move(platform), "7.2", {}, {}, std::nullopt};
    return config;
  }
};

TEST_F(MarkdownReportTest, OneMatrixPerKernelWithPlatformsAsColumns) {
  ConfigResult none = Config("none");
  none.cases = {Case("a", "suites/ioas/ioas_map_test.cc", CaseStatus::kPassed),
                Case("b", "suites/ioas/ioas_map_test.cc", CaseStatus::kPassed)};
  ConfigResult vtd = Config("vtd");
  vtd.cases = {Case("a", "suites/ioas/ioas_map_test.cc", CaseStatus::kPassed),
               Case("b", "suites/ioas/ioas_map_test.cc", CaseStatus::kFailed, "Expected: EEXIST")};
  std::string report = FormatMarkdownReport({none, vtd});
  EXPECT_THAT(report, HasSubstr("## vm, kernel 7.2"));
  EXPECT_THAT(report, HasSubstr("| area | x86_64 none | x86_64 vtd |"));
  EXPECT_THAT(report, HasSubstr("| ioas/map | 2 pass | 1 pass · 1 FAIL |"));
  EXPECT_THAT(report, HasSubstr("- FAIL: `Suite.b` (ioas/map): Expected: EEXIST"));
  // A configuration where everything passed lists nothing.
  EXPECT_THAT(report, Not(HasSubstr("vm-x86_64-none-7.2: every case")));
}

TEST_F(MarkdownReportTest, EveryNonPassCarriesItsReason) {
  ConfigResult none = Config("none");
  CaseResult expected = Case("exp", "suites/mock/dirty_tracking_test.cc", CaseStatus::kPassed);
  expected.expected_divergences = "GET_DIRTY_BITMAP: [dirty-bitmap-unwritable-buffer] bug";
  CaseResult uncovered = Case("nc", "suites/device/vfio_device_test.cc", CaseStatus::kPassed);
  uncovered.not_covered = "VFIO_DEVICE_BIND_IOMMUFD: the model has no device";
  uncovered.diff = DiffCounts{3, 2, 0, 0, 1};
  // Kernel-only calls the properties name are what count, not the text.
  CaseResult compared = Case("all", "suites/device/vfio_device_test.cc", CaseStatus::kPassed);
  compared.diff = DiffCounts{3, 3, 0, 0, 0};
  none.cases = {expected, uncovered, compared,
                Case("skip", "suites/ioas/option_test.cc", CaseStatus::kSkipped, "needs | root")};
  none.harness_error = MakeError(HarnessErrorKind::kGuestCrashed, "Kernel panic\nline two");
  std::string report = FormatMarkdownReport({none});
  EXPECT_THAT(report, HasSubstr("- expected divergence: `Suite.exp` (mock/dirty_tracking): "
                                "GET_DIRTY_BITMAP: [dirty-bitmap-unwritable-buffer] bug"));
  EXPECT_THAT(report, HasSubstr("- unverified: `Suite.nc` (device/vfio_device): 1 of 3 calls "
                                "not compared; kernel only: VFIO_DEVICE_BIND_IOMMUFD: the model "
                                "has no device"));
  EXPECT_THAT(report, HasSubstr("| device/vfio_device | 1 pass · 1 unverified |"));
  EXPECT_THAT(report, HasSubstr("- skip: `Suite.skip` (ioas/option): needs \\| root"));
  EXPECT_THAT(report, HasSubstr("- **harness error**: Kernel panic line two"));
  EXPECT_THAT(report, HasSubstr("| mock/dirty_tracking | 1 exp |"));
}

TEST_F(MarkdownReportTest, ReproducersShowAsXfailAndXpassWithTheirEntries) {
  ConfigResult none = Config("none");
  CaseResult xfail = Case("broken", "suites/mock/pasid_test.cc", CaseStatus::kPassed);
  xfail.bug_verdict = BugVerdict::kXfail;
  xfail.bug_id = "some-bug";
  xfail.message = "pasid_test.cc:9 Expected: EINVAL";
  CaseResult xpass = Case("fixed", "suites/mock/pasid_test.cc", CaseStatus::kPassed);
  xpass.bug_verdict = BugVerdict::kXpass;
  xpass.bug_id = "other-bug";
  none.cases = {xfail, xpass, Case("plain", "suites/mock/pasid_test.cc", CaseStatus::kPassed)};
  std::string report = FormatMarkdownReport({none});
  EXPECT_THAT(report, HasSubstr("| mock/pasid | 1 pass · 1 xfail · 1 XPASS |"));
  EXPECT_THAT(report, HasSubstr("- expected failure (kernel bug): `Suite.broken` (mock/pasid): "
                                "[some-bug] pasid_test.cc:9 Expected: EINVAL"));
  EXPECT_THAT(report, HasSubstr("- XPASS (kernel bug not seen: fixed?): `Suite.fixed` "
                                "(mock/pasid): [other-bug] passed"));
}

}  // namespace
}  // namespace iommufd_conform
