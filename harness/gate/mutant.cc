#include "harness/gate/mutant.h"

#include <algorithm>
#include <sstream>

#include "harness/kernel/text_file.h"

namespace iommufd_conform::gate {
namespace {

namespace fs = std::filesystem;

bool StartsWith(const std::string& text, std::string_view prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

HarnessResult<Mutant> ReadMutant(const fs::path& file) {
  auto text = ReadTextFile(file);
  if (!text.ok()) return text.error();
  Mutant mutant{.id = file.stem().string(), .file = file, .patch = text.value()};
  std::istringstream lines(mutant.patch);
  for (std::string line; std::getline(lines, line);) {
    if (mutant.subject.empty() && StartsWith(line, "Subject: ")) {
      mutant.subject = line.substr(9);
      if (StartsWith(mutant.subject, "[PATCH] ")) mutant.subject = mutant.subject.substr(8);
    } else if (mutant.kind.empty() && StartsWith(line, "Mutant-Kind: ")) {
      mutant.kind = line.substr(13);
    } else if (StartsWith(line, "diff --git a/")) {
      std::string path = line.substr(13, line.find(" b/") - 13);
      if (std::find(mutant.files.begin(), mutant.files.end(), path) == mutant.files.end()) {
        mutant.files.push_back(path);
      }
    }
  }
  if (mutant.subject.empty() || mutant.files.empty()) {
    return MakeError(HarnessErrorKind::kUsage,
                     file.string() + " is not a mutant: it needs a Subject line and a diff");
  }
  return mutant;
}

HarnessResult<std::vector<Mutant>> ReadMutants(const fs::path& dir) {
  std::error_code error;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, error)) {
    if (entry.path().extension() == ".patch") files.push_back(entry.path());
  }
  if (error) return MakeError(HarnessErrorKind::kIo, "cannot list " + dir.string() + ": " + error.message());
  if (files.empty()) {
    return MakeError(HarnessErrorKind::kUsage, dir.string() + " holds no *.patch mutant");
  }
  std::sort(files.begin(), files.end());
  std::vector<Mutant> mutants;
  for (const fs::path& file : files) {
    auto mutant = ReadMutant(file);
    if (!mutant.ok()) return mutant.error();
    mutants.push_back(std::move(mutant).value());
  }
  return mutants;
}

std::vector<std::string> PlatformsFor(const Mutant& mutant) {
  std::vector<std::string> platforms;
  auto add = [&](const std::string& platform) {
    if (std::find(platforms.begin(), platforms.end(), platform) == platforms.end()) {
      platforms.push_back(platform);
    }
  };
  for (const std::string& file : mutant.files) {
    if (StartsWith(file, "drivers/iommu/intel/")) {
      add("x86_64:vtd");
    } else if (StartsWith(file, "drivers/iommu/amd/")) {
      add("x86_64:amd");
    } else if (StartsWith(file, "drivers/iommu/arm/arm-smmu-v3/")) {
      add("arm64:smmuv3");
    } else {
      add("x86_64:none");
    }
  }
  return platforms;
}

}  // namespace iommufd_conform::gate
