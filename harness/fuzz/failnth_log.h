#ifndef IOMMUFD_CONFORM_HARNESS_FUZZ_FAILNTH_LOG_H_
#define IOMMUFD_CONFORM_HARNESS_FUZZ_FAILNTH_LOG_H_

// Reads the console of one fault-injection walk (`iommufd-conform-failnth`,
// fuzz/failnth/fail_nth_main.cc) into what `gate` and `mutate` compare between two kernels.

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace iommufd_conform {

// A finding, splat or clean-run failure of the walk; `signature` is what identifies it on
// another kernel: the sequence, the call that got the fault and the call that diverged, but
// not the fault site's number (a patch that adds an allocation shifts the numbers).
struct FailNthIssue {
  std::string signature;
  std::string evidence;  // the walker's block for it
};

struct FailNthLog {
  bool started = false;   // "failnth: kernel ..., walking N sequences"
  bool finished = false;  // the last "failnth-summary" line came
  std::string cannot_run;  // "failnth: cannot ..." without its prefix
  std::string last_run;    // the last "failnth: run SEQ call K", to place a crash
  std::vector<FailNthIssue> findings;
  std::vector<FailNthIssue> splats;
  std::vector<FailNthIssue> clean_failures;  // calls the kernel failed with no fault injected
  // "SEQUENCE: CALL ERRNO" -> how many fault sites made the call fail so.
  std::map<std::string, int> errnos_by_call;
  int absorbed = 0;       // divergences after an absorbed fault (not findings)
  int runs = 0;           // from the summary
  int fault_sites = 0;    // from the summary
};

FailNthLog ParseFailNthLog(const std::vector<std::string>& console_lines);

// "412 runs over 180 fault sites, clean", "2 finding(s), 1 splat(s)", "did not finish (...)".
std::string DescribeFailNthLog(const FailNthLog& log);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_FUZZ_FAILNTH_LOG_H_
