#ifndef IOMMUFD_CONFORM_SUITES_SUPPORT_CONFORM_TEST_H_
#define IOMMUFD_CONFORM_SUITES_SUPPORT_CONFORM_TEST_H_

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "reference/uapi/iommufd.h"
#include "suites/support/iommufd_session.h"
#include "suites/support/outcome_matchers.h"
#include "suites/support/test_buffer.h"

namespace iommufd_conform {

inline constexpr uint32_t kReadWrite = uapi::kIommuIoasMapReadable | uapi::kIommuIoasMapWriteable;
inline constexpr uint32_t kFixedReadWrite = kReadWrite | uapi::kIommuIoasMapFixedIova;

// Base fixture: one open iommufd on the suite's backend and a page-aligned user buffer.
// The *Ok helpers record a failure and return a harmless value when the call fails, so a
// test reads as the story it checks.
//
// Every case ends as the kernel's own selftests end theirs: once the iommufd is closed,
// nothing it did may stay behind. TearDown closes it and checks, through a fresh one, that
// no page of the buffer is still pinned (MD_CHECK_REFS 0, where the selftest driver is);
// fixtures that hold descriptors of their own close them before calling it.
class ConformTest : public ::testing::Test {
 protected:
  static constexpr size_t kBufferPages = 16;

  void SetUp() override;
  void TearDown() override;

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
};

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
