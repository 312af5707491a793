#include "suites/mock/mock_test.h"

#include <string>

#include "suites/support/suite_backend.h"

namespace iommufd_conform {

using uapi::IommuTestCmd;

namespace {

// Whether MOCK_DOMAIN can create a device at all, asked once per process in a session of its
// own so that the cases' ids stay untouched. Only beside a real IOMMU may the driver refuse
// (6.12 does, with EINVAL); on `none` a refusal fails the cases themselves.
bool MockDevicesAvailable() {
  if (SuitePlatform() == model::Platform::kNone) return true;
  static const bool available = [] {
    IommufdSession session(SuiteBackend());
    Outcome ioas = session.IoasAlloc();
    if (!session.open_outcome().ok() || !ioas.ok()) return true;
    Outcome outcome = session.MockDomain(ioas.As<uapi::IommuIoasAlloc>().out_ioas_id);
    return outcome.ok() || outcome.error != EINVAL;
  }();
  return available;
}

}  // namespace

void MockTest::SetUp() {
  IoasTest::SetUp();
  if (HasFatalFailure()) return;
  SkipWithoutMockDevices();
}

void MockTest::SkipWithoutMockDevices() {
  // Op 0 is no op at all: a driver answers EOPNOTSUPP, a kernel without one ENOTTY.
  IommuTestCmd probe{};
  Outcome outcome = iommufd().TestCmd(probe);
  if (!outcome.ok() && outcome.error == ENOTTY) {
    GTEST_SKIP() << "no selftest mock driver (kernel without CONFIG_IOMMUFD_TEST)";
  }
  ASSERT_THAT(outcome, FailsWith(EOPNOTSUPP)) << "IOMMU_TEST_CMD op 0";
  if (!MockDevicesAvailable()) {
    GTEST_SKIP() << "the selftest mock driver creates no device beside this platform's IOMMU "
                    "on this kernel (MOCK_DOMAIN: EINVAL)";
  }
}

void MockTest::AddReservedOk(uint32_t ioas, uint64_t start, uint64_t length) {
  (void)Require(iommufd().AddReserved(ioas, start, length),
                "ADD_RESERVED of " + std::to_string(length) + " bytes at " + std::to_string(start));
}

MockDevice MockTest::MockDomainOk(uint32_t pt, std::optional<uint32_t> dev_flags) {
  auto reply = Require(iommufd().MockDomain(pt, dev_flags), "MOCK_DOMAIN on " + std::to_string(pt))
                   .As<IommuTestCmd>()
                   .mock_domain;
  return {reply.out_stdev_id, reply.out_hwpt_id, reply.out_idev_id};
}

uint32_t MockTest::ReplaceOk(uint32_t stdev, uint32_t pt) {
  return Require(iommufd().MockDomainReplace(stdev, pt),
                 "MOCK_DOMAIN_REPLACE to " + std::to_string(pt))
      .As<IommuTestCmd>()
      .mock_domain_replace.pt_id;
}

uint32_t MockTest::HwptAllocOk(uint32_t dev, uint32_t pt, uint32_t flags, uint32_t data_type,
                               std::span<const std::byte> data) {
  return Require(iommufd().HwptAlloc(dev, pt, flags, data_type, data),
                 "HWPT_ALLOC on " + std::to_string(pt))
      .As<uapi::IommuHwptAlloc>()
      .out_hwpt_id;
}

bool MockTest::HasPasidMockDriver() {
  uint32_t probe_ioas = IoasAllocOk();
  Outcome outcome = iommufd().MockDomain(probe_ioas, uapi::kMockFlagsDevicePasid);
  if (outcome.ok()) DestroyOk(outcome.As<IommuTestCmd>().mock_domain.out_stdev_id);
  DestroyOk(probe_ioas);
  return outcome.ok();
}

}  // namespace iommufd_conform
