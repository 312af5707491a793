#ifndef IOMMUFD_CONFORM_HARNESS_BACKEND_IOVA_ADOPTION_H_
#define IOMMUFD_CONFORM_HARNESS_BACKEND_IOVA_ADOPTION_H_

// The uAPI lets the kernel choose the IOVA of an automatic IOMMU_IOAS_MAP, MAP_FILE or COPY;
// the model picks the lowest fitting one. When they differ, the kernel's choice is checked
// against every rule the model's allocator follows (model::IoPagetable::AdoptAutoIova:
// usable space, allowed windows, reserved ranges, other areas, the alignment the length,
// the user address or COPY's source area, and the attached domains ask for) and, when it
// passes, the model's area moves there so later calls on both sides see the same address
// space. Any other choice is a divergence.

#include <cstdint>
#include <string>

#include "harness/backend/backend.h"
#include "harness/backend/call_record.h"

namespace iommufd_conform {

// What a model side offers for adopting free choices. The reference model's backend
// implements it; a side without it (a test double) adopts nothing.
class IovaAdopter {
 public:
  virtual ~IovaAdopter() = default;
  // Moves the area at `from` in IOAS `ioas_id` of iommufd `fd` to `to`: "" when done, else
  // the allocator's rule that `to` breaks.
  virtual std::string AdoptAutoIova(int fd, uint32_t ioas_id, uint64_t from, uint64_t to) = 0;
};

// Moves the model's area created by `call` (a successful automatic MAP, MAP_FILE or COPY on
// both sides) from `model_iova` to `kernel_iova`. Returns "" when done, otherwise why the
// model does not accept the kernel's IOVA; the model's area then stays where it was.
std::string AdoptAutoIova(Backend& model, int model_fd, const CallRecord& call,
                          uint64_t model_iova, uint64_t kernel_iova);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_BACKEND_IOVA_ADOPTION_H_
