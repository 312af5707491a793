#ifndef IOMMUFD_CONFORM_HARNESS_GATE_MUTANT_H_
#define IOMMUFD_CONFORM_HARNESS_GATE_MUTANT_H_

// A mutant: a small patch that plants one realistic bug in a kernel tree (mutants/README.md).

#include <filesystem>
#include <string>
#include <vector>

#include "harness/common/harness_error.h"

namespace iommufd_conform::gate {

struct Mutant {
  std::string id{};              // the file's stem: "019-iopt-unmap-partial-area"
  std::filesystem::path file{};
  std::string subject{};           // the bug it imitates, without "[PATCH] "
  std::string kind{};              // its Mutant-Kind line, "" when it has none
  std::string patch{};             // the whole file, as `git apply` takes it
  std::vector<std::string> files{};  // the paths it changes ("diff --git" lines)
};

// Errors: kIo for an unreadable file, kUsage for one that changes no file or has no Subject.
HarnessResult<Mutant> ReadMutant(const std::filesystem::path& file);
// Every *.patch in `dir`, in name order; kUsage when there is none.
HarnessResult<std::vector<Mutant>> ReadMutants(const std::filesystem::path& dir);

// The platforms whose code the mutant changes, as `run --platform` names them: the VT-d
// driver on x86_64:vtd, AMD-Vi on x86_64:amd, SMMUv3 on arm64:smmuv3, and everything else
// (the iommufd core) on x86_64:none, where the mock driver reaches all of the core without
// the cost of the emulated IOMMUs.
std::vector<std::string> PlatformsFor(const Mutant& mutant);

}  // namespace iommufd_conform::gate

#endif  // IOMMUFD_CONFORM_HARNESS_GATE_MUTANT_H_
