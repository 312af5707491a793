#ifndef IOMMUFD_CONFORM_SUITES_SUPPORT_OUTCOME_MATCHERS_H_
#define IOMMUFD_CONFORM_SUITES_SUPPORT_OUTCOME_MATCHERS_H_

#include <gmock/gmock.h>

#include <ostream>

#include "reference/uapi/outcome.h"

namespace iommufd_conform {

// gtest prints outcomes with the errno's name, never a number.
inline void PrintTo(const Outcome& outcome, std::ostream* os) { *os << Describe(outcome); }

MATCHER(Succeeds, "succeeds") {
  if (arg.ok()) return true;
  *result_listener << "failed with " << ErrnoName(arg.error);
  return false;
}

// For a call whose errno differs between kernels or platforms: say which with
// AnyOf(FailsWith(a), FailsWith(b)) where known.
MATCHER(Fails, "fails") {
  if (!arg.ok()) return true;
  *result_listener << "succeeded";
  return false;
}

MATCHER_P(FailsWith, expected_errno,
          std::string("fails with ") + ErrnoName(expected_errno)) {
  if (!arg.ok() && arg.error == expected_errno) return true;
  *result_listener << (arg.ok() ? std::string("succeeded") : "failed with " + ErrnoName(arg.error));
  return false;
}

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_SUITES_SUPPORT_OUTCOME_MATCHERS_H_
