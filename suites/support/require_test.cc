// Require and StopCase: how every *Ok helper stops a case (require.h).
#include "suites/support/require.h"

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <cerrno>

namespace iommufd_conform {
namespace {

// A helper in the manner of the fixtures' *Ok helpers.
long AllocOk(const Outcome& outcome) { return Require(outcome, "IOAS_ALLOC").ret; }

TEST(RequireTest, ASuccessfulCallPassesItsOutcomeThrough) {
  EXPECT_EQ(AllocOk(Outcome::Success(7)), 7);
}

bool went_on = false;

// A case body reduced to its bones: one failed helper, then what must not run. The
// exception stops this function as it stops a real case (GoogleTest catches it there).
void BodyWithAFailedHelper() {
  went_on = false;
  try {
    (void)AllocOk(Outcome::Failure(EINVAL));
    went_on = true;
  } catch (const testing::AssertionException&) {
  }
}

TEST(RequireTest, AFailedCallIsAFatalFailureNamingTheCallAndTheErrno) {
  EXPECT_FATAL_FAILURE(BodyWithAFailedHelper(), "IOAS_ALLOC failed with EINVAL");
  EXPECT_FALSE(went_on) << "the helper returned after the failed call";
}

}  // namespace
}  // namespace iommufd_conform
