#ifndef IOMMUFD_CONFORM_HARNESS_KERNEL_KBUILD_ARGS_H_
#define IOMMUFD_CONFORM_HARNESS_KERNEL_KBUILD_ARGS_H_

#include <array>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "harness/common/arch.h"

namespace iommufd_conform {

// The directory whose objects the kcov extra instruments: the uAPI under test.
inline constexpr std::string_view kInstrumentedDir = "drivers/iommu/iommufd";

// The directories the coverage (gcov) extra profiles: the uAPI under test and the drivers
// whose iommufd parts (VT-d nested/dirty tracking, SMMUv3 vIOMMU) it reaches. kbuild's $(obj)
// is a directory, so whole driver directories are profiled; the report picks the files.
inline constexpr std::array<std::string_view, 3> kGcovDirs = {
    "drivers/iommu/iommufd", "drivers/iommu/intel", "drivers/iommu/arm/arm-smmu-v3"};

// "make O=<objects> ARCH=<arch> [CROSS_COMPILE=...]": the part every kbuild call shares.
std::vector<std::string> KbuildArgs(const std::filesystem::path& objects, Arch arch);

// The C compiler kbuild will use for `arch`.
std::string KernelCompiler(Arch arch);

// Make variables that turn on gcov for kGcovDirs and kcov for kInstrumentedDir only.
//
// kbuild decides per directory from GCOV_PROFILE / KCOV_INSTRUMENT, which normally come from
// that directory's Makefile (scripts/Makefile.lib). Editing drivers/iommu/iommufd/Makefile
// would change a source tree other builds share, so the variable is set on the make command
// line instead, as a make expression that is expanded inside each directory's sub-make:
//   GCOV_PROFILE=$(if $(filter drivers/iommu/iommufd drivers/iommu/intel ...,$(obj)),y)
// Command-line variables reach every sub-make and override the Makefiles' own values. With
// GCOV_PROFILE_ALL and KCOV_INSTRUMENT_ALL off (coverage.config, kcov.config), the only other
// effect is that the few directories that opt in themselves (net/netfilter, kernel/trace,
// io_uring for gcov) are not profiled; per-file GCOV_PROFILE_x.o settings still apply.
std::vector<std::string> InstrumentationVariables(const std::vector<std::string>& extras);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_KERNEL_KBUILD_ARGS_H_
