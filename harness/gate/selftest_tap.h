#ifndef IOMMUFD_CONFORM_HARNESS_GATE_SELFTEST_TAP_H_
#define IOMMUFD_CONFORM_HARNESS_GATE_SELFTEST_TAP_H_

// The kernel's own iommufd selftests as `mutate` runs them beside the suite: their TAP
// output read back, and the tests a mutant newly breaks.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/common/harness_error.h"

namespace iommufd_conform::gate {

enum class TapStatus { kOk, kNotOk, kSkip };

// "ok 1 iommufd.simple_close", "not ok 7 iommufd_ioas.x # reason", "ok 9 y # SKIP why" lines
// anywhere in a guest's console; other lines are ignored.
std::map<std::string, TapStatus> ParseTap(std::string_view console);

// One selftest binary in one guest.
struct SelftestRun {
  std::string binary{};  // "iommufd", "iommufd_fail_nth"
  std::map<std::string, TapStatus> tests{};
  int exit_status = 0;
  std::optional<HarnessError> error{};  // the guest did not deliver: a splat, a hang
};

// What makes a mutant's run differ from the base's for the worse, one line each: a test that
// was ok (or skipped) on the base and is not ok, a test the base ran that the mutant never
// reached, and a guest that did not deliver where the base's did.
std::vector<std::string> SelftestKills(const SelftestRun& base, const SelftestRun& mutant);

}  // namespace iommufd_conform::gate

#endif  // IOMMUFD_CONFORM_HARNESS_GATE_SELFTEST_TAP_H_
