// What ConformTest makes of kernel-bug reproducers and of cases that leave something behind,
// seen the way the host sees a run: the cases below are the material, run against the model
// as if it were kernel 7.2 (so the bugs the manifest lists for 7.2 are "known here"), with
// GoogleTest's XML read back by the harness's reader. Several material cases must fail: that
// is what is checked.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <memory>
#include <string>

#include "harness/backend/model_backend.h"
#include "harness/results/test_report.h"
#include "suites/support/conform_test.h"
#include "reference/uapi/iommufd_test.h"
#include "suites/support/suite_backend.h"

namespace iommufd_conform {
namespace {

// Listed for 6.12, 7.2 and 7.3 on any platform; no hazard.
constexpr char kBug[] = "dirty-bitmap-unwritable-buffer";
// Listed for 7.2 only, and it never returns there.
constexpr char kHangingBug[] = "dirty-read-inside-multi-page-pte-hangs";

// A session a material case leaves open on purpose; main() closes it after the run.
std::unique_ptr<IommufdSession>& Leaked() {
  static std::unique_ptr<IommufdSession> session;
  return session;
}

using Material = ConformTest;

TEST_F(Material, ReproducerThatFails) {
  KERNEL_BUG_REPRODUCER(kBug);
  ADD_FAILURE() << "the bug showed";
}

TEST_F(Material, ReproducerThatPasses) { KERNEL_BUG_REPRODUCER(kBug); }

TEST_F(Material, HazardousReproducer) {
  KERNEL_BUG_REPRODUCER(kHangingBug);
  ADD_FAILURE() << "ran although the bug hangs this kernel";
}

TEST_F(Material, ReproducerOfAnUnknownBug) { KERNEL_BUG_REPRODUCER("no-such-bug"); }

// Pins and unpins, closing what it opened: nothing to report.
TEST_F(Material, CleansUp) {
  uint32_t ioas = IoasAllocOk();
  ASSERT_THAT(iommufd().MockDomain(ioas), Succeeds());
  MapFixedOk(ioas, buffer(), page_size(), uapi::kMockApertureStart);
  EXPECT_THAT(iommufd().CheckRefs(buffer(), page_size(), 1), Succeeds());
}

// A failed *Ok helper stops the case: what follows it never runs, and TearDown still does.
TEST_F(Material, FailedOkHelperStopsTheCase) {
  DestroyOk(9999);
  ADD_FAILURE() << "went on after the failed helper";
}

// The same in a reproducer of a bug known here: stopped, and an expected failure.
TEST_F(Material, ReproducerWithAFailedOkHelper) {
  KERNEL_BUG_REPRODUCER(kBug);
  DestroyOk(9999);
  ADD_FAILURE() << "went on after the failed helper";
}

// A pin through a second iommufd that the case never closes.
void LeakAPin(const void* buffer, uint64_t length) {
  Leaked() = std::make_unique<IommufdSession>(SuiteBackend());
  IommufdSession& leaked = *Leaked();
  ASSERT_THAT(leaked.open_outcome(), Succeeds());
  Outcome ioas = leaked.IoasAlloc();
  ASSERT_THAT(ioas, Succeeds());
  uint32_t ioas_id = ioas.As<uapi::IommuIoasAlloc>().out_ioas_id;
  ASSERT_THAT(leaked.MockDomain(ioas_id), Succeeds());
  ASSERT_THAT(leaked.IoasMap(ioas_id, buffer, length, 0, kReadWrite), Succeeds());
}

TEST_F(Material, LeavesAPinnedPage) { LeakAPin(buffer(), page_size()); }

// The same leak in a reproducer of a bug known here: part of the expected failure.
TEST_F(Material, ReproducerThatLeavesAPinnedPage) {
  KERNEL_BUG_REPRODUCER(kBug);
  LeakAPin(buffer(), page_size());
}

int Check(bool ok, const std::string& what) {
  if (!ok) std::fprintf(stderr, "expected_failure_test: FAILED: %s\n", what.c_str());
  return ok ? 0 : 1;
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace
}  // namespace iommufd_conform

int main(int argc, char** argv) {
  using namespace iommufd_conform;
  std::string xml = testing::TempDir() + "expected_failure_test.xml";
  std::string output = "--gtest_output=xml:" + xml;
  std::vector<char*> args(argv, argv + argc);
  args.push_back(output.data());
  int count = static_cast<int>(args.size());
  testing::InitGoogleMock(&count, args.data());
  auto model = std::make_unique<ModelBackend>(
      model::ModelConfig{*model::KernelProfileFor("7.2"), model::Platform::kNone});
  SetSuiteModel(&model->model());
  SetSuiteBackend(std::move(model));
  // As a kernel 7.2 run would be, so that the 7.2 entries hold.
  SetSuiteTarget({true, "7.2"});
  SetSuitePlatform(model::Platform::kNone);
  int status = RUN_ALL_TESTS();
  Leaked().reset();

  auto read = ReadGtestXml(xml);
  if (!read.ok()) {
    std::fprintf(stderr, "expected_failure_test: %s\n", read.error().message.c_str());
    return 1;
  }
  std::map<std::string, CaseResult> cases;
  for (const CaseResult& c : read.value()) cases[c.name] = c;
  auto is = [&](const std::string& name, CaseStatus status, BugVerdict verdict) {
    return cases[name].status == status && cases[name].bug_verdict == verdict;
  };
  int failures = Check(status != 0, "the run fails: some material cases fail on purpose");
  failures += Check(cases.size() == 9, "nine cases, got " + std::to_string(cases.size()));
  failures += Check(is("ReproducerThatFails", CaseStatus::kPassed, BugVerdict::kXfail) &&
                        cases["ReproducerThatFails"].bug_id == kBug &&
                        Contains(cases["ReproducerThatFails"].message, "the bug showed"),
                    "a failing reproducer on a kernel its entry lists is an xfail, with why");
  failures += Check(is("ReproducerThatPasses", CaseStatus::kPassed, BugVerdict::kXpass) &&
                        cases["ReproducerThatPasses"].bug_id == kBug,
                    "a passing reproducer on a kernel its entry lists is an xpass");
  failures += Check(is("HazardousReproducer", CaseStatus::kPassed, BugVerdict::kXfail) &&
                        Contains(cases["HazardousReproducer"].message, "not run") &&
                        Contains(cases["HazardousReproducer"].message, "never returns"),
                    "a hazardous reproducer is an xfail without running, got '" +
                        cases["HazardousReproducer"].message + "'");
  failures += Check(is("ReproducerOfAnUnknownBug", CaseStatus::kFailed, BugVerdict::kNone) &&
                        Contains(cases["ReproducerOfAnUnknownBug"].message, "no-such-bug"),
                    "naming an id the manifest lacks fails the case");
  failures += Check(is("LeavesAPinnedPage", CaseStatus::kFailed, BugVerdict::kNone) &&
                        Contains(cases["LeavesAPinnedPage"].message, "left behind"),
                    "a case that leaves a descriptor and a pin fails its teardown, got '" +
                        cases["LeavesAPinnedPage"].message + "'");
  failures += Check(is("ReproducerThatLeavesAPinnedPage", CaseStatus::kPassed,
                       BugVerdict::kXfail),
                    "what a known bug leaves behind is part of its expected failure");
  failures += Check(is("FailedOkHelperStopsTheCase", CaseStatus::kFailed, BugVerdict::kNone) &&
                        Contains(cases["FailedOkHelperStopsTheCase"].message,
                                 "DESTROY of 9999 failed with ENOENT") &&
                        !Contains(cases["FailedOkHelperStopsTheCase"].message, "went on"),
                    "a failed *Ok helper fails the case and stops it, got '" +
                        cases["FailedOkHelperStopsTheCase"].message + "'");
  failures += Check(is("ReproducerWithAFailedOkHelper", CaseStatus::kPassed, BugVerdict::kXfail) &&
                        !Contains(cases["ReproducerWithAFailedOkHelper"].message, "went on"),
                    "a failed *Ok helper stops a reproducer too, got '" +
                        cases["ReproducerWithAFailedOkHelper"].message + "'");
  failures += Check(is("CleansUp", CaseStatus::kPassed, BugVerdict::kNone),
                    "a case that cleans up passes its teardown: " + cases["CleansUp"].message);
  std::printf("expected_failure_test: %s\n", failures ? "FAILED" : "passed");
  return failures ? 1 : 0;
}
