#ifndef IOMMUFD_CONFORM_HARNESS_GATE_RUN_JSON_H_
#define IOMMUFD_CONFORM_HARNESS_GATE_RUN_JSON_H_

// A platform run and a fail-nth walk as JSON, both ways: the base-result cache stores them,
// gate.json shows them.

#include <nlohmann/json.hpp>
#include <optional>

#include "harness/gate/gate_result.h"

namespace iommufd_conform::gate {

nlohmann::json RunToJson(const PlatformRun& run);
// nullopt for a document that is not a run (an older or damaged cache entry).
std::optional<PlatformRun> RunFromJson(const nlohmann::json& json);

nlohmann::json WalkToJson(const FailNthWalk& walk);
std::optional<FailNthWalk> WalkFromJson(const nlohmann::json& json);

std::string_view CaseStatusName(CaseStatus status);  // "passed", "failed", "skipped"

// Indented text; bytes that are not UTF-8 (a guest's console can hold any) become U+FFFD
// instead of making the whole document fail.
std::string DumpJson(const nlohmann::json& json);

}  // namespace iommufd_conform::gate

#endif  // IOMMUFD_CONFORM_HARNESS_GATE_RUN_JSON_H_
