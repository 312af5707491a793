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

struct TapTest {
  // Empty where a kernel message on the same serial console cut into the line ("ok 57
  // iomm[   12.3] ..."): the number and the status survive, the name does not.
  std::string name{};
  TapStatus status = TapStatus::kOk;
  bool operator==(const TapTest&) const = default;
};

// "ok 1 iommufd.simple_close", "not ok 7 iommufd_ioas.x # reason", "ok 9 y # SKIP why" lines
// anywhere in a guest's console, by test number; other lines are ignored.
std::map<int, TapTest> ParseTap(std::string_view console);

// One selftest binary in one guest.
struct SelftestRun {
  std::string binary{};  // "iommufd", "iommufd_fail_nth"
  std::map<int, TapTest> tests{};
  int exit_status = 0;
  std::optional<HarnessError> error{};  // the guest did not deliver: a splat, a hang
};

// What makes a mutant's run differ from the base's for the worse, one line each: a test that
// was ok (or skipped) on the base and is not ok, a test the base ran that the mutant never
// reached (past the mutant's last result: a line missing between results was lost on the
// console, not skipped, as the harness reports every test it starts), and a guest that did
// not deliver where the base's did. Tests are matched by number (the same binary numbers
// them the same), so a name cut on either console still matches.
std::vector<std::string> SelftestKills(const SelftestRun& base, const SelftestRun& mutant);

}  // namespace iommufd_conform::gate

#endif  // IOMMUFD_CONFORM_HARNESS_GATE_SELFTEST_TAP_H_
