// CanPinUserPages against mappings made here: the PROCMAP_QUERY path (or the text scan on
// older kernels) must see holes, protections and ranges spanning several VMAs.
#include "reference/model/user_pages.h"

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

namespace iommufd_conform::model {
namespace {

class UserPagesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    page_ = static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
    void* p = mmap(nullptr, 4 * page_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ASSERT_NE(p, MAP_FAILED);
    base_ = reinterpret_cast<uint64_t>(p);
    // [rw][ro][none][hole]
    ASSERT_EQ(mprotect(At(1), page_, PROT_READ), 0);
    ASSERT_EQ(mprotect(At(2), page_, PROT_NONE), 0);
    ASSERT_EQ(munmap(At(3), page_), 0);
  }
  void TearDown() override { munmap(At(0), 3 * page_); }
  void* At(int index) const { return reinterpret_cast<void*>(base_ + index * page_); }

  uint64_t page_ = 0;
  uint64_t base_ = 0;
};

TEST_F(UserPagesTest, ReadWritePageIsPinnableEitherWay) {
  EXPECT_TRUE(CanPinUserPages(base_, page_, /*writable=*/true));
  EXPECT_TRUE(CanPinUserPages(base_ + 8, 16, /*writable=*/false));
}

TEST_F(UserPagesTest, ReadOnlyPageIsPinnableOnlyForReading) {
  EXPECT_TRUE(CanPinUserPages(base_ + page_, page_, /*writable=*/false));
  EXPECT_FALSE(CanPinUserPages(base_ + page_, page_, /*writable=*/true));
}

TEST_F(UserPagesTest, RangesAcrossVmasNeedEveryPart) {
  EXPECT_TRUE(CanPinUserPages(base_, 2 * page_, /*writable=*/false));
  EXPECT_FALSE(CanPinUserPages(base_, 2 * page_, /*writable=*/true));
  EXPECT_FALSE(CanPinUserPages(base_, 3 * page_, /*writable=*/false));
}

TEST_F(UserPagesTest, ProtNoneHolesAndOverflowAreNot) {
  EXPECT_FALSE(CanPinUserPages(base_ + 2 * page_, page_, /*writable=*/false));
  EXPECT_FALSE(CanPinUserPages(base_ + 3 * page_, page_, /*writable=*/false));
  EXPECT_FALSE(CanPinUserPages(base_, 0, /*writable=*/false));
  EXPECT_FALSE(CanPinUserPages(~0ull - page_, 2 * page_, /*writable=*/false));
}

}  // namespace
}  // namespace iommufd_conform::model
