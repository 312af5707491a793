#ifndef IOMMUFD_CONFORM_SUITES_SUPPORT_SUITE_BACKEND_H_
#define IOMMUFD_CONFORM_SUITES_SUPPORT_SUITE_BACKEND_H_

#include <memory>
#include <string>

#include "harness/backend/backend.h"
#include "reference/model/model.h"
#include "reference/model/profile.h"

namespace iommufd_conform {

// The backend every suite case talks to, chosen once by the suite binary's command line
// (suite_main.cc): `--backend=kernel` or `--backend=model --model-kernel=7.2`.
Backend& SuiteBackend();

// Installs the backend; suite_main does this before any test runs.
void SetSuiteBackend(std::unique_ptr<Backend> backend);
// Takes the installed backend back, to wrap it (the census does).
std::unique_ptr<Backend> TakeSuiteBackend();

// The platform the suite runs on (`--platform=`): what devices and IOMMU to expect. For the
// model it is also the platform modelled.
model::Platform SuitePlatform();
void SetSuitePlatform(model::Platform platform);

// Whose answers the cases see and of which kernel: what decides whether a kernel bug's
// reproducer is expected to fail (kernel_bug.h).
struct SuiteTarget {
  // The kernel's (backends kernel and diff: the caller sees the kernel's answers) or the
  // model's.
  bool kernel_answers = true;
  // "7.2": the running kernel's, or the model profile's.
  std::string kernel_version;
};
const SuiteTarget& CurrentSuiteTarget();
void SetSuiteTarget(SuiteTarget target);

// The reference model behind the suite's backend (model and diff runs), for the checks that
// end every case; nullptr on a kernel.
const model::Model* SuiteModel();
void SetSuiteModel(const model::Model* model);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_SUITES_SUPPORT_SUITE_BACKEND_H_
