#ifndef IOMMUFD_CONFORM_SUITES_MOCK_MOCK_TEST_H_
#define IOMMUFD_CONFORM_SUITES_MOCK_MOCK_TEST_H_

#include <cstdint>
#include <optional>
#include <span>

#include "reference/uapi/iommufd.h"
#include "reference/uapi/iommufd_test.h"
#include "suites/support/conform_test.h"

namespace iommufd_conform {

// The ids one MOCK_DOMAIN answers with.
struct MockDevice {
  uint32_t stdev = 0;  // the selftest object; destroying it unplugs the device
  uint32_t hwpt = 0;   // the HWPT the device is attached to
  uint32_t idev = 0;   // the iommufd DEVICE object
};

// An IoasTest that talks to the selftest mock driver (IOMMU_TEST_CMD). Each call comes as
// a triad: Foo() returns the outcome, FooOk() expects success and returns the result,
// FooFails(errno, ...) expects that errno.
class MockTest : public IoasTest {
 protected:
  void SetUp() override;

  // IOMMU_TEST_CMD with `cmd.size` filled in.
  Outcome TestCmd(uapi::IommuTestCmd& cmd);

  Outcome AddReserved(uint32_t ioas, uint64_t start, uint64_t length);
  void AddReservedOk(uint32_t ioas, uint64_t start, uint64_t length);
  void AddReservedFails(int error, uint32_t ioas, uint64_t start, uint64_t length);

  // MOCK_DOMAIN, or MOCK_DOMAIN_FLAGS when `dev_flags` is given.
  Outcome MockDomain(uint32_t pt, std::optional<uint32_t> dev_flags = std::nullopt);
  MockDevice MockDomainOk(uint32_t pt, std::optional<uint32_t> dev_flags = std::nullopt);
  void MockDomainFails(int error, uint32_t pt, std::optional<uint32_t> dev_flags = std::nullopt);

  // MOCK_DOMAIN_REPLACE: the HWPT the device now uses.
  Outcome Replace(uint32_t stdev, uint32_t pt);
  uint32_t ReplaceOk(uint32_t stdev, uint32_t pt);
  void ReplaceFails(int error, uint32_t stdev, uint32_t pt);

  // IOMMU_HWPT_ALLOC with optional driver data.
  Outcome HwptAlloc(uint32_t dev, uint32_t pt, uint32_t flags = 0, uint32_t data_type = 0,
                    std::span<const std::byte> data = {});
  uint32_t HwptAllocOk(uint32_t dev, uint32_t pt, uint32_t flags = 0, uint32_t data_type = 0,
                       std::span<const std::byte> data = {});
  void HwptAllocFails(int error, uint32_t dev, uint32_t pt, uint32_t flags = 0,
                      uint32_t data_type = 0, std::span<const std::byte> data = {});

  // Whether the kernel's mock driver is the 7.x one: it knows PASID-capable devices (which
  // 6.12 rejects), and with them ops 16..23 and selftest data for paging HWPTs.
  bool HasPasidMockDriver();

  // The one range IOVA_RANGES reports for an IOAS with a mock domain.
  static constexpr uapi::IommuIovaRange kAperture{uapi::kMockApertureStart,
                                                  uapi::kMockApertureLast};
  // Where the suites map inside the aperture.
  static constexpr uint64_t kApertureIova = uapi::kMockApertureStart;
};

// Succeeds() for error 0, else FailsWith(error): for answers that depend on the variant.
inline testing::Matcher<const Outcome&> SucceedsOrFailsWith(int error) {
  if (error == 0) return Succeeds();
  return FailsWith(error);
}

// The bytes of a driver-data struct, for HwptAlloc().
template <typename T>
std::span<const std::byte> BytesOf(const T& value, size_t length = sizeof(T)) {
  return {reinterpret_cast<const std::byte*>(&value), length};
}

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_SUITES_MOCK_MOCK_TEST_H_
