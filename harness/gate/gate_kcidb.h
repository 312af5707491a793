#ifndef IOMMUFD_CONFORM_HARNESS_GATE_GATE_KCIDB_H_
#define IOMMUFD_CONFORM_HARNESS_GATE_GATE_KCIDB_H_

// The gate's results as a KCIDB I/O document (KernelCI's common results database), schema
// version 4.5 (kcidb-io, kcidb_io/schema/v04_05.py): two checkouts (the base, and the base
// with the patch), a build per checkout and arch, and a test per case, platform and build.

#include <nlohmann/json.hpp>

#include "harness/gate/gate_report.h"

namespace iommufd_conform::gate {

inline constexpr int kKcidbMajor = 4;
inline constexpr int kKcidbMinor = 5;
inline constexpr char kKcidbOrigin[] = "iommufd_conform";

nlohmann::json KcidbDocument(const GateReport& report);

// A test path component: KCIDB paths are dot-separated [a-zA-Z0-9_-] names, so a
// GoogleTest name's '/' and anything else outside that set becomes '_'.
std::string KcidbPathComponent(std::string_view name);

}  // namespace iommufd_conform::gate

#endif  // IOMMUFD_CONFORM_HARNESS_GATE_GATE_KCIDB_H_
