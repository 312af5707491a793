#include <algorithm>
#include <string>

#include "suites/mock/access_test.h"

namespace iommufd_conform {

using uapi::IommuTestCmd;

void AccessTest::TearDown() {
  // An open access keeps its iommufd alive, and with it every object.
  for (int fd : access_fds_) (void)iommufd().backend().Close(fd);
  MockTest::TearDown();
}

Outcome AccessTest::CreateAccess(uint32_t ioas, uint32_t flags) {
  Outcome outcome = iommufd().CreateAccess(ioas, flags);
  if (outcome.ok()) {
    access_fds_.push_back(static_cast<int>(outcome.As<IommuTestCmd>().create_access.out_access_fd));
  }
  return outcome;
}

int AccessTest::CreateAccessOk(uint32_t ioas, uint32_t flags) {
  return static_cast<int>(
      Require(CreateAccess(ioas, flags), "CREATE_ACCESS on " + std::to_string(ioas))
          .As<IommuTestCmd>()
          .create_access.out_access_fd);
}

void AccessTest::CloseAccessOk(int access_fd) {
  (void)Require(iommufd().Close(access_fd), "close of access " + std::to_string(access_fd));
  std::erase(access_fds_, access_fd);
}

uint32_t AccessTest::AccessPagesOk(int access_fd, uint64_t iova, uint64_t length,
                                   const void* uptr, uint32_t flags) {
  return Require(iommufd().AccessPages(access_fd, iova, length, uptr, flags),
                 "ACCESS_PAGES at " + std::to_string(iova))
      .As<IommuTestCmd>()
      .access_pages.out_access_pages_id;
}

}  // namespace iommufd_conform
