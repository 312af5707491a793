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

// An IoasTest that talks to the selftest mock driver (IOMMU_TEST_CMD), skipped where there is
// none. The calls themselves are the session's; FooOk() makes one, returns its result and
// stops the case when it fails.
class MockTest : public IoasTest {
 protected:
  void SetUp() override;

  // Skips the case (the caller checks IsSkipped()) where no selftest mock driver creates
  // devices: a kernel without CONFIG_IOMMUFD_TEST, or one whose driver refuses beside this
  // platform's IOMMU.
  void SkipWithoutMockDevices();

  void AddReservedOk(uint32_t ioas, uint64_t start, uint64_t length);
  // MOCK_DOMAIN, or MOCK_DOMAIN_FLAGS when `dev_flags` is given.
  MockDevice MockDomainOk(uint32_t pt, std::optional<uint32_t> dev_flags = std::nullopt);
  // MOCK_DOMAIN_REPLACE: the HWPT the device now uses.
  uint32_t ReplaceOk(uint32_t stdev, uint32_t pt);
  // IOMMU_HWPT_ALLOC with optional driver data: the new HWPT.
  uint32_t HwptAllocOk(uint32_t dev, uint32_t pt, uint32_t flags = 0, uint32_t data_type = 0,
                       std::span<const std::byte> data = {});

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

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_SUITES_MOCK_MOCK_TEST_H_
