// The rules every iommufd ioctl shares: unknown numbers, the size field, trailing bytes.
#include <cstring>
#include <vector>

#include "suites/support/conform_test.h"

namespace iommufd_conform {
namespace {

using GenericIoctlTest = ConformTest;

TEST_F(GenericIoctlTest, UnknownIommufdNumberIsEnotty) {
  uint32_t arg[8] = {};
  arg[0] = sizeof(arg);
  // 0x9f lies between the last command and IOMMU_TEST_CMD in every kernel we know.
  EXPECT_THAT(iommufd().Raw(0x3b9f, arg, sizeof(arg)), FailsWith(ENOTTY));
}

TEST_F(GenericIoctlTest, KnownNumberWithDirectionBitsIsEnotty) {
  // iommufd commands are _IO(';', nr): the same nr with size bits is another command.
  uapi::IommuIoasAlloc arg{};
  arg.size = sizeof(arg);
  unsigned long with_size = uapi::kIoctlIoasAlloc | (sizeof(arg) << 16);
  EXPECT_THAT(iommufd().Raw(with_size, &arg, sizeof(arg)), FailsWith(ENOTTY));
}

TEST_F(GenericIoctlTest, SizeBelowMinimumIsEinval) {
  uapi::IommuIoasAlloc arg{};
  arg.size = offsetof(uapi::IommuIoasAlloc, out_ioas_id);  // out_ioas_id is mandatory
  EXPECT_THAT(iommufd().Raw(uapi::kIoctlIoasAlloc, &arg, sizeof(arg)), FailsWith(EINVAL));
}

TEST_F(GenericIoctlTest, SizeZeroIsEinval) {
  uapi::IommuDestroy arg{};
  EXPECT_THAT(iommufd().Raw(uapi::kIoctlDestroy, &arg, sizeof(arg)), FailsWith(EINVAL));
}

TEST_F(GenericIoctlTest, NonZeroByteBeyondStructIsE2big) {
  struct {
    uapi::IommuIoasAlloc alloc;
    uint32_t trailing;
  } arg{};
  arg.alloc.size = sizeof(arg);
  arg.trailing = 1;
  EXPECT_THAT(iommufd().Raw(uapi::kIoctlIoasAlloc, &arg, sizeof(arg)), FailsWith(E2BIG));
}

TEST_F(GenericIoctlTest, ZeroBytesBeyondStructAreAccepted) {
  struct {
    uapi::IommuIoasAlloc alloc;
    uint32_t trailing[16];
  } arg{};
  arg.alloc.size = sizeof(arg);
  Outcome outcome = iommufd().Raw(uapi::kIoctlIoasAlloc, &arg, sizeof(arg));
  ASSERT_THAT(outcome, Succeeds());
  EXPECT_NE(outcome.As<uapi::IommuIoasAlloc>().out_ioas_id, 0u);
  // Only the kernel's own struct is written back; the zero tail stays zero.
  for (uint32_t word : arg.trailing) EXPECT_EQ(word, 0u);
}

TEST_F(GenericIoctlTest, OutputIsNotWrittenOnFailure) {
  uapi::IommuIoasAlloc arg{};
  arg.size = sizeof(arg);
  arg.flags = 1;
  arg.out_ioas_id = 0x5a5a5a5a;
  ASSERT_THAT(iommufd().Raw(uapi::kIoctlIoasAlloc, &arg, sizeof(arg)), FailsWith(EOPNOTSUPP));
  EXPECT_EQ(arg.out_ioas_id, 0x5a5a5a5au);
}

TEST_F(GenericIoctlTest, UnreadableArgumentIsEfault) {
  EXPECT_THAT(iommufd().Raw(uapi::kIoctlIoasAlloc, nullptr, 0), FailsWith(EFAULT));
}

}  // namespace
}  // namespace iommufd_conform
