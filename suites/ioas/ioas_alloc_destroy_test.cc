// IOMMU_IOAS_ALLOC and IOMMU_DESTROY: ids, reuse, and what cannot be destroyed.
#include "suites/support/conform_test.h"

namespace iommufd_conform {
namespace {

using IoasAllocDestroyTest = ConformTest;

TEST_F(IoasAllocDestroyTest, IdsStartAtOneAndAscend) {
  EXPECT_EQ(IoasAllocOk(), 1u);
  EXPECT_EQ(IoasAllocOk(), 2u);
  EXPECT_EQ(IoasAllocOk(), 3u);
}

TEST_F(IoasAllocDestroyTest, LowestFreeIdIsReused) {
  uint32_t first = IoasAllocOk();
  uint32_t second = IoasAllocOk();
  IoasAllocOk();
  DestroyOk(second);
  DestroyOk(first);
  EXPECT_EQ(IoasAllocOk(), first);
  EXPECT_EQ(IoasAllocOk(), second);
}

TEST_F(IoasAllocDestroyTest, UnknownFlagsAreEopnotsupp) {
  EXPECT_THAT(iommufd().IoasAlloc(1), FailsWith(EOPNOTSUPP));
  EXPECT_THAT(iommufd().IoasAlloc(0x80000000u), FailsWith(EOPNOTSUPP));
}

TEST_F(IoasAllocDestroyTest, DestroyUnknownIdIsEnoent) {
  EXPECT_THAT(iommufd().Destroy(1), FailsWith(ENOENT));
  EXPECT_THAT(iommufd().Destroy(0), FailsWith(ENOENT));
  EXPECT_THAT(iommufd().Destroy(0xffffffffu), FailsWith(ENOENT));
}

TEST_F(IoasAllocDestroyTest, DestroyTwiceIsEnoent) {
  uint32_t ioas = IoasAllocOk();
  DestroyOk(ioas);
  EXPECT_THAT(iommufd().Destroy(ioas), FailsWith(ENOENT));
}

TEST_F(IoasAllocDestroyTest, DestroyWithMappingsSucceeds) {
  uint32_t ioas = IoasAllocOk();
  MapAutoOk(ioas, buffer(), page_size());
  DestroyOk(ioas);
  EXPECT_THAT(iommufd().IoasUnmap(ioas, 0, UINT64_MAX), FailsWith(ENOENT));
}

TEST_F(IoasAllocDestroyTest, IdsAreLocalToEachIommufd) {
  uint32_t ioas = IoasAllocOk();
  IommufdSession other(iommufd().backend());
  ASSERT_THAT(other.open_outcome(), Succeeds());
  EXPECT_THAT(other.Destroy(ioas), FailsWith(ENOENT));
  Outcome outcome = other.IoasAlloc();
  ASSERT_THAT(outcome, Succeeds());
  EXPECT_EQ(outcome.As<uapi::IommuIoasAlloc>().out_ioas_id, 1u);
}

}  // namespace
}  // namespace iommufd_conform
