#include "harness/results/report_fixture.h"

namespace iommufd_conform {
namespace {

CaseResult Case(std::string suite, std::string name, std::string file, CaseStatus status,
                DiffCounts diff, std::string message = "") {
  CaseResult result;
  result.suite = std::move(suite);
  result.name = std::move(name);
  result.file = std::move(file);
  result.status = status;
  result.diff = diff;
  result.message = std::move(message);
  return result;
}

}  // namespace

std::vector<ConfigResult> FixtureRun() {
  constexpr char kMap[] = "/src/suites/ioas/ioas_map_test.cc";
  constexpr char kDirty[] = "/src/suites/mock/dirty_tracking_test.cc";
  constexpr char kDevice[] = "/src/suites/device/vfio_device_test.cc";
  ConfigResult none{"vm", "x86_64", "none", "7.2", {}, {}, std::nullopt};
  none.cases = {Case("IoasMapTest", "Maps", kMap, CaseStatus::kPassed, {3, 3, 0, 0, 0}),
                Case("IoasMapTest", "Fixed", kMap, CaseStatus::kFailed, {4, 3, 0, 0, 0},
                     "Expected: errno EEXIST <from the model>\n  Actual: 0 & \"nothing\""),
                Case("DirtyTrackingTest", "Reads", kDirty, CaseStatus::kPassed, {2, 1, 1, 0, 0})};
  none.cases[2].expected_divergences =
      "IOMMU_HWPT_GET_DIRTY_BITMAP: [dirty-bitmap-unwritable-buffer] kernel bug";
  none.census = {{"IOMMU_IOAS_ALLOC", {6, 0}}, {"IOMMU_IOAS_MAP", {5, 2}}};

  ConfigResult vtd{"vm", "x86_64", "vtd", "7.2", {}, {}, std::nullopt};
  vtd.cases = {Case("IoasMapTest", "Maps", kMap, CaseStatus::kPassed, {3, 3, 0, 0, 0}),
               Case("VfioDeviceTest", "Binds", kDevice, CaseStatus::kPassed, {3, 2, 0, 0, 1}),
               Case("VfioDeviceTest", "Resets", kDevice, CaseStatus::kSkipped, {0, 0, 0, 0, 0},
                    "needs <a device> with FLR")};
  vtd.cases[1].not_covered = "VFIO_DEVICE_BIND_IOMMUFD: the model has no such device";
  vtd.harness_error = MakeError(HarnessErrorKind::kGuestCrashed,
                                "Kernel panic - not syncing: <script>alert(1)</script>\n"
                                "while VfioDeviceTest.Resets was running; 2 finished cases kept");
  vtd.census = {{"IOMMU_IOAS_MAP", {3, 0}}, {"VFIO_DEVICE_BIND_IOMMUFD", {1, 0}}};
  return {none, vtd};
}

HtmlReportContext FixtureContext() {
  HtmlReportContext context;
  context.command = "iommufd-conform run --target vm --platform none,vtd --backend diff";
  context.generated = "2026-12-07T12:00:00Z";
  context.divergences["vm-x86_64-none-7.2"]["IoasMapTest.Fixed"] =
      "IOMMU_IOAS_MAP diverged\n  first difference: result: kernel -17 (EEXIST), model 0";
  return context;
}

}  // namespace iommufd_conform
