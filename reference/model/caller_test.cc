// CallerProcess: the model reaches the memory, mappings and descriptors of the process a call
// came from, here a forked child, and nothing once it has exited.
#include "reference/model/caller.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

#include <gtest/gtest.h>

#include "reference/model/user_memory.h"
#include "reference/model/user_pages.h"

namespace iommufd_conform::model {
namespace {

class CallerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    page_ = CpuPageSize();
    // Reserved here, so the child's mapping has the same address.
    region_ = static_cast<char*>(
        mmap(nullptr, 2 * page_, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    ASSERT_NE(region_, MAP_FAILED);
    ASSERT_EQ(pipe(ready_), 0);
    ASSERT_EQ(pipe(finish_), 0);
    child_ = fork();
    if (child_ == 0) {
      // Only the child's first page is readable and writable, holding its own bytes; the
      // parent's stays PROT_NONE.
      mprotect(region_, page_, PROT_READ | PROT_WRITE);
      std::memset(region_, 0x5a, page_);
      int file = open("/dev/null", O_RDONLY);
      (void)!write(ready_[1], &file, sizeof(file));
      char byte;
      (void)!read(finish_[0], &byte, 1);
      _exit(0);
    }
    ASSERT_EQ(read(ready_[0], &child_file_, sizeof(child_file_)),
              static_cast<ssize_t>(sizeof(child_file_)));
    child_process_ = CallerProcess::Remote(child_);
    ASSERT_NE(child_process_, nullptr);
  }

  void TearDown() override {
    if (child_ > 0) EndChild();
    munmap(region_, 2 * page_);
    for (int fd : {ready_[0], ready_[1], finish_[0], finish_[1]}) close(fd);
  }

  void EndChild() {
    (void)!write(finish_[1], "x", 1);
    waitpid(child_, nullptr, 0);
    child_ = -1;
  }

  uint64_t page_;
  char* region_ = nullptr;
  int ready_[2], finish_[2];
  pid_t child_ = -1;
  int child_file_ = -1;
  std::shared_ptr<const CallerProcess> child_process_;
};

TEST_F(CallerTest, SelfIsTheDefaultCaller) {
  EXPECT_TRUE(CurrentCaller()->IsSelf());
  {
    CallerScope scope(child_process_);
    EXPECT_FALSE(CurrentCaller()->IsSelf());
    EXPECT_EQ(CurrentCaller()->pid(), child_);
  }
  EXPECT_TRUE(CurrentCaller()->IsSelf());
}

TEST_F(CallerTest, CopiesReachTheCallersMemory) {
  auto address = reinterpret_cast<uint64_t>(region_);
  unsigned char byte = 0;
  // Our own page is PROT_NONE: EFAULT here, the child's bytes there.
  EXPECT_EQ(UserMemory::CopyFrom(&byte, address, 1), EFAULT);
  CallerScope scope(child_process_);
  ASSERT_EQ(UserMemory::CopyFrom(&byte, address, 1), 0);
  EXPECT_EQ(byte, 0x5a);
  unsigned char value = 0x33;
  ASSERT_EQ(UserMemory::CopyTo(address + 7, &value, 1), 0);
  ASSERT_EQ(UserMemory::CopyFrom(&byte, address + 7, 1), 0);
  EXPECT_EQ(byte, 0x33);
  EXPECT_EQ(UserMemory::CopyFrom(&byte, address + page_, 1), EFAULT);
}

TEST_F(CallerTest, PinChecksLookAtTheCallersMappings) {
  auto address = reinterpret_cast<uint64_t>(region_);
  EXPECT_FALSE(CanPinUserPages(address, page_, /*writable=*/true));
  CallerScope scope(child_process_);
  EXPECT_TRUE(CanPinUserPages(address, page_, /*writable=*/true));
  EXPECT_FALSE(CanPinUserPages(address, 2 * page_, /*writable=*/false));
}

TEST_F(CallerTest, DescriptorsAreTheCallers) {
  int copy = child_process_->CopyDescriptor(child_file_);
  ASSERT_GE(copy, 0) << std::strerror(errno);
  struct stat theirs {}, null {};
  fstat(copy, &theirs);
  stat("/dev/null", &null);
  EXPECT_EQ(theirs.st_rdev, null.st_rdev);
  close(copy);
  EXPECT_EQ(child_process_->CopyDescriptor(child_file_ + 100), -1);
}

TEST_F(CallerTest, HasDescriptorAsksTheCaller) {
  EXPECT_TRUE(child_process_->HasDescriptor(child_file_));
  EXPECT_FALSE(child_process_->HasDescriptor(child_file_ + 100));
  EXPECT_FALSE(CallerProcess::Self()->HasDescriptor(-1));
}

TEST_F(CallerTest, NothingIsLeftOfAProcessThatExited) {
  auto address = reinterpret_cast<uint64_t>(region_);
  EXPECT_TRUE(child_process_->Alive());
  EndChild();
  EXPECT_FALSE(child_process_->Alive());
  CallerScope scope(child_process_);
  unsigned char byte;
  EXPECT_EQ(UserMemory::CopyFrom(&byte, address, 1), EFAULT);
  EXPECT_FALSE(CanPinUserPages(address, page_, /*writable=*/false));
}

TEST_F(CallerTest, SameProcess) {
  auto again = CallerProcess::Remote(child_);
  ASSERT_NE(again, nullptr);
  EXPECT_TRUE(child_process_->SameProcess(*again));
  EXPECT_FALSE(child_process_->SameProcess(*CallerProcess::Self()));
  EXPECT_TRUE(CallerProcess::Self()->SameProcess(*CallerProcess::Self()));
}

}  // namespace
}  // namespace iommufd_conform::model
