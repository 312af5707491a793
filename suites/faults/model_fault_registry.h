#ifndef IOMMUFD_CONFORM_SUITES_FAULTS_MODEL_FAULT_REGISTRY_H_
#define IOMMUFD_CONFORM_SUITES_FAULTS_MODEL_FAULT_REGISTRY_H_

// The deliberate model faults (reference/model/model_fault.h) and what a differential run
// against a kernel must report for each: the model-fault test's expectations.
//
//   const ModelFaultSpec* spec = FindModelFault("unmap-length-off-by-one");
//   iommufd-conform-suite --backend=diff --model-fault=<spec->name> --gtest_filter=<spec->filter>
//   // must fail, with an unexpected divergence of spec->call whose first difference
//   // contains spec->detail

#include <span>
#include <string_view>

#include "reference/model/model_fault.h"

namespace iommufd_conform {

struct ModelFaultSpec {
  model::ModelFault fault;
  std::string_view name;  // for --model-fault=
  std::string_view bug;   // the kind of bug it imitates, in one line
  // The suite cases that exercise it (a gtest filter).
  std::string_view filter;
  // What the divergence report must then name: the call, and text of its "first difference"
  // line (a field such as "out_ioas_id", or "kernel EEXIST, model EINVAL").
  std::string_view call;
  std::string_view detail;
  // Not empty: the oracle cannot catch this fault today, and why. The test reports it as a
  // known miss, and fails if it is caught after all (the note is then out of date).
  std::string_view known_miss = {};
};

// Every fault but kNone, in a fixed order.
std::span<const ModelFaultSpec> ModelFaults();
const ModelFaultSpec* FindModelFault(std::string_view name);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_SUITES_FAULTS_MODEL_FAULT_REGISTRY_H_
