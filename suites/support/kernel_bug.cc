#include "suites/support/kernel_bug.h"

#include <cstdio>

namespace iommufd_conform {
namespace {

// "file:line\nsummary", as GoogleTest's XML and the case stream give a failure.
std::string Describe(const testing::TestPartResult& part) {
  std::string location = part.file_name() ? part.file_name() : "unknown file";
  if (part.line_number() >= 0) location += ":" + std::to_string(part.line_number());
  return location + "\n" + part.summary();
}

std::string CaseName() {
  const testing::TestInfo* test = testing::UnitTest::GetInstance()->current_test_info();
  return test ? std::string(test->test_suite_name()) + "." + test->name() : "(no case)";
}

// A failure's text on one console line, cut short.
std::string OneLine(std::string_view text) {
  constexpr size_t kLimit = 160;
  std::string line;
  for (char c : text.substr(0, kLimit)) line.push_back(c == '\n' ? ' ' : c);
  return text.size() > kLimit ? line + " ..." : line;
}

}  // namespace

BugExpectation ExpectationOf(const ManifestEntry& entry, const SuiteTarget& target,
                             model::Platform platform) {
  if (!entry.kernel_bug || !entry.HoldsFor(target.kernel_version, platform)) {
    return BugExpectation::kPasses;
  }
  if (!target.kernel_answers) {
    // The model follows the uAPI; where it copies the bug it fails as the kernel does, and
    // it neither WARNs nor hangs.
    return entry.model_copies ? BugExpectation::kFails : BugExpectation::kPasses;
  }
  return entry.hazard == ManifestEntry::Hazard::kNone ? BugExpectation::kFails
                                                      : BugExpectation::kFailsNotRun;
}

const DivergenceManifest& SuiteManifest() {
  // A malformed manifest leaves out its broken entries; every case naming one then fails
  // as naming an unknown entry, and the manifest's own test names the error.
  static const DivergenceManifest manifest =
      ParseDivergenceManifest(EmbeddedDivergenceManifest()).manifest;
  return manifest;
}

ExpectedFailure::ExpectedFailure(std::string id, std::string where)
    : id_(std::move(id)), where_(std::move(where)) {
  reporter_.emplace(testing::ScopedFakeTestPartResultReporter::INTERCEPT_ALL_THREADS, &held_);
}

ExpectedFailure::~ExpectedFailure() { Finish(); }

void ExpectedFailure::RecordNotRun(std::string_view id, std::string_view why) {
  testing::Test::RecordProperty(std::string(kXfailProperty), std::string(id));
  testing::Test::RecordProperty(std::string(kXfailReasonProperty), "not run: " + std::string(why));
  std::printf("[  XFAIL   ] %s: kernel bug [%s], not run: %s\n", CaseName().c_str(),
              std::string(id).c_str(), std::string(why).c_str());
}

void ExpectedFailure::Finish() {
  if (!reporter_) return;
  reporter_.reset();  // from here on, failures are the case's own
  std::string first_failure;
  std::string summary;
  std::string skip;
  for (int i = 0; i < held_.size(); ++i) {
    const testing::TestPartResult& part = held_.GetTestPartResult(i);
    if (part.failed() && first_failure.empty()) {
      first_failure = Describe(part);
      summary = part.summary();
    }
    if (part.skipped() && skip.empty()) skip = part.message();
  }
  if (!first_failure.empty()) {
    testing::Test::RecordProperty(std::string(kXfailProperty), id_);
    testing::Test::RecordProperty(std::string(kXfailReasonProperty), first_failure);
    std::printf("[  XFAIL   ] %s: kernel bug [%s] on %s: %s\n", CaseName().c_str(), id_.c_str(),
                where_.c_str(), OneLine(summary).c_str());
    return;
  }
  if (!skip.empty()) GTEST_SKIP() << skip;
  testing::Test::RecordProperty(std::string(kXpassProperty), id_);
  std::printf("[  XPASS   ] %s: kernel bug [%s] did not show on %s: fixed? (update the "
              "entry's kernels in reference/divergences.txt)\n",
              CaseName().c_str(), id_.c_str(), where_.c_str());
}

}  // namespace iommufd_conform
