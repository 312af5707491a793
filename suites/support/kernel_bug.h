#ifndef IOMMUFD_CONFORM_SUITES_SUPPORT_KERNEL_BUG_H_
#define IOMMUFD_CONFORM_SUITES_SUPPORT_KERNEL_BUG_H_

// Kernel-bug reproducers as results. A case that reproduces a kernel bug names its entry of
// reference/divergences.txt (KERNEL_BUG_REPRODUCER in conform_test.h); the entry, not the
// case, says on which kernels and platforms the bug is known. There the case runs as every
// other, but its failures are held back: a case that fails is recorded as "xfail" (the bug
// is still there), one that passes as "xpass" (the bug looks fixed: the entry's kernels want
// updating). Elsewhere, and on the model (which follows the uAPI unless the entry says the
// model copies the bug), the case must pass like any other.
//
// An xpass does not fail the run: a patch that fixes a kernel bug is good news for a gate.
// It is shown on the console ("[  XPASS   ]"), as the case properties `xpass` (and `xfail`
// with `xfail_reason` for the expected failures) in GoogleTest's XML, and from there in the
// run's junit.xml, summary.json counts, report.md and the CLI's summary line.

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>

#include "harness/backend/divergence_manifest.h"
#include "reference/model/profile.h"
#include "suites/support/suite_backend.h"

namespace iommufd_conform {

// What a reproducer is expected to do on this run.
enum class BugExpectation {
  kPasses,         // the bug is not known here: the case must pass
  kFails,          // known here: a failure is an xfail, a pass an xpass
  kFailsNotRun,    // known here and hazardous (a WARN, a hang): an xfail without running
};

BugExpectation ExpectationOf(const ManifestEntry& entry, const SuiteTarget& target,
                             model::Platform platform);

// The manifest compiled into the suite, parsed once.
const DivergenceManifest& SuiteManifest();

// The property names a reproducer's result is recorded under.
inline constexpr std::string_view kXfailProperty = "xfail";
inline constexpr std::string_view kXfailReasonProperty = "xfail_reason";
inline constexpr std::string_view kXpassProperty = "xpass";

// Holds back the running case's failures from the moment it is made, and records the case's
// expected failure (or its unexpected pass) when finished. Failures that happen after
// Finish() are the case's own again.
class ExpectedFailure {
 public:
  // `id`: the manifest entry; `where`: "kernel 7.2", for the messages.
  ExpectedFailure(std::string id, std::string where);
  ~ExpectedFailure();
  ExpectedFailure(const ExpectedFailure&) = delete;
  ExpectedFailure& operator=(const ExpectedFailure&) = delete;

  // Records an xfail without having run the case: the bug's hazard forbids it here.
  static void RecordNotRun(std::string_view id, std::string_view why);

  // Stops holding failures back; records xfail if any was held, else xpass. A skip that was
  // held back is passed on as the case's skip.
  void Finish();

 private:
  std::string id_;
  std::string where_;
  testing::TestPartResultArray held_;
  std::optional<testing::ScopedFakeTestPartResultReporter> reporter_;
};

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_SUITES_SUPPORT_KERNEL_BUG_H_
