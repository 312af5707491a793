#include "suites/support/case_stream_listener.h"

#include <unistd.h>

#include <cstdio>
#include <string>
#include <string_view>

#include "harness/results/case_stream.h"

namespace iommufd_conform {
namespace {

// One write() per line: on a serial console, our line then stays whole between other
// writers' lines (a kernel message may still split it; the reader rejects such a line).
void WriteLine(std::string line) {
  std::fflush(stdout);  // GoogleTest's own output for the case comes first
  line.push_back('\n');
  std::string_view rest = line;
  while (!rest.empty()) {
    ssize_t written = write(STDOUT_FILENO, rest.data(), rest.size());
    if (written <= 0) return;  // nothing to report to: the XML is still written
    rest.remove_prefix(static_cast<size_t>(written));
  }
}

// As GoogleTest's XML has it: "file:line\nsummary" of the first failed (or skipped) part.
std::string FirstMessage(const testing::TestResult& result, bool skipped) {
  for (int i = 0; i < result.total_part_count(); ++i) {
    const testing::TestPartResult& part = result.GetTestPartResult(i);
    if (skipped ? !part.skipped() : !part.failed()) continue;
    std::string location = part.file_name() ? part.file_name() : "unknown file";
    if (part.line_number() >= 0) location += ":" + std::to_string(part.line_number());
    return location + "\n" + part.summary();
  }
  return {};
}

std::string Property(const testing::TestResult& result, std::string_view key) {
  for (int i = 0; i < result.test_property_count(); ++i) {
    const testing::TestProperty& property = result.GetTestProperty(i);
    if (key == property.key()) return property.value();
  }
  return {};
}

}  // namespace

void CaseStreamListener::OnTestStart(const testing::TestInfo& test) {
  WriteLine(FormatCaseStart(test.test_suite_name(), test.name()));
}

void CaseStreamListener::OnTestEnd(const testing::TestInfo& test) {
  const testing::TestResult& result = *test.result();
  CaseResult streamed;
  streamed.suite = test.test_suite_name();
  streamed.name = test.name();
  streamed.file = test.file() ? test.file() : "";
  streamed.status = result.Failed()    ? CaseStatus::kFailed
                    : result.Skipped() ? CaseStatus::kSkipped
                                       : CaseStatus::kPassed;
  streamed.message = FirstMessage(result, streamed.status == CaseStatus::kSkipped);
  streamed.seconds = static_cast<double>(result.elapsed_time()) / 1000;
  streamed.expected_divergences = Property(result, "diff_expected");
  streamed.not_covered = Property(result, "diff_not_covered");
  streamed.unverifiable = Property(result, "diff_unverifiable");
  if (std::string counts = Property(result, "diff_counts"); !counts.empty()) {
    streamed.diff = ParseDiffCounts(counts);
  }
  // A reproducer's verdict (kernel_bug.h); an xfail's message is the failure it expected.
  if (std::string id = Property(result, "xfail"); !id.empty()) {
    streamed.bug_verdict = BugVerdict::kXfail;
    streamed.bug_id = id;
    streamed.message = Property(result, "xfail_reason");
  } else if (std::string id = Property(result, "xpass"); !id.empty()) {
    streamed.bug_verdict = BugVerdict::kXpass;
    streamed.bug_id = id;
  }
  WriteLine(FormatCaseEnd(streamed));
}

}  // namespace iommufd_conform
