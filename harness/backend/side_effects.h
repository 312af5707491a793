#ifndef IOMMUFD_CONFORM_HARNESS_BACKEND_SIDE_EFFECTS_H_
#define IOMMUFD_CONFORM_HARNESS_BACKEND_SIDE_EFFECTS_H_

// Memory a call writes as a side effect, not through a pointer of its argument: an access's
// ACCESS_RW write, or a device's DMA write, lands in the user pages (or memfd bytes) behind
// the IOVAs. Both sides
// write the same memory, so the model's write would cover a kernel that wrote nothing, or
// the wrong bytes. SideEffectCheck compares them instead: the targets (as the model sees
// them) are saved before the kernel runs, the kernel's bytes are taken and the old ones put
// back before the model runs, and after it the kernel's bytes are what the caller keeps.
// Where the kernel wrote elsewhere than the model, the targets show the model's write
// against the kernel's untouched bytes.

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "harness/backend/call_record.h"
#include "reference/model/written_memory.h"

namespace iommufd_conform {

// What a model side offers for it; the reference model's backend implements it.
class SideEffectSource {
 public:
  virtual ~SideEffectSource() = default;
  // The memory a call with argument bytes `input` on the model's descriptor `fd` writes
  // besides its pointers, from the model's state before the call.
  virtual std::vector<model::WrittenMemory> SideEffectTargets(
      int fd, unsigned long request, std::span<const std::byte> input) = 0;
  // Where a device DMA write of `length` bytes at `iova` by the device `fd` lands.
  virtual std::vector<model::WrittenMemory> DeviceDmaTargets(int fd, uint64_t iova,
                                                             uint64_t length) = 0;
};

class SideEffectCheck {
 public:
  // Saves the targets' bytes: call before the kernel runs.
  explicit SideEffectCheck(std::vector<model::WrittenMemory> targets);
  // Keeps what the kernel left and puts back what was there before.
  void KernelDone();
  // Keeps what the model left and puts back the kernel's bytes.
  void ModelDone();
  // The first byte the two sides left differently, or nullopt.
  std::optional<Difference> FirstDifference() const;

 private:
  struct Target {
    model::WrittenMemory where;
    std::vector<std::byte> before;
    std::vector<std::byte> kernel;
    std::vector<std::byte> model;
  };
  std::vector<Target> targets_;
};

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_BACKEND_SIDE_EFFECTS_H_
