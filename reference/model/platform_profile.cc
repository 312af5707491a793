#include "reference/model/platform_profile.h"

#include <bit>

#include "reference/uapi/iommufd.h"
#include "reference/uapi/vfio.h"

namespace iommufd_conform::model {
namespace {

using namespace uapi;

template <typename T>
std::span<const std::byte> BytesOf(const T& value) {
  return std::as_bytes(std::span<const T>(&value, 1));
}

constexpr uint64_t k4K = 4096;
constexpr uint64_t k2M = uint64_t{1} << 21;
constexpr uint64_t k1G = uint64_t{1} << 30;
constexpr uint64_t kLast48Bit = (uint64_t{1} << 48) - 1;

// QEMU's intel-iommu (q35, intremap=on, its default 48-bit address width), as 7.2 reports
// it: the kernel flags the SPR17 erratum workaround, and the registers are QEMU's.
constexpr IommuHwInfoVtd kQemuVtdInfo{kIommuHwInfoVtdErrata772415Spr17, 0, 0x00d2008c222f0606,
                                      0x0000000000f00f4a};
// The x86 interrupt address window every device reserves (IOMMU_RESV_MSI).
constexpr IovaRange kX86MsiWindow[] = {{0xfee00000, 0xfeefffff}};

const IommuProfile kQemuVtd{
    .name = "intel-iommu",
    .hw_info_type = kIommuHwInfoTypeIntelVtd,
    .hw_info_data = BytesOf(kQemuVtdInfo),
    .capabilities = kIommuHwCapPciAtsNotSupported,
    .max_pasid_log2 = 0,
    .geometry = {{0, kLast48Bit}, k4K, k4K},
    .pgsize_bitmap = k4K | k2M | k1G,
    .paging_hwpt_flags = kIommuHwptAllocPasid,
    // QEMU's VT-d has no snoop control.
    .enforce_cache_coherency = false,
    .reserved_regions = kX86MsiWindow,
    .fault_interrupt = true,
    .blocked_fault_interrupt = true,
};

// QEMU's virt machine SMMUv3 (iommu=smmuv3), booted from a device tree: its ID registers as
// 7.2 passes them through.
constexpr IommuHwInfoArmSmmuv3 kQemuSmmuv3Info{
    0, 0, {0x0d44101b, 0x02730010, 0, 0x00001414, 0, 0x00000074}, 0, 1};
// The software MSI window the SMMUv3 driver reserves for the ITS doorbell (IOMMU_RESV_SW_MSI).
constexpr IovaRange kArmSwMsiWindow[] = {{0x8000000, 0x80fffff}};

const IommuProfile kQemuSmmuv3{
    .name = "arm-smmu-v3",
    .hw_info_type = kIommuHwInfoTypeArmSmmuv3,
    .hw_info_data = BytesOf(kQemuSmmuv3Info),
    .capabilities = kIommuHwCapPciAtsNotSupported,
    .max_pasid_log2 = 0,
    .geometry = {{0, kLast48Bit}, k4K, k4K},
    .pgsize_bitmap = k4K | k2M | k1G,
    .paging_hwpt_flags = kIommuHwptAllocNestParent | kIommuHwptAllocPasid,
    // Without S2FWB or an IORT CANWBS the driver cannot enforce coherency.
    .enforce_cache_coherency = false,
    .reserved_regions = kArmSwMsiWindow,
    .write_only_is_readable = true,
    .fault_interrupt = true,
};

// QEMU's virtio-iommu on q35 (booted with iommufd.allow_unsafe_interrupts=1): its driver
// has no hw_info data.
// Both profiles are compiled on either arch; only the running one is used.
[[maybe_unused]] const IommuProfile kQemuVirtioIommuX86{
    .name = "virtio-iommu",
    .hw_info_type = kIommuHwInfoTypeNone,
    .hw_info_data = {},
    .capabilities = kIommuHwCapPciAtsNotSupported,
    .max_pasid_log2 = 0,
    .geometry = {{0, (uint64_t{1} << 39) - 1}, k4K, k4K},
    .pgsize_bitmap = ~(k4K - 1),
    .paging_hwpt_flags = 0,
    .enforce_cache_coherency = false,
    .reserved_regions = kX86MsiWindow,
};

// QEMU's virtio-iommu on the arm64 virt machine: as on x86 no hw_info data, but a 48-bit
// input range, and the device reports the GICv3 ITS doorbell page as its MSI region.
constexpr IovaRange kVirtArm64ItsDoorbell[] = {{0x8090000, 0x809ffff}};
[[maybe_unused]] const IommuProfile kQemuVirtioIommuArm64{
    .name = "virtio-iommu",
    .hw_info_type = kIommuHwInfoTypeNone,
    .hw_info_data = {},
    .capabilities = kIommuHwCapPciAtsNotSupported,
    .max_pasid_log2 = 0,
    .geometry = {{0, kLast48Bit}, k4K, k4K},
    .pgsize_bitmap = ~(k4K - 1),
    .paging_hwpt_flags = 0,
    .enforce_cache_coherency = false,
    .reserved_regions = kVirtArm64ItsDoorbell,
};

// QEMU's amd-iommu on q35 (booted with noapic and iommufd.allow_unsafe_interrupts=1): its
// extended feature registers as 7.2 reports them.
constexpr IommuHwInfoAmd kQemuAmdViInfo{0x29d3, 0};
// Besides the MSI window, the HyperTransport range below 1 TiB is reserved.
constexpr IovaRange kAmdReserved[] = {{0xfee00000, 0xfeefffff}, {0xfd00000000, 0xffffffffff}};

const IommuProfile kQemuAmdVi{
    .name = "amd-iommu",
    .hw_info_type = kIommuHwInfoTypeAmd,
    .hw_info_data = BytesOf(kQemuAmdViInfo),
    .capabilities = kIommuHwCapPciAtsNotSupported,
    .max_pasid_log2 = 0,
    .geometry = {{0, UINT64_MAX}, k4K, k4K},
    // The AMDv1 format's sizes: 4 KiB to 256 GiB, and 1 TiB to 2^51.
    .pgsize_bitmap = 0x000fff7ffffff000,
    .paging_hwpt_flags = 0,
    .enforce_cache_coherency = true,
    .reserved_regions = kAmdReserved,
};

// QEMU's edu device, the one PCI function each platform hands to vfio-pci.
// vfio-pci finds no reset method for it; 7.2 reports no VFIO_DEVICE_FLAGS_CDEV either.
constexpr uint32_t kEduVfioFlags = kVfioDeviceFlagsPci;
const PlatformDevice kVtdDevices[] = {
    {"/dev/vfio/devices/vfio0", "0000:00:01.0", 0x1234, 0x11e8, &kQemuVtd,
     kEduVfioFlags}};
// The platform names do not carry the architecture: the model speaks for the one it runs on.
constexpr const IommuProfile* kQemuVirtioIommuHere =
#if defined(__x86_64__)
    &kQemuVirtioIommuX86;
#else
    &kQemuVirtioIommuArm64;
#endif
const PlatformDevice kVirtioDevices[] = {
    {"/dev/vfio/devices/vfio0", "0000:00:02.0", 0x1234, 0x11e8, kQemuVirtioIommuHere,
     kEduVfioFlags}};
const PlatformDevice kAmdViDevices[] = {
    {"/dev/vfio/devices/vfio0", "0000:00:02.0", 0x1234, 0x11e8, &kQemuAmdVi,
     kEduVfioFlags}};
const PlatformDevice kSmmuv3Devices[] = {
    {"/dev/vfio/devices/vfio0", "0000:00:01.0", 0x1234, 0x11e8, &kQemuSmmuv3,
     kEduVfioFlags}};

}  // namespace

std::span<const PlatformDevice> PlatformDevices(Platform platform) {
  switch (platform) {
    case Platform::kVtd: return kVtdDevices;
    case Platform::kSmmuV3: return kSmmuv3Devices;
    case Platform::kVirtio: return kVirtioDevices;
    case Platform::kAmdVi: return kAmdViDevices;
    case Platform::kNone: return {};
  }
  return {};
}

const PlatformDevice* FindPlatformDevice(Platform platform, std::string_view cdev_path) {
  for (const PlatformDevice& device : PlatformDevices(platform)) {
    if (device.cdev_path == cdev_path) return &device;
  }
  return nullptr;
}

}  // namespace iommufd_conform::model
