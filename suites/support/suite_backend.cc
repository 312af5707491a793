#include "suites/support/suite_backend.h"

namespace iommufd_conform {
namespace {

// What suite_main chose, for every case of the run.
struct SuiteChoice {
  std::unique_ptr<Backend> backend;
  model::Platform platform = model::Platform::kNone;
  SuiteTarget target;
  const model::Model* model = nullptr;
};

SuiteChoice& Choice() {
  static SuiteChoice choice;
  return choice;
}

}  // namespace

Backend& SuiteBackend() { return *Choice().backend; }

void SetSuiteBackend(std::unique_ptr<Backend> backend) { Choice().backend = std::move(backend); }

std::unique_ptr<Backend> TakeSuiteBackend() { return std::move(Choice().backend); }

model::Platform SuitePlatform() { return Choice().platform; }

void SetSuitePlatform(model::Platform platform) { Choice().platform = platform; }

const SuiteTarget& CurrentSuiteTarget() { return Choice().target; }

void SetSuiteTarget(SuiteTarget target) { Choice().target = std::move(target); }

const model::Model* SuiteModel() { return Choice().model; }

void SetSuiteModel(const model::Model* model) { Choice().model = model; }

}  // namespace iommufd_conform
