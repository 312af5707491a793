#include "suites/mock/mock_test.h"

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
    IommuTestCmd cmd{};
    cmd.size = sizeof(cmd);
    cmd.op = uapi::kIommuTestOpMockDomain;
    cmd.id = ioas.As<uapi::IommuIoasAlloc>().out_ioas_id;
    Outcome outcome = session.Raw(uapi::kIoctlTestCmd, &cmd, sizeof(cmd));
    return outcome.ok() || outcome.error != EINVAL;
  }();
  return available;
}

}  // namespace

void MockTest::SetUp() {
  IoasTest::SetUp();
  if (HasFatalFailure()) return;
  // Op 0 is no op at all: a driver answers EOPNOTSUPP, a kernel without one ENOTTY.
  IommuTestCmd probe{};
  Outcome outcome = TestCmd(probe);
  if (!outcome.ok() && outcome.error == ENOTTY) {
    GTEST_SKIP() << "no selftest mock driver (kernel without CONFIG_IOMMUFD_TEST)";
  }
  ASSERT_THAT(outcome, FailsWith(EOPNOTSUPP)) << "IOMMU_TEST_CMD op 0";
  if (!MockDevicesAvailable()) {
    GTEST_SKIP() << "the selftest mock driver creates no device beside this platform's IOMMU "
                    "on this kernel (MOCK_DOMAIN: EINVAL)";
  }
}

Outcome MockTest::TestCmd(IommuTestCmd& cmd) {
  cmd.size = sizeof(cmd);
  return iommufd().Raw(uapi::kIoctlTestCmd, &cmd, sizeof(cmd));
}

Outcome MockTest::AddReserved(uint32_t ioas, uint64_t start, uint64_t length) {
  IommuTestCmd cmd{};
  cmd.op = uapi::kIommuTestOpAddReserved;
  cmd.id = ioas;
  cmd.add_reserved.start = start;
  cmd.add_reserved.length = length;
  return TestCmd(cmd);
}

void MockTest::AddReservedOk(uint32_t ioas, uint64_t start, uint64_t length) {
  EXPECT_THAT(AddReserved(ioas, start, length), Succeeds());
}

void MockTest::AddReservedFails(int error, uint32_t ioas, uint64_t start, uint64_t length) {
  EXPECT_THAT(AddReserved(ioas, start, length), FailsWith(error));
}

Outcome MockTest::MockDomain(uint32_t pt, std::optional<uint32_t> dev_flags) {
  IommuTestCmd cmd{};
  cmd.op = dev_flags ? uapi::kIommuTestOpMockDomainFlags : uapi::kIommuTestOpMockDomain;
  cmd.id = pt;
  cmd.mock_domain_flags.dev_flags = dev_flags.value_or(0);
  return TestCmd(cmd);
}

MockDevice MockTest::MockDomainOk(uint32_t pt, std::optional<uint32_t> dev_flags) {
  Outcome outcome = MockDomain(pt, dev_flags);
  EXPECT_THAT(outcome, Succeeds()) << "MOCK_DOMAIN on " << pt;
  auto reply = outcome.As<IommuTestCmd>().mock_domain;
  return {reply.out_stdev_id, reply.out_hwpt_id, reply.out_idev_id};
}

void MockTest::MockDomainFails(int error, uint32_t pt, std::optional<uint32_t> dev_flags) {
  EXPECT_THAT(MockDomain(pt, dev_flags), FailsWith(error)) << "MOCK_DOMAIN on " << pt;
}

Outcome MockTest::Replace(uint32_t stdev, uint32_t pt) {
  IommuTestCmd cmd{};
  cmd.op = uapi::kIommuTestOpMockDomainReplace;
  cmd.id = stdev;
  cmd.mock_domain_replace.pt_id = pt;
  return TestCmd(cmd);
}

uint32_t MockTest::ReplaceOk(uint32_t stdev, uint32_t pt) {
  Outcome outcome = Replace(stdev, pt);
  EXPECT_THAT(outcome, Succeeds()) << "MOCK_DOMAIN_REPLACE to " << pt;
  return outcome.As<IommuTestCmd>().mock_domain_replace.pt_id;
}

void MockTest::ReplaceFails(int error, uint32_t stdev, uint32_t pt) {
  EXPECT_THAT(Replace(stdev, pt), FailsWith(error)) << "MOCK_DOMAIN_REPLACE to " << pt;
}

Outcome MockTest::HwptAlloc(uint32_t dev, uint32_t pt, uint32_t flags, uint32_t data_type,
                            std::span<const std::byte> data) {
  uapi::IommuHwptAlloc arg{};
  arg.size = sizeof(arg);
  arg.flags = flags;
  arg.dev_id = dev;
  arg.pt_id = pt;
  arg.data_type = data_type;
  arg.data_len = static_cast<uint32_t>(data.size());
  arg.data_uptr = reinterpret_cast<uintptr_t>(data.data());
  return iommufd().Raw(uapi::kIoctlHwptAlloc, &arg, sizeof(arg));
}

uint32_t MockTest::HwptAllocOk(uint32_t dev, uint32_t pt, uint32_t flags, uint32_t data_type,
                               std::span<const std::byte> data) {
  Outcome outcome = HwptAlloc(dev, pt, flags, data_type, data);
  EXPECT_THAT(outcome, Succeeds()) << "HWPT_ALLOC on " << pt;
  return outcome.As<uapi::IommuHwptAlloc>().out_hwpt_id;
}

void MockTest::HwptAllocFails(int error, uint32_t dev, uint32_t pt, uint32_t flags,
                              uint32_t data_type, std::span<const std::byte> data) {
  EXPECT_THAT(HwptAlloc(dev, pt, flags, data_type, data), FailsWith(error))
      << "HWPT_ALLOC on " << pt;
}

bool MockTest::HasPasidMockDriver() {
  uint32_t probe_ioas = IoasAllocOk();
  Outcome outcome = MockDomain(probe_ioas, uapi::kMockFlagsDevicePasid);
  if (outcome.ok()) DestroyOk(outcome.As<IommuTestCmd>().mock_domain.out_stdev_id);
  DestroyOk(probe_ioas);
  return outcome.ok();
}

}  // namespace iommufd_conform
