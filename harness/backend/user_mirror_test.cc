#include "harness/backend/user_mirror.h"

#include <gtest/gtest.h>
#include <sys/mman.h>

#include <cstring>

#include "reference/model/user_memory.h"

namespace iommufd_conform {
namespace {

using model::UserMemory;

class UserMirrorTest : public ::testing::Test {
 protected:
  // Three pages: read-write, read-only, unmapped.
  void SetUp() override {
    page_ = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    void* base = mmap(nullptr, 3 * page_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                      -1, 0);
    ASSERT_NE(base, MAP_FAILED);
    base_ = static_cast<std::byte*>(base);
    std::memset(base_, 0x11, page_);
    std::memset(base_ + page_, 0x22, page_);
    ASSERT_EQ(mprotect(base_ + page_, page_, PROT_READ), 0);
    ASSERT_EQ(munmap(base_ + 2 * page_, page_), 0);
  }
  void TearDown() override { munmap(base_, 2 * page_); }
  uint64_t At(size_t offset) const { return reinterpret_cast<uintptr_t>(base_ + offset); }

  size_t page_ = 0;
  std::byte* base_ = nullptr;
};

TEST_F(UserMirrorTest, KeepsBytesOffsetAndEachPagesAccess) {
  // From the middle of the first page to the middle of the third.
  size_t offset = page_ / 2, length = 2 * page_;
  auto mirror = UserMirror::Of(At(offset), length);
  ASSERT_NE(mirror, nullptr);
  EXPECT_EQ(mirror->address() % page_, offset % page_);
  std::byte byte{};
  EXPECT_EQ(UserMemory::CopyFrom(&byte, mirror->address(), 1), 0);
  EXPECT_EQ(byte, std::byte{0x11});
  // Writable where the original is, read-only and absent where it is.
  std::byte x{0x99};
  EXPECT_EQ(UserMemory::CopyTo(mirror->address(), &x, 1), 0);
  EXPECT_EQ(UserMemory::CopyTo(mirror->address() + page_ - offset, &x, 1), EFAULT);
  EXPECT_EQ(UserMemory::CopyFrom(&byte, mirror->address() + page_ - offset, 1), 0);
  EXPECT_EQ(byte, std::byte{0x22});
  EXPECT_EQ(UserMemory::CopyFrom(&byte, mirror->address() + 2 * page_ - offset, 1), EFAULT);
  // What the mirror took is its own: the original keeps its bytes.
  EXPECT_EQ(base_[offset], std::byte{0x11});
  std::vector<std::byte> bytes = mirror->Bytes();
  EXPECT_EQ(bytes[0], std::byte{0x99});
  EXPECT_EQ(bytes[page_ - offset], std::byte{0x22});
  EXPECT_EQ(bytes[length - 1], std::byte{0});  // the absent page reads as zeros
  EXPECT_EQ(ReadAccessible(At(offset), length)[length - 1], std::byte{0});
}

TEST_F(UserMirrorTest, TakesTheInitialBytesGiven) {
  std::byte initial[4] = {std::byte{1}, std::byte{2}, std::byte{3}, std::byte{4}};
  auto mirror = UserMirror::Of(At(8), 16, initial);
  ASSERT_NE(mirror, nullptr);
  std::vector<std::byte> bytes = mirror->Bytes();
  EXPECT_EQ(bytes[3], std::byte{4});
  EXPECT_EQ(bytes[4], std::byte{0x11});
}

TEST_F(UserMirrorTest, RangesItCannotStandInForAreRefused) {
  EXPECT_EQ(UserMirror::Of(At(0), 0), nullptr);
  EXPECT_EQ(UserMirror::Of(At(0), UserMirror::kMaxBytes + 1), nullptr);
  EXPECT_EQ(UserMirror::Of(UINT64_MAX - 8, 16), nullptr);  // wraps
  EXPECT_EQ(UserMirror::Of(uint64_t{1} << 63, 16), nullptr);  // beyond user space
}

}  // namespace
}  // namespace iommufd_conform
