#include "suites/ioas/ioas_variant_test.h"

namespace iommufd_conform {

std::string IoasVariantName(const testing::TestParamInfo<IoasVariant>& info) {
  switch (info.param) {
    case IoasVariant::kNoDomain:
      return "NoDomain";
    case IoasVariant::kOneMockDomain:
      return "OneMockDomain";
    case IoasVariant::kTwoMockDomains:
      return "TwoMockDomains";
    case IoasVariant::kMemoryLimit:
      return "MockDomainMemoryLimit";
  }
  return "";
}

void IoasVariantTest::SetUp() {
  IoasTest::SetUp();
  if (HasFatalFailure() || !has_domain()) return;
  SkipWithoutMockDevices();
  if (HasFatalFailure() || IsSkipped()) return;
  if (GetParam() == IoasVariant::kMemoryLimit) {
    (void)Require(iommufd().SetTempMemoryLimit(kLoweredMemoryLimit), "SET_TEMP_MEMORY_LIMIT");
    limit_lowered_ = true;
  }
  devices_.push_back(MockDomainOk(ioas_));
  if (GetParam() == IoasVariant::kTwoMockDomains) {
    devices_.push_back(MockDomainOk(HwptAllocOk(devices_[0].idev, ioas_)));
  }
}

void IoasVariantTest::TearDown() {
  if (limit_lowered_) {
    EXPECT_THAT(iommufd().SetTempMemoryLimit(kDefaultMemoryLimit), Succeeds())
        << "the default temporary memory limit back";
  }
  MockTest::TearDown();
}

uapi::IommuIovaRange IoasVariantTest::WholeRange() const {
  return has_domain() ? kAperture : uapi::IommuIovaRange{0, UINT64_MAX};
}

uint64_t IoasVariantTest::Alignment() const { return has_domain() ? uapi::kMockPageSize : 1; }

}  // namespace iommufd_conform
