#include "reference/model/mock_iommu.h"

#include "reference/uapi/iommufd.h"
#include "reference/uapi/iommufd_test.h"

namespace iommufd_conform::model {
namespace {

using namespace uapi;

// MOCK_IOMMUPT_HUGE's aperture, as IOMMU_IOAS_IOVA_RANGES reports it (observed on 7.2).
constexpr uint64_t kHugeApertureLast = (uint64_t{1} << 38) - 1;

}  // namespace

DomainGeometry MockIommu::DefaultGeometry() const {
  return {{kMockApertureStart, kMockApertureLast}, kMockPageSize, kMockPageSize};
}

std::optional<DomainGeometry> MockIommu::GeometryFor(uint32_t pagetable_type) const {
  switch (pagetable_type) {
    case kMockIommuptDefault:
      return DefaultGeometry();
    case kMockIommuptHuge:
      // Named for MOCK_HUGE_PAGE_SIZE pages, yet observed to align IOVAs to the CPU page and
      // to track dirty bits per mock page, like the default format.
      return DomainGeometry{{0, kHugeApertureLast}, config_.page_size, kMockPageSize};
    default:
      return std::nullopt;
  }
}

uint64_t MockIommu::PageSizes() const { return config_.kernel.mock.page_sizes; }

bool MockIommu::CanTrackDirty(uint32_t dev_flags) { return !(dev_flags & kMockFlagsDeviceNoDirty); }

uint64_t MockIommu::Capabilities(uint32_t dev_flags) const {
  uint64_t capabilities = config_.kernel.mock.hw_capabilities;
  if (CanTrackDirty(dev_flags)) capabilities |= kIommuHwCapDirtyTracking;
  return capabilities;
}

uint8_t MockIommu::MaxPasidLog2(uint32_t dev_flags) const {
  return dev_flags & kMockFlagsDevicePasid ? kMockPasidWidth : 0;
}

}  // namespace iommufd_conform::model
