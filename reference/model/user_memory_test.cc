// UserMemory answers a bad address as copy_{from,to}_user does, whichever way it copies:
// EFAULT, never a crash, and page-granular partial copies in address order.
#include "reference/model/user_memory.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace iommufd_conform::model {
namespace {

using Guard = UserMemory::Guard;

uint64_t Page() { return static_cast<uint64_t>(sysconf(_SC_PAGESIZE)); }
uint64_t Address(const void* p) { return reinterpret_cast<uintptr_t>(p); }

// Three pages: read-write, then `middle`, then read-write.
class Pages {
 public:
  explicit Pages(int middle) {
    base_ = static_cast<unsigned char*>(
        mmap(nullptr, 3 * Page(), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    std::memset(base_, 0x5a, 3 * Page());
    mprotect(base_ + Page(), Page(), middle);
  }
  ~Pages() { munmap(base_, 3 * Page()); }
  unsigned char* at(uint64_t offset) { return base_ + offset; }

 private:
  unsigned char* base_;
};

class UserMemoryTest : public testing::TestWithParam<Guard> {
 protected:
  void SetUp() override { UserMemory::SetGuard(GetParam()); }
  void TearDown() override { UserMemory::SetGuard(Guard::kOwned); }
};

TEST_P(UserMemoryTest, CopiesGoodMemoryBothWays) {
  std::vector<unsigned char> src(3 * Page() + 13), dst(src.size());
  for (size_t i = 0; i < src.size(); ++i) src[i] = static_cast<unsigned char>(i * 7);
  EXPECT_EQ(UserMemory::CopyFrom(dst.data(), Address(src.data()) , src.size()), 0);
  EXPECT_EQ(dst, src);
  std::vector<unsigned char> back(src.size());
  EXPECT_EQ(UserMemory::CopyTo(Address(back.data()), src.data(), src.size()), 0);
  EXPECT_EQ(back, src);
  EXPECT_EQ(UserMemory::CopyFrom(dst.data(), 0, 0), 0);
}

TEST_P(UserMemoryTest, UnmappedAndWildAddressesAreEfault) {
  Pages pages(PROT_READ | PROT_WRITE);
  munmap(pages.at(Page()), Page());
  unsigned char byte = 0;
  EXPECT_EQ(UserMemory::CopyFrom(&byte, Address(pages.at(Page())), 1), EFAULT);
  EXPECT_EQ(UserMemory::CopyTo(Address(pages.at(Page())), &byte, 1), EFAULT);
  const uint64_t wild_addresses[] = {0, 8, 0xdeadbeefdeadbeef, 0xffff800000000000,
                                     0xffffffffff600000, UINT64_MAX - 3};
  for (uint64_t wild : wild_addresses) {
    EXPECT_EQ(UserMemory::CopyFrom(&byte, wild, 1), EFAULT) << std::hex << wild;
    EXPECT_EQ(UserMemory::CopyTo(wild, &byte, 1), EFAULT) << std::hex << wild;
    EXPECT_EQ(UserMemory::CopyFromPrefix(&byte, wild, 1), 0u) << std::hex << wild;
  }
}

TEST_P(UserMemoryTest, ProtNoneIsEfaultAndReadOnlyRefusesWrites) {
  Pages none(PROT_NONE);
  unsigned char byte = 1;
  EXPECT_EQ(UserMemory::CopyFrom(&byte, Address(none.at(Page())), 1), EFAULT);
  EXPECT_EQ(UserMemory::CopyTo(Address(none.at(Page())), &byte, 1), EFAULT);
  Pages read_only(PROT_READ);
  EXPECT_EQ(UserMemory::CopyFrom(&byte, Address(read_only.at(Page())), 1), 0);
  EXPECT_EQ(byte, 0x5a);
  EXPECT_EQ(UserMemory::CopyTo(Address(read_only.at(Page())), &byte, 1), EFAULT);
}

TEST_P(UserMemoryTest, PartialCopiesStopAtTheFirstBadPage) {
  Pages pages(PROT_READ);
  // A write over the read-only page: the page before it is written, nothing from it on.
  std::vector<unsigned char> src(3 * Page(), 0x11);
  uint64_t start = Address(pages.at(Page() / 2));
  EXPECT_EQ(UserMemory::CopyTo(start, src.data(), 2 * Page()), EFAULT);
  EXPECT_EQ(*pages.at(Page() / 2), 0x11);
  EXPECT_EQ(*pages.at(Page() - 1), 0x11);
  EXPECT_EQ(*pages.at(Page()), 0x5a);
  EXPECT_EQ(*pages.at(2 * Page()), 0x5a);

  Pages hole(PROT_NONE);
  std::vector<unsigned char> dst(2 * Page(), 0);
  EXPECT_EQ(UserMemory::CopyFromPrefix(dst.data(), Address(hole.at(Page() / 2)), 2 * Page()),
            Page() / 2);
  EXPECT_EQ(dst[Page() / 2 - 1], 0x5a);
  EXPECT_EQ(dst[Page() / 2], 0);
}

INSTANTIATE_TEST_SUITE_P(Guards, UserMemoryTest,
                         testing::Values(Guard::kOwned, Guard::kShared, Guard::kOff),
                         [](const testing::TestParamInfo<Guard>& info) {
                           switch (info.param) {
                             case Guard::kOwned: return "Owned";
                             case Guard::kShared: return "Shared";
                             case Guard::kOff: return "Off";
                           }
                           return "Unknown";
                         });

// A fault that is no copy's still reaches the handler installed before the guard, and one
// installed after the guard leaves the shared mode on the system calls.
TEST(UserMemoryGuardTest, ForeignHandlersKeepTheirFaults) {
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    struct sigaction theirs {};
    theirs.sa_handler = [](int) { _exit(42); };
    sigemptyset(&theirs.sa_mask);
    sigaction(SIGSEGV, &theirs, nullptr);
    UserMemory::SetGuard(Guard::kShared);
    unsigned char byte;
    if (UserMemory::CopyFrom(&byte, 8, 1) != EFAULT) _exit(1);
    volatile uintptr_t bad = 8;
    *reinterpret_cast<volatile int*>(bad) = 1;  // their fault
    _exit(2);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 42);
}

// With SIGSEGV blocked a fault would kill the process, so the shared mode copies by system
// call then; the answers stay the same.
TEST(UserMemoryGuardTest, SharedModeCopesWithBlockedFaults) {
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    sigset_t segv;
    sigemptyset(&segv);
    sigaddset(&segv, SIGSEGV);
    pthread_sigmask(SIG_BLOCK, &segv, nullptr);
    UserMemory::SetGuard(Guard::kShared);
    unsigned char byte = 0;
    if (UserMemory::CopyFrom(&byte, 8, 1) != EFAULT) _exit(1);
    if (UserMemory::CopyFrom(&byte, Address(&segv), 1) != 0) _exit(2);
    _exit(0);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status)) << "killed by signal " << WTERMSIG(status);
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
}  // namespace iommufd_conform::model
