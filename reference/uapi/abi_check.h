#ifndef IOMMUFD_CONFORM_REFERENCE_UAPI_ABI_CHECK_H_
#define IOMMUFD_CONFORM_REFERENCE_UAPI_ABI_CHECK_H_

// Compares the ABI catalog (our uAPI definitions) with a real kernel's headers by compiling
// and running a probe program against them with the host C compiler.

#include <filesystem>
#include <string>
#include <vector>

#include "harness/common/harness_error.h"
#include "reference/uapi/abi_catalog.h"

namespace iommufd_conform::uapi {

struct AbiCheckOptions {
  // `make headers_install INSTALL_HDR_PATH=DIR` output: DIR/include/linux/iommufd.h.
  std::filesystem::path headers_dir;
  // A kernel tree: drivers/iommu/iommufd/iommufd_test.h is not exported.
  std::filesystem::path source_tree;
  KernelVersion version = kNewestKernel;
  std::string compiler = "cc";
  // Where the probe is written and built; empty: a temporary directory, removed afterwards.
  std::filesystem::path work_dir = {};
};

struct AbiReport {
  int structs = 0;  // compared, i.e. present in this version
  int fields = 0;
  int constants = 0;
  int absent = 0;  // entries the catalog says this version lacks, confirmed missing
  // One readable line each: "struct iommu_ioas_map.iova: ours offset 32, kernel 24".
  std::vector<std::string> mismatches;
};

// A harness error means the check could not run (no compiler, no headers, a probe that
// cannot be built for reasons no catalog entry explains); differences are mismatches.
HarnessResult<AbiReport> CheckAbi(const AbiCheckOptions& options);

}  // namespace iommufd_conform::uapi

#endif  // IOMMUFD_CONFORM_REFERENCE_UAPI_ABI_CHECK_H_
