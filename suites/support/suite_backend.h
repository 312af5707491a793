#ifndef IOMMUFD_CONFORM_SUITES_SUPPORT_SUITE_BACKEND_H_
#define IOMMUFD_CONFORM_SUITES_SUPPORT_SUITE_BACKEND_H_

#include <memory>

#include "harness/backend/backend.h"
#include "reference/model/profile.h"

namespace iommufd_conform {

// The backend every suite case talks to, chosen once by the suite binary's command line
// (suite_main.cc): `--backend=kernel` or `--backend=model --model-kernel=7.2`.
Backend& SuiteBackend();

// Installs the backend; suite_main does this before any test runs.
void SetSuiteBackend(std::unique_ptr<Backend> backend);

// The platform the suite runs on (`--platform=`): what devices and IOMMU to expect. For the
// model it is also the platform modelled.
model::Platform SuitePlatform();
void SetSuitePlatform(model::Platform platform);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_SUITES_SUPPORT_SUITE_BACKEND_H_
