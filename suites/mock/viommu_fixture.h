#ifndef IOMMUFD_CONFORM_SUITES_MOCK_VIOMMU_FIXTURE_H_
#define IOMMUFD_CONFORM_SUITES_MOCK_VIOMMU_FIXTURE_H_

#include <cstdint>
#include <span>
#include <vector>

#include "suites/mock/mock_test.h"

namespace iommufd_conform {

// A vEVENTQ's two handles.
struct Veventq {
  uint32_t id = 0;
  int fd = -1;
};

// A mock device on the IOAS and a NEST_PARENT HWPT on the same IOAS: what nesting, vIOMMUs
// and invalidation start from. FooOk() helpers as MockTest's.
class NestingTest : public MockTest {
 protected:
  void SetUp() override;

  // IOMMU_HWPT_ALLOC of a selftest nested HWPT on `pt` (a parent HWPT or a vIOMMU) whose
  // mock IOTLB entries all start at `iotlb`.
  Outcome NestedAlloc(uint32_t pt, uint32_t iotlb = uapi::kIommuTestIotlbDefault,
                      uint32_t flags = 0);
  // The nested HWPT.
  uint32_t NestedAllocOk(uint32_t pt, uint32_t iotlb = uapi::kIommuTestIotlbDefault);

  // The entry_num IOMMU_HWPT_INVALIDATE wrote back.
  static uint32_t Handled(const Outcome& outcome) {
    return outcome.As<uapi::IommuHwptInvalidate>().entry_num;
  }

  // Whether the kernel has IOMMU_VIOMMU_ALLOC (7.x; not 6.12).
  bool HasViommuIoctl();

  MockDevice device_;
  uint32_t parent_ = 0;
};

// A NestingTest on a kernel with vIOMMUs (7.x): skipped where IOMMU_VIOMMU_ALLOC is unknown.
// `viommu_` is a selftest vIOMMU on `parent_` for `device_`.
class ViommuTest : public NestingTest {
 protected:
  void SetUp() override;

  uint32_t ViommuAllocOk(uint32_t dev, uint32_t hwpt);
  uint32_t VdeviceAllocOk(uint32_t viommu, uint32_t dev, uint64_t virt_id);
  Veventq VeventqAllocOk(uint32_t viommu, uint32_t depth);
  uint32_t HwQueueAllocOk(uint32_t viommu, uint32_t index, uint64_t iova, uint64_t length);

  // read() of a vEVENTQ's fd into a buffer of `count` bytes.
  Outcome ReadEvents(int fd, size_t count);
  Outcome Close(int fd) { return iommufd().backend().Close(fd); }

  uint32_t viommu_ = 0;
};

// One selftest vEVENT record as read() delivers it.
struct SelftestVevent {
  uapi::IommufdVeventHeader header;
  uapi::IommuViommuEventSelftest event;
};

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_SUITES_MOCK_VIOMMU_FIXTURE_H_
