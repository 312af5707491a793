#ifndef IOMMUFD_CONFORM_HARNESS_RESULTS_CASE_STREAM_H_
#define IOMMUFD_CONFORM_HARNESS_RESULTS_CASE_STREAM_H_

// Each case's result as one console line, written by the suite when the case finishes, so a
// guest that dies mid-run (killed QEMU, panic, hang) still leaves every finished case and the
// name of the one that was running. The GoogleTest XML, written at the end, stays the source
// of truth when it arrives; the stream stands in for it when it does not.
//
// A line is a marker, space-separated fields, and the byte length of everything before that
// last field. Each field is percent-encoded (spaces, control bytes and '%'), so a failure text
// stays on one line. The length rejects a line cut short (QEMU died while writing it). A
// kernel message printed into the middle of a line splits it in two ("part1[ 7.1] msg" and
// "part2", even inside the marker; 11 of 1200 lines in a 7.2 guest run with the mock driver):
// the reader joins such pieces again, and the length tells the right join from every wrong
// one. A line split twice (two messages inside one record: 1 of 315 in a timed-out run) is
// not rejoined; it counts as garbled, and a lost end shows as a lost case. A plain escaped
// line rather than JSON: the suite is also a static aarch64 cross build, which has no JSON
// library.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/results/test_report.h"

namespace iommufd_conform {

inline constexpr std::string_view kCaseStartMarker = "IOMMUFD-CONFORM-CASE-START";
inline constexpr std::string_view kCaseEndMarker = "IOMMUFD-CONFORM-CASE-END";

// The lines, without '\n'.
std::string FormatCaseStart(std::string_view suite, std::string_view name);
std::string FormatCaseEnd(const CaseResult& result);

// Follows a console, line by line, for the stream's lines (anywhere in a line: console noise
// may precede them).
class CaseStreamReader {
 public:
  void Feed(std::string_view line);

  // Every case whose end line arrived whole, in order.
  const std::vector<CaseResult>& finished() const { return finished_; }
  // "Suite.Name" of the case that started and has not finished.
  const std::optional<std::string>& running() const { return running_; }
  // Cases that started and were followed by another start without their end line.
  int lost() const { return lost_; }
  // Records whose pieces no later line completed (a line cut short, a lost continuation).
  int garbled() const;
  // For the harness error of a guest that did not finish, e.g. "while IoasMapTest.Maps was
  // running; 37 finished cases kept".
  std::string Progress() const;

 private:
  // Applies a whole record; false if it is not one.
  bool Accept(std::string_view record);
  // Tries to complete a broken record's first piece with `line`.
  bool Join(std::string_view line);

  struct Piece {
    std::string text;  // from the record's start to where a kernel message cut in
    int age;           // lines seen since
  };

  std::vector<CaseResult> finished_;
  std::optional<std::string> running_;
  int lost_ = 0;
  int garbled_ = 0;
  // Broken records' first pieces, waiting for their continuation on a later line.
  std::vector<Piece> pieces_;
};

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_RESULTS_CASE_STREAM_H_
