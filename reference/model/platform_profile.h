#ifndef IOMMUFD_CONFORM_REFERENCE_MODEL_PLATFORM_PROFILE_H_
#define IOMMUFD_CONFORM_REFERENCE_MODEL_PLATFORM_PROFILE_H_

// What the emulated IOMMU of a guest platform shows through iommufd, as observed on real
// kernels in QEMU guests: the VFIO devices behind it and the facts its driver reports.
// Every value here was read from a kernel; none is derived from a datasheet.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "reference/model/io_pagetable.h"
#include "reference/model/profile.h"

namespace iommufd_conform::model {

// The IOMMU driver behind a platform's devices.
struct IommuProfile {
  std::string_view name;  // "intel-iommu"
  // IOMMU_GET_HW_INFO: the type and the driver data (its whole struct, as the kernel fills it).
  uint32_t hw_info_type;
  std::span<const std::byte> hw_info_data;
  uint64_t capabilities;  // out_capabilities, besides what the kernel profile masks out
  uint8_t max_pasid_log2;
  // A paging domain of this IOMMU: aperture, smallest page (the IOAS alignment it imposes)
  // and every page size it can map (VFIO_IOMMU_GET_INFO's iova_pgsizes).
  DomainGeometry geometry;
  uint64_t pgsize_bitmap;
  // IOMMU_HWPT_ALLOC flags a paging HWPT of this IOMMU accepts.
  uint32_t paging_hwpt_flags;
  // Whether its paging domains enforce cache coherency (VFIO_DMA_CC_IOMMU).
  bool enforce_cache_coherency;
  // The device's reserved regions (the MSI window), reserved in every IOAS it is attached to.
  std::span<const IovaRange> reserved_regions;
  // Whether the device reads through a mapping that is writeable but not readable, in a
  // paging domain that is not a nesting parent (seen by device DMA on smmuv3: Arm's stage-1
  // descriptors say read-only or read-write, never write-only). Nesting parents are unobserved
  // and keep the uAPI's meaning.
  bool write_only_is_readable = false;
  // Whether a DMA its paging domain refused raises the driver's own fault interrupt (seen in
  // the guests' /proc/interrupts: VT-d's fault event, SMMUv3's event queue), and whether a
  // DMA of a device attached to nothing does (VT-d: yes; SMMUv3's aborting stream table
  // entry records no event).
  bool fault_interrupt = false;
  bool blocked_fault_interrupt = false;
};

// One VFIO cdev of the platform, as /dev/vfio/devices lists it.
struct PlatformDevice {
  std::string_view cdev_path;
  std::string_view pci_address;
  unsigned vendor;
  unsigned device;
  const IommuProfile* iommu;
  // VFIO_DEVICE_GET_INFO's flags once bound through the cdev (PCI, RESET if vfio-pci found a
  // reset method).
  uint32_t vfio_info_flags;
};

// The devices a platform puts behind its IOMMU; empty for `none` and for platforms the
// model has no observations of yet.
std::span<const PlatformDevice> PlatformDevices(Platform platform);
const PlatformDevice* FindPlatformDevice(Platform platform, std::string_view cdev_path);

}  // namespace iommufd_conform::model

#endif  // IOMMUFD_CONFORM_REFERENCE_MODEL_PLATFORM_PROFILE_H_
