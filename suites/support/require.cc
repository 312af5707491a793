#include "suites/support/require.h"

#include <gtest/gtest.h>

namespace iommufd_conform {

void StopCase(const std::string& why, std::source_location where) {
  // GTEST_FAIL_AT returns, hence the lambda: it only records the fatal failure.
  [&] { GTEST_FAIL_AT(where.file_name(), static_cast<int>(where.line())) << why; }();
  throw testing::AssertionException(
      testing::TestPartResult(testing::TestPartResult::kFatalFailure, where.file_name(),
                              static_cast<int>(where.line()), why.c_str()));
}

Outcome Require(Outcome outcome, const std::string& call, std::source_location where) {
  if (!outcome.ok()) StopCase(call + " failed with " + ErrnoName(outcome.error), where);
  return outcome;
}

}  // namespace iommufd_conform
