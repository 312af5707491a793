#ifndef IOMMUFD_CONFORM_HARNESS_BACKEND_CALL_RECORD_H_
#define IOMMUFD_CONFORM_HARNESS_BACKEND_CALL_RECORD_H_

// One backend call as the kernel and the model each answered it, and the first way in which
// the answers differ. The differential backend fills a CallRecord per call; comparing and
// reporting work on the record alone, so they can be tested on hand-made ones.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/backend/ioctl_shape.h"
#include "reference/uapi/outcome.h"

namespace iommufd_conform {

// The bytes of one OutputRegion after a call: the caller's memory for the kernel, the
// model's private copy for the model.
struct RegionSnapshot {
  const OutputRegion* region;
  uint64_t address;
  bool readable;  // false: the caller's pointer was bad, nothing to compare
  std::vector<std::byte> bytes;
};

// What one side answered: the outcome (its `out` is the argument struct after the call, or
// what a read() returned) and the regions written through the struct's pointers.
struct SideResult {
  Outcome outcome;
  std::vector<RegionSnapshot> regions;
};

struct Difference {
  // Where the manifest looks: "errno", "ret", "iova", "allowed_iovas[].last", "+40".
  std::string pattern;
  // For people: the same with positions: "allowed_iovas[1].last (region byte 24)".
  std::string where;
  std::string kernel_value;
  std::string model_value;
  std::string note;  // why, when the values alone do not say (a refused free value)
};

struct CallRecord {
  enum class Kind {
    kOpenIommufd, kOpenDevice, kIoctl, kRead, kWrite, kPoll, kClose, kMmap, kMunmap,
    kDmaRead, kDmaWrite  // a device's DMA (Backend::DeviceDma): arg is the IOVA
  };
  Kind kind = Kind::kIoctl;
  int fd = -1;                   // the caller's descriptor (unused for opens)
  unsigned long request = 0;     // kIoctl
  uint64_t arg = 0;  // kIoctl: the pointer, or an int argument; kPoll: events; kMmap: the
                     // offset; kMunmap: the address
  std::string path;              // kOpenDevice
  std::vector<std::byte> input;  // the argument struct (or write buffer) before the call
  SideResult kernel;
  SideResult model;
  // What the kernel may have written that could not be compared, and why ("data_uptr:
  // 2600468480 bytes, more than a private copy holds"). A call with any is not verified.
  std::vector<std::string> unchecked;
  // How the memory the call wrote as a side effect differs between the sides
  // (SideEffectCheck), when it does.
  std::optional<Difference> side_effect;

  // "IOMMU_IOAS_MAP", "open(/dev/iommu)", "read", ...: what the manifest calls it.
  std::string CallName() const;
  const IoctlShape* shape() const {
    return kind == Kind::kIoctl ? FindIoctlShape(request) : nullptr;
  }
};

// The first difference between the two sides, or nullopt when they agree. Opens compare
// success and errno only (descriptor numbers are the implementation's). Free fields are
// skipped when both sides succeeded; see FreeValues.
std::optional<Difference> FirstDifference(const CallRecord& call);

// A free field both sides filled, with each side's value.
struct FreeValue {
  const FreeField* field;
  uint64_t kernel;
  uint64_t model;
};
// The free fields of a call both sides succeeded in: those of its shape, an auto IOVA only
// when the caller did not ask for a fixed one, a union member's only when it is selected.
std::vector<FreeValue> FreeValues(const CallRecord& call);

// A field value as the reports print it: small numbers in decimal, others in hex.
std::string FormatValue(uint64_t value);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_BACKEND_CALL_RECORD_H_
