#ifndef IOMMUFD_CONFORM_SUITES_MOCK_ACCESS_TEST_H_
#define IOMMUFD_CONFORM_SUITES_MOCK_ACCESS_TEST_H_

#include <cstdint>
#include <vector>

#include "suites/mock/mock_test.h"

namespace iommufd_conform {

// A MockTest that makes selftest accesses (an in-kernel iommufd user, like an mdev driver):
// CREATE_ACCESS hands out a descriptor, which the fixture closes at the end. The access ops
// name the access by that descriptor in `id`, and may go through any iommufd.
class AccessTest : public MockTest {
 protected:
  void TearDown() override;

  // CREATE_ACCESS through the session; the fixture closes the descriptor at TearDown.
  Outcome CreateAccess(uint32_t ioas, uint32_t flags);
  // The access descriptor.
  int CreateAccessOk(uint32_t ioas, uint32_t flags = uapi::kMockFlagsAccessCreateNeedsPinPages);
  void CloseAccessOk(int access_fd);
  // ACCESS_PAGES: the access pages item id.
  uint32_t AccessPagesOk(int access_fd, uint64_t iova, uint64_t length, const void* uptr,
                         uint32_t flags = 0);

 private:
  std::vector<int> access_fds_;
};

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_SUITES_MOCK_ACCESS_TEST_H_
