#ifndef IOMMUFD_CONFORM_HARNESS_BACKEND_TEST_RECORDS_H_
#define IOMMUFD_CONFORM_HARNESS_BACKEND_TEST_RECORDS_H_

// Hand-made CallRecords for the backend's unit tests.

#include <cstring>
#include <span>
#include <vector>

#include "harness/backend/call_record.h"

namespace iommufd_conform::testing_records {

template <typename T>
std::vector<std::byte> BytesOf(const T& value) {
  std::vector<std::byte> bytes(sizeof(T));
  std::memcpy(bytes.data(), &value, sizeof(T));
  return bytes;
}

// An ioctl whose input is `in`, answered `kernel_out` / `model_out` with the given outcomes.
template <typename T>
CallRecord Ioctl(unsigned long request, const T& in, const T& kernel_out, int kernel_error,
                 const T& model_out, int model_error) {
  CallRecord call;
  call.kind = CallRecord::Kind::kIoctl;
  call.fd = 3;
  call.request = request;
  call.input = BytesOf(in);
  auto side = [](const T& out, int error) {
    return error ? Outcome::Failure(error, BytesOf(out)) : Outcome::Success(0, BytesOf(out));
  };
  call.kernel.outcome = side(kernel_out, kernel_error);
  call.model.outcome = side(model_out, model_error);
  return call;
}

}  // namespace iommufd_conform::testing_records

#endif  // IOMMUFD_CONFORM_HARNESS_BACKEND_TEST_RECORDS_H_
