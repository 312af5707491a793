#ifndef IOMMUFD_CONFORM_HARNESS_CLI_GATE_STEPS_H_
#define IOMMUFD_CONFORM_HARNESS_CLI_GATE_STEPS_H_

// The steps `gate` and `mutate` share: building one side's kernel, running the suite
// differentially on one platform, and the base runs kept across invocations.

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "harness/cli/run_plan.h"
#include "harness/gate/gate_result.h"
#include "harness/kernel/built_kernel.h"

namespace iommufd_conform {

// Progress lines on stdout, each with the seconds since the command started.
class Progress {
 public:
  explicit Progress(std::string command) : command_(std::move(command)) {}
  void Step(const std::string& what);
  double Seconds() const;

 private:
  std::string command_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

// The gate's checks run differentially: the suite's expectations on the kernel's answers
// and every answer compared with the model's.
inline constexpr char kGateBackend[] = "diff";

// Builds (or finds cached) the kernel of `tree` for `arch` with `extras` ("coverage");
// `built` is set when it built.
gate::KernelBuild BuildSide(const std::filesystem::path& tree, Arch arch, BuiltKernel* built,
                            const std::vector<std::string>& extras = {});

// The suite differentially on `planned`'s platform with `image`; results under `results`.
gate::PlatformRun RunSuiteOn(const PlannedRun& planned, const std::string& image,
                             const std::filesystem::path& results, int timeout_seconds);

// The suite on the base kernel, from the base-result cache (CacheDir()/gate/base-results)
// when the same base commit, kernel, platform and suite binary ran before; else run and
// stored.
gate::PlatformRun BaseRunOn(const PlannedRun& planned, const BuiltKernel& base_kernel,
                            const std::string& base_commit, const std::filesystem::path& results,
                            int timeout_seconds, Progress& progress, const std::string& where);

// The project's fuzz corpus (fuzz/corpus/model) replayed once through the differential
// fuzzer in a guest of `image` on the arch's `none` platform, whose model the fuzzer
// follows; console, corpus copy and the finding's input under `results`.
gate::FuzzReplay ReplayCorpusOn(Arch arch, const std::filesystem::path& image,
                                const std::filesystem::path& results);

// The fault-injection walk (fuzz/failnth) in a guest of `image` on the arch's `none`
// platform; console under `results`. x86_64 only: the walker is built for x86_64 guests.
gate::FailNthWalk WalkFailNthOn(Arch arch, const std::filesystem::path& image,
                                const std::filesystem::path& results);

// The walk on the base kernel, from the base-result cache when this base commit, kernel and
// walker binary walked before; else walked and stored.
gate::FailNthWalk BaseWalkOn(Arch arch, const BuiltKernel& base_kernel,
                             const std::string& base_commit,
                             const std::filesystem::path& results, Progress& progress);

// "563 passed, 0 failed, 39 skipped", with " [did not deliver]" after a harness error.
std::string Counts(const ConfigResult& config);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_CLI_GATE_STEPS_H_
