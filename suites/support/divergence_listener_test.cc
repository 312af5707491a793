#include "suites/support/divergence_listener.h"

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include "harness/backend/scripted_backend.h"
#include "reference/uapi/iommufd.h"

namespace iommufd_conform {
namespace {

constexpr std::string_view kManifest = R"([alloc-id]
call: IOMMU_IOAS_ALLOC
kernel: ok
model: ok
field: out_ioas_id
kernels: 7.2
platforms: any
reason: made up for the test
kernel-bug: no
)";

// A differential backend whose kernel hands out IOAS id 2 while its model hands out 1.
class DivergenceListenerTest : public ::testing::Test {
 protected:
  explicit DivergenceListenerTest(DivergenceManifest manifest = DivergenceManifest()) {
    auto kernel = std::make_unique<ScriptedBackend>(20);
    kernel->handler = IoasId(2);
    auto model = std::make_unique<ScriptedBackend>(3);
    model->handler = IoasId(1);
    diff_ = std::make_unique<DiffBackend>(std::move(kernel), std::move(model),
                                          DiffTarget{"7.2", model::Platform::kNone},
                                          std::move(manifest));
    listener_ = std::make_unique<DivergenceListener>(*diff_, "");
    fd_ = static_cast<int>(diff_->OpenIommufd().ret);
  }

  static ScriptedBackend::Handler IoasId(uint32_t id) {
    return [id](int, unsigned long, void* arg) {
      static_cast<uapi::IommuIoasAlloc*>(arg)->out_ioas_id = id;
      return Outcome::Success(0);
    };
  }

  void AllocIoas() {
    uapi::IommuIoasAlloc alloc{sizeof(alloc), 0, 0};
    (void)diff_->Ioctl(fd_, uapi::kIoctlIoasAlloc, &alloc, sizeof(alloc));
  }

  std::unique_ptr<DiffBackend> diff_;
  std::unique_ptr<DivergenceListener> listener_;
  int fd_ = -1;
};

TEST_F(DivergenceListenerTest, AnUnexpectedDivergenceFailsTheCaseWithTheReport) {
  EXPECT_NONFATAL_FAILURE(AllocIoas(),
                          "first difference: out_ioas_id (byte 8): kernel 2, model 1");
}

class ExpectedDivergenceListenerTest : public DivergenceListenerTest {
 protected:
  ExpectedDivergenceListenerTest()
      : DivergenceListenerTest(ParseDivergenceManifest(kManifest).manifest) {}
};

TEST_F(ExpectedDivergenceListenerTest, AnExpectedDivergenceDoesNotFail) {
  AllocIoas();
  EXPECT_EQ(diff_->summary().expected.at("[alloc-id] made up for the test"), 1);
}

TEST(FormatDiffSummaryTest, ListsEveryKindWithItsCalls) {
  DiffSummary summary;
  summary.calls = 10;
  summary.compared = 8;
  summary.adopted_iovas = 1;
  summary.unexpected = {{"IOMMU_IOAS_MAP", 2}};
  summary.not_covered = {{"open(device)", 1}, {"VFIO_DEVICE_BIND_IOMMUFD", 1}};
  EXPECT_EQ(FormatDiffSummary(summary, {"7.2", model::Platform::kVtd}),
            "differential run against kernel 7.2, platform vtd\n"
            "  10 calls, 8 compared, 1 automatic IOVAs adopted by the model\n"
            "  unexpected divergences: 2\n"
            "    2x IOMMU_IOAS_MAP\n"
            "  expected divergences: 0\n"
            "  unverifiable (states already apart): 0\n"
            "  not covered by the model (kernel only): 2\n"
            "    1x VFIO_DEVICE_BIND_IOMMUFD\n"
            "    1x open(device)\n");
}

}  // namespace
}  // namespace iommufd_conform
