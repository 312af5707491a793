#ifndef IOMMUFD_CONFORM_REFERENCE_MODEL_CONTEXT_H_
#define IOMMUFD_CONFORM_REFERENCE_MODEL_CONTEXT_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "reference/model/io_pagetable.h"
#include "reference/model/object_table.h"
#include "reference/model/profile.h"
#include "reference/uapi/outcome.h"

namespace iommufd_conform::model {

struct Ioas : Object {
  explicit Ioas(const ModelConfig& config) : Object(ObjectType::kIoas), iopt(config) {}
  IoPagetable iopt;
};

// One command's argument as the kernel holds it: the caller's bytes zero-extended to the
// kernel's struct size. A handler sets `respond` when its struct is to be copied back.
struct Command {
  alignas(8) std::array<std::byte, 128> bytes{};
  size_t kernel_size = 0;
  bool respond = false;
  template <typename T>
  T& As() {
    static_assert(sizeof(T) <= sizeof(bytes));
    return *reinterpret_cast<T*>(bytes.data());
  }
};

// How pinned pages are charged (IOMMU_OPTION_RLIMIT_MODE).
enum class AccountMode : uint64_t { kUser = 0, kMm = 1 };

// One open /dev/iommu: the state behind a single file descriptor.
class Context {
 public:
  explicit Context(const ModelConfig& config) : config_(config) {}

  // The whole ioctl, from the raw request number and the caller's argument pointer.
  Outcome Ioctl(unsigned long request, uint64_t arg);

  const ModelConfig& config() const { return config_; }
  ObjectTable& objects() { return objects_; }

  // Handlers return 0 or an errno; see Command for how results travel back.
  int Destroy(Command& cmd);
  int IoasAlloc(Command& cmd);
  int IoasAllowIovas(Command& cmd);
  int IoasCopy(Command& cmd);
  int IoasIovaRanges(Command& cmd);
  int IoasMap(Command& cmd);
  int IoasUnmap(Command& cmd);
  int Option(Command& cmd);

 private:
  const ModelConfig& config_;
  ObjectTable objects_;
  AccountMode account_mode_ = AccountMode::kUser;
};

}  // namespace iommufd_conform::model

#endif  // IOMMUFD_CONFORM_REFERENCE_MODEL_CONTEXT_H_
