#ifndef IOMMUFD_CONFORM_SUITES_SUPPORT_CONFORM_TEST_H_
#define IOMMUFD_CONFORM_SUITES_SUPPORT_CONFORM_TEST_H_

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "reference/uapi/iommufd.h"
#include "suites/support/iommufd_session.h"
#include "suites/support/kernel_bug.h"
#include "suites/support/leftovers.h"
#include "suites/support/outcome_matchers.h"
#include "suites/support/require.h"
#include "suites/support/test_buffer.h"

namespace iommufd_conform {

inline constexpr uint32_t kReadWrite = uapi::kIommuIoasMapReadable | uapi::kIommuIoasMapWriteable;
inline constexpr uint32_t kFixedReadWrite = kReadWrite | uapi::kIommuIoasMapFixedIova;

// Base fixture: one open iommufd on the suite's backend and a page-aligned user buffer.
// The *Ok helpers (here and in every fixture) make a call through the session, return what
// it answered, and stop the case when it fails (require.h), so a test reads as the story it
// checks and one broken call does not cascade into unrelated failures.
//
// Every case ends as the kernel's own selftests end theirs: once the iommufd is closed,
// nothing it did may stay behind. TearDown first asks the model (model and diff runs)
// whether its invariants hold while the case's objects still exist, then closes the iommufd
// and checks (leftovers.h) that no page of the buffer is still pinned (MD_CHECK_REFS 0
// through a fresh iommufd, where the selftest driver is), that the process pins no more
// pages than when the case began (VmPin), and that no descriptor of the uAPI the case opened
// (an iommufd, a device, a fault queue ...) is still open, on the kernel or in the model.
// Fixtures that hold descriptors of their own close them before calling it.
class ConformTest : public ::testing::Test {
 protected:
  static constexpr size_t kBufferPages = 16;

  ~ConformTest() override;
  void SetUp() override;
  void TearDown() override;

  // Declares the running case a reproducer of the kernel bug `id`, an entry of
  // reference/divergences.txt (kernel_bug.h): where the entry lists the kernel, the case's
  // failures, up to the end of TearDown's checks, make it an expected failure. False when
  // the case must stop here (the bug WARNs or hangs on this kernel; recorded as xfail).
  // KERNEL_BUG_REPRODUCER below says it in one line.
  [[nodiscard]] bool ReproducesKernelBug(std::string_view id);
  // For a fixture that met the kernel bug `id` on its way (a descriptor the kernel installed
  // but did not name, which nobody can close): what is left now is the bug's doing, not the
  // case's, so the end-of-case checks start from here. A failure unless the bug's entry
  // lists this kernel.
  void AcceptLeftoversOfKernelBug(std::string_view id);

  IommufdSession& iommufd() { return *session_; }
  uint64_t page_size() const { return buffer_.page_size(); }
  uint8_t* buffer() { return buffer_.data(); }

  uint32_t IoasAllocOk();
  void DestroyOk(uint32_t id);
  uint64_t MapFixedOk(uint32_t ioas, const void* va, uint64_t length, uint64_t iova);
  uint64_t MapAutoOk(uint32_t ioas, const void* va, uint64_t length);
  uint64_t UnmapOk(uint32_t ioas, uint64_t iova, uint64_t length);
  std::vector<uapi::IommuIovaRange> IovaRangesOk(uint32_t ioas, uint64_t* alignment = nullptr);

 private:
  std::unique_ptr<IommufdSession> session_;
  TestBuffer buffer_{kBufferPages};
  Leftovers before_case_;
  std::unique_ptr<ExpectedFailure> expected_failure_;
};

// The first statement of a kernel bug's reproducer: KERNEL_BUG_REPRODUCER("manifest-id");
#define KERNEL_BUG_REPRODUCER(id) \
  if (!ReproducesKernelBug(id)) return

// A ConformTest with one fresh IOAS, the common starting point of the IOAS suites.
class IoasTest : public ConformTest {
 protected:
  void SetUp() override {
    ConformTest::SetUp();
    if (!HasFatalFailure()) ioas_ = IoasAllocOk();
  }
  uint32_t ioas_ = 0;
};

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_SUITES_SUPPORT_CONFORM_TEST_H_
