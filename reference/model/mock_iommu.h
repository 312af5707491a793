#ifndef IOMMUFD_CONFORM_REFERENCE_MODEL_MOCK_IOMMU_H_
#define IOMMUFD_CONFORM_REFERENCE_MODEL_MOCK_IOMMU_H_

#include <cstdint>
#include <optional>

#include "reference/model/io_pagetable.h"
#include "reference/model/profile.h"

namespace iommufd_conform::model {

// The selftest mock IOMMU (CONFIG_IOMMUFD_TEST) as observed from userspace: the geometry
// of its paging domains and what IOMMU_GET_HW_INFO reports for its devices.
class MockIommu {
 public:
  explicit MockIommu(const ModelConfig& config) : config_(config) {}

  // The domain of an automatic HWPT, or of IOMMU_HWPT_ALLOC without driver data.
  DomainGeometry DefaultGeometry() const;
  // The domain for iommu_hwpt_selftest.pagetable_type; nullopt for a type it lacks.
  std::optional<DomainGeometry> GeometryFor(uint32_t pagetable_type) const;

  // The page sizes its paging domains map (pgsize_bitmap), as VFIO_IOMMU_GET_INFO shows them.
  uint64_t PageSizes() const;

  // IOMMU_GET_HW_INFO's out_capabilities and out_max_pasid_log2 for a device.
  uint64_t Capabilities(uint32_t dev_flags) const;
  uint8_t MaxPasidLog2(uint32_t dev_flags) const;
  // Whether a device with `dev_flags` can track dirty pages.
  static bool CanTrackDirty(uint32_t dev_flags);

 private:
  const ModelConfig& config_;
};

}  // namespace iommufd_conform::model

#endif  // IOMMUFD_CONFORM_REFERENCE_MODEL_MOCK_IOMMU_H_
