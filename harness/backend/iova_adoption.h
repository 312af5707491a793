#ifndef IOMMUFD_CONFORM_HARNESS_BACKEND_IOVA_ADOPTION_H_
#define IOMMUFD_CONFORM_HARNESS_BACKEND_IOVA_ADOPTION_H_

// The uAPI lets the kernel choose the IOVA of an automatic IOMMU_IOAS_MAP, MAP_FILE or COPY;
// the model picks the lowest fitting one. When they differ, the model must check that the
// kernel's choice is one it allows, and then hold its area there, so that later calls on both
// sides see the same address space.
//
// This does both through the model's own ioctls: it moves the model's new area by unmapping
// it and repeating the call with IOMMU_IOAS_MAP_FIXED_IOVA at the kernel's IOVA. The fixed
// map checks alignment to the IOAS's iova_alignment, reserved ranges and overlaps; the
// alignment an automatic IOVA keeps (model::AutoIovaAlignment) and the "never the first or
// last page" window are checked here. Membership in the
// IOAS's allowed ranges (IOMMU_IOAS_ALLOW_IOVAS) is NOT checked: no ioctl reports them. A
// model-side IoPagetable::AcceptsAutoIova would close that gap (see the issue 3 report).

#include <cstdint>
#include <string>

#include "harness/backend/backend.h"
#include "harness/backend/call_record.h"

namespace iommufd_conform {

// Moves the model's area created by `call` (a successful automatic MAP, MAP_FILE or COPY on
// both sides) from `model_iova` to `kernel_iova`. Returns "" when done, otherwise why the
// model does not accept the kernel's IOVA; the model's area then stays where it was.
std::string AdoptAutoIova(Backend& model, int model_fd, const CallRecord& call,
                          uint64_t model_iova, uint64_t kernel_iova, uint64_t page_size);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_BACKEND_IOVA_ADOPTION_H_
