#include <algorithm>

#include "suites/mock/access_test.h"

namespace iommufd_conform {

using uapi::IommuTestCmd;

void AccessTest::TearDown() {
  // An open access keeps its iommufd alive, and with it every object.
  for (int fd : access_fds_) (void)iommufd().backend().Close(fd);
  MockTest::TearDown();
}

Outcome AccessTest::CreateAccess(uint32_t ioas, uint32_t flags) {
  IommuTestCmd cmd{};
  cmd.op = uapi::kIommuTestOpCreateAccess;
  cmd.id = ioas;
  cmd.create_access.flags = flags;
  Outcome outcome = TestCmd(cmd);
  if (outcome.ok()) access_fds_.push_back(static_cast<int>(cmd.create_access.out_access_fd));
  return outcome;
}

int AccessTest::CreateAccessOk(uint32_t ioas, uint32_t flags) {
  Outcome outcome = CreateAccess(ioas, flags);
  EXPECT_THAT(outcome, Succeeds()) << "CREATE_ACCESS on " << ioas;
  return outcome.ok() ? static_cast<int>(outcome.As<IommuTestCmd>().create_access.out_access_fd)
                      : -1;
}

void AccessTest::CloseAccessOk(int access_fd) {
  EXPECT_THAT(iommufd().backend().Close(access_fd), Succeeds());
  std::erase(access_fds_, access_fd);
}

Outcome AccessTest::AccessPages(int access_fd, uint64_t iova, uint64_t length,
                                const void* uptr, uint32_t flags) {
  IommuTestCmd cmd{};
  cmd.op = uapi::kIommuTestOpAccessPages;
  cmd.id = static_cast<uint32_t>(access_fd);
  cmd.access_pages.flags = flags;
  cmd.access_pages.iova = iova;
  cmd.access_pages.length = length;
  cmd.access_pages.uptr = reinterpret_cast<uintptr_t>(uptr);
  return TestCmd(cmd);
}

uint32_t AccessTest::AccessPagesOk(int access_fd, uint64_t iova, uint64_t length,
                                   const void* uptr, uint32_t flags) {
  Outcome outcome = AccessPages(access_fd, iova, length, uptr, flags);
  EXPECT_THAT(outcome, Succeeds()) << "ACCESS_PAGES at " << iova;
  return outcome.As<IommuTestCmd>().access_pages.out_access_pages_id;
}

Outcome AccessTest::DestroyAccessPages(int access_fd, uint32_t item) {
  IommuTestCmd cmd{};
  cmd.op = uapi::kIommuTestOpDestroyAccessPages;
  cmd.id = static_cast<uint32_t>(access_fd);
  cmd.destroy_access_pages.access_pages_id = item;
  return TestCmd(cmd);
}

Outcome AccessTest::AccessRw(int access_fd, uint64_t iova, uint64_t length, void* uptr,
                             uint32_t flags) {
  IommuTestCmd cmd{};
  cmd.op = uapi::kIommuTestOpAccessRw;
  cmd.id = static_cast<uint32_t>(access_fd);
  cmd.access_rw.iova = iova;
  cmd.access_rw.length = length;
  cmd.access_rw.uptr = reinterpret_cast<uintptr_t>(uptr);
  cmd.access_rw.flags = flags;
  return TestCmd(cmd);
}

Outcome AccessTest::ReplaceAccessIoas(int access_fd, uint32_t ioas) {
  IommuTestCmd cmd{};
  cmd.op = uapi::kIommuTestOpAccessReplaceIoas;
  cmd.id = static_cast<uint32_t>(access_fd);
  cmd.access_replace_ioas.ioas_id = ioas;
  return TestCmd(cmd);
}

}  // namespace iommufd_conform
