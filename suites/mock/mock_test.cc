#include "suites/mock/mock_test.h"

namespace iommufd_conform {

using uapi::IommuTestCmd;

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
