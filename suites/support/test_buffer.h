#ifndef IOMMUFD_CONFORM_SUITES_SUPPORT_TEST_BUFFER_H_
#define IOMMUFD_CONFORM_SUITES_SUPPORT_TEST_BUFFER_H_

#include <cstddef>
#include <cstdint>

namespace iommufd_conform {

// Anonymous, page-aligned memory for mapping, released on destruction. Its pages are
// touched once so they exist when a kernel pins them.
class TestBuffer {
 public:
  explicit TestBuffer(size_t pages);
  ~TestBuffer();
  TestBuffer(const TestBuffer&) = delete;
  TestBuffer& operator=(const TestBuffer&) = delete;

  uint8_t* data() const { return data_; }
  size_t size() const { return size_; }
  uint64_t page_size() const { return page_size_; }

 private:
  uint64_t page_size_;
  size_t size_;
  uint8_t* data_;
};

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_SUITES_SUPPORT_TEST_BUFFER_H_
