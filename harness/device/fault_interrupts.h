#ifndef IOMMUFD_CONFORM_HARNESS_DEVICE_FAULT_INTERRUPTS_H_
#define IOMMUFD_CONFORM_HARNESS_DEVICE_FAULT_INTERRUPTS_H_

// How an IOMMU driver hears of a DMA it refused: its fault interrupt, counted in
// /proc/interrupts. The count, unlike the driver's log lines, is not rate limited, so every
// refused transfer shows. The interrupts are the ones seen in the guests: VT-d's fault event
// ("dmar0", DMAR-MSI) and SMMUv3's event queue ("arm-smmu-v3-evtq"). virtio-iommu reports a
// fault on a queue whose interrupt its requests share, so it has none to count here.

#include <cstdint>
#include <string_view>

namespace iommufd_conform {

// Whether the interrupt named `name` (the last column of /proc/interrupts) is an IOMMU's
// fault interrupt.
bool IsIommuFaultInterrupt(std::string_view name);

// The sum over every CPU and every IOMMU fault interrupt of `proc_interrupts` (the text of
// /proc/interrupts).
uint64_t CountFaultInterrupts(std::string_view proc_interrupts);

// The same, read now from this system's /proc/interrupts.
uint64_t FaultInterruptsNow();

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_DEVICE_FAULT_INTERRUPTS_H_
