#ifndef IOMMUFD_CONFORM_REFERENCE_UAPI_OUTCOME_H_
#define IOMMUFD_CONFORM_REFERENCE_UAPI_OUTCOME_H_

#include <cstddef>
#include <cstring>
#include <span>
#include <string>
#include <vector>

namespace iommufd_conform {

// What one uAPI call answered: the return value, the exact errno and the bytes of the
// argument struct (or read buffer) as the caller saw them afterwards. Kernel, model and
// differential backends all answer with this, so tests compare values, never global errno.
struct [[nodiscard]] Outcome {
  long ret = 0;
  int error = 0;  // errno; 0 when the call succeeded
  std::vector<std::byte> out;

  bool ok() const { return error == 0; }

  static Outcome Success(long ret, std::span<const std::byte> bytes = {}) {
    return Outcome{ret, 0, {bytes.begin(), bytes.end()}};
  }
  static Outcome Failure(int error, std::span<const std::byte> bytes = {}) {
    return Outcome{-1, error, {bytes.begin(), bytes.end()}};
  }

  // Reinterprets the output bytes as T (a uAPI struct); missing bytes read as zero.
  template <typename T>
  T As() const {
    T value{};
    std::memcpy(&value, out.data(), out.size() < sizeof(T) ? out.size() : sizeof(T));
    return value;
  }

  bool operator==(const Outcome&) const = default;
};

// "EINVAL", "ENOENT", ...; "0" for success.
std::string ErrnoName(int error);
std::string Describe(const Outcome& outcome);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_REFERENCE_UAPI_OUTCOME_H_
