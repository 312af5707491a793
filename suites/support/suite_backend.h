#ifndef IOMMUFD_CONFORM_SUITES_SUPPORT_SUITE_BACKEND_H_
#define IOMMUFD_CONFORM_SUITES_SUPPORT_SUITE_BACKEND_H_

#include <memory>

#include "harness/backend/backend.h"

namespace iommufd_conform {

// The backend every suite case talks to, chosen once by the suite binary's command line
// (suite_main.cc): `--backend=kernel` or `--backend=model --model-kernel=7.2
// --model-platform=none`.
Backend& SuiteBackend();

// Installs the backend; suite_main does this before any test runs.
void SetSuiteBackend(std::unique_ptr<Backend> backend);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_SUITES_SUPPORT_SUITE_BACKEND_H_
