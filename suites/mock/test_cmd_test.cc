// IOMMU_TEST_CMD's own dispatch: sizes, unknown ops, fields nobody reads.
#include "suites/mock/mock_test.h"

namespace iommufd_conform {
namespace {

using uapi::IommuTestCmd;

using MockTestCmdTest = MockTest;

// An ADD_RESERVED of one page, a harmless op to carry the generic checks.
IommuTestCmd AddReservedCmd(uint32_t ioas, uint64_t start) {
  IommuTestCmd cmd{};
  cmd.size = sizeof(cmd);
  cmd.op = uapi::kIommuTestOpAddReserved;
  cmd.id = ioas;
  cmd.add_reserved.start = start;
  cmd.add_reserved.length = 0x1000;
  return cmd;
}

TEST_F(MockTestCmdTest, SizeBelowTheLastFieldIsEinval) {
  IommuTestCmd cmd = AddReservedCmd(ioas_, 0x10000);
  cmd.size = offsetof(IommuTestCmd, last);
  EXPECT_THAT(iommufd().Raw(uapi::kIoctlTestCmd, &cmd, sizeof(cmd)), FailsWith(EINVAL));
  cmd.size = 0;
  EXPECT_THAT(iommufd().Raw(uapi::kIoctlTestCmd, &cmd, sizeof(cmd)), FailsWith(EINVAL));
}

TEST_F(MockTestCmdTest, SizeEndingAtTheLastFieldIsEnough) {
  IommuTestCmd cmd = AddReservedCmd(ioas_, 0x10000);
  cmd.size = offsetof(IommuTestCmd, last) + sizeof(cmd.last);
  EXPECT_THAT(iommufd().Raw(uapi::kIoctlTestCmd, &cmd, sizeof(cmd)), Succeeds());
}

TEST_F(MockTestCmdTest, NonZeroByteBeyondTheStructIsE2big) {
  struct {
    IommuTestCmd cmd;
    uint32_t trailing;
  } arg{AddReservedCmd(ioas_, 0x10000), 1};
  arg.cmd.size = sizeof(arg);
  EXPECT_THAT(iommufd().Raw(uapi::kIoctlTestCmd, &arg, sizeof(arg)), FailsWith(E2BIG));
  arg.trailing = 0;
  EXPECT_THAT(iommufd().Raw(uapi::kIoctlTestCmd, &arg, sizeof(arg)), Succeeds());
}

TEST_F(MockTestCmdTest, ReservedAndLastFieldsAreIgnored) {
  IommuTestCmd cmd = AddReservedCmd(ioas_, 0x10000);
  cmd.reserved = 1;
  cmd.last = 0xffffffff;
  ASSERT_THAT(iommufd().TestCmd(cmd), Succeeds());
  // It did take effect: the page is carved out of the IOVA space.
  auto ranges = IovaRangesOk(ioas_);
  ASSERT_EQ(ranges.size(), 2u);
  EXPECT_EQ(ranges[0].last, 0xffffu);
  EXPECT_EQ(ranges[1].start, 0x11000u);
}

TEST_F(MockTestCmdTest, UnknownOpsAreEopnotsupp) {
  for (uint32_t op : {0u, 24u, 25u, 100u, 0xffffffffu}) {
    IommuTestCmd cmd{};
    cmd.op = op;
    cmd.id = ioas_;
    EXPECT_THAT(iommufd().TestCmd(cmd), FailsWith(EOPNOTSUPP)) << "op " << op;
  }
}

TEST_F(MockTestCmdTest, CommandWithSizeBitsIsEnotty) {
  IommuTestCmd cmd = AddReservedCmd(ioas_, 0x10000);
  unsigned long with_size = uapi::kIoctlTestCmd | (sizeof(cmd) << 16);
  EXPECT_THAT(iommufd().Raw(with_size, &cmd, sizeof(cmd)), FailsWith(ENOTTY));
}

TEST_F(MockTestCmdTest, OpsSixteenToTwentyThreeComeWithThePasidDriver) {
  // 6.12's driver ends at TRIGGER_IOPF (15); the driver that knows PASID devices also
  // knows DEV_CHECK_CACHE .. DMABUF_REVOKE. Called on nothing, they fail, but as known ops.
  bool newer = HasPasidMockDriver();
  for (uint32_t op = uapi::kIommuTestOpDevCheckCache; op <= uapi::kIommuTestOpDmabufRevoke; ++op) {
    IommuTestCmd cmd{};
    cmd.op = op;
    cmd.dmabuf_revoke.dmabuf_fd = -1;
    Outcome outcome = iommufd().TestCmd(cmd);
    if (newer) {
      EXPECT_FALSE(!outcome.ok() && outcome.error == EOPNOTSUPP) << "op " << op;
    } else {
      EXPECT_THAT(outcome, FailsWith(EOPNOTSUPP)) << "op " << op;
    }
  }
}

}  // namespace
}  // namespace iommufd_conform
