#ifndef IOMMUFD_CONFORM_HARNESS_COMMON_HARNESS_ERROR_H_
#define IOMMUFD_CONFORM_HARNESS_COMMON_HARNESS_ERROR_H_

#include <string>
#include <utility>
#include <variant>

namespace iommufd_conform {

// What went wrong in the harness itself, as opposed to an API outcome. Each kind maps to one
// documented exit code of the CLI (see harness/cli/exit_codes.h).
enum class HarnessErrorKind {
  kUsage,            // bad command line, unknown platform or kernel
  kMissingTool,      // QEMU, a compiler or another dependency is absent
  kSourceUnavailable,  // kernel source could not be fetched or found
  kBuildFailed,      // kernel or binary build failed
  kConfigMissing,    // the final .config lacks a required option
  kBootFailed,       // guest never reached our init, or timed out
  kGuestCrashed,     // panic, oops, WARN, KASAN or lockdep splat
  kNoDevice,         // e.g. --target host without /dev/iommu
  kIo,               // file system trouble on the host
};

struct HarnessError {
  HarnessErrorKind kind;
  std::string message;
};

// A value or a harness failure. Deliberately tiny: C++20 has no std::expected.
template <typename T>
class [[nodiscard]] HarnessResult {
 public:
  HarnessResult(T value) : state_(std::move(value)) {}  // NOLINT: implicit by design
  HarnessResult(HarnessError error) : state_(std::move(error)) {}  // NOLINT

  bool ok() const { return std::holds_alternative<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  const HarnessError& error() const { return std::get<HarnessError>(state_); }

 private:
  std::variant<T, HarnessError> state_;
};

struct Done {};
using HarnessStatus = HarnessResult<Done>;

inline HarnessError MakeError(HarnessErrorKind kind, std::string message) {
  return HarnessError{kind, std::move(message)};
}

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_COMMON_HARNESS_ERROR_H_
