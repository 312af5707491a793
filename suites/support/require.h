#ifndef IOMMUFD_CONFORM_SUITES_SUPPORT_REQUIRE_H_
#define IOMMUFD_CONFORM_SUITES_SUPPORT_REQUIRE_H_

#include <source_location>
#include <string>

#include "reference/uapi/outcome.h"

namespace iommufd_conform {

// How the *Ok helpers stop a case. ASSERT_* in a helper only returns from the helper, so the
// case would go on from a state it never reached and fail for unrelated reasons. These record
// a fatal failure and then throw testing::AssertionException, as GoogleTest's advanced guide
// does for subroutines ("Asserting on Subroutines with an exception"): GoogleTest counts it as
// the failure already reported, skips the rest of the case and still runs TearDown. A case
// that means to go on after a failed call uses the call itself and EXPECT_THAT.

// Records a fatal failure saying `why` at `where` and stops the running case.
[[noreturn]] void StopCase(const std::string& why,
                           std::source_location where = std::source_location::current());

// `outcome` when it succeeded; otherwise stops the case, saying `call` failed and how.
Outcome Require(Outcome outcome, const std::string& call,
                std::source_location where = std::source_location::current());

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_SUITES_SUPPORT_REQUIRE_H_
