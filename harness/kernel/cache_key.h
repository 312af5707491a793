#ifndef IOMMUFD_CONFORM_HARNESS_KERNEL_CACHE_KEY_H_
#define IOMMUFD_CONFORM_HARNESS_KERNEL_CACHE_KEY_H_

#include <filesystem>
#include <string>
#include <vector>

#include "harness/common/arch.h"
#include "harness/common/harness_error.h"
#include "harness/kernel/config_fragments.h"

namespace iommufd_conform {

// Everything a built kernel depends on.
struct CacheKeyInputs {
  std::string source_identity;  // SourceIdentity() of the tree
  Arch arch;
  std::vector<Fragment> fragments;          // contents and required lists are hashed
  std::vector<std::string> make_variables;  // InstrumentationVariables()
  std::string toolchain;                    // the compiler's --version line
};

struct CacheKey {
  std::string hash;         // names CacheDir()/kernels/<hash>
  std::string description;  // the text that was hashed, kept in the entry for debugging
};

HarnessResult<CacheKey> ComputeCacheKey(const CacheKeyInputs& inputs);

// The object directory for builds of `tree` for `arch` from fragments with these file names.
// It is deliberately keyed on neither the tree's nor the fragments' content: when a patched
// tree or a fragment changes, the next build reuses the objects and kbuild recompiles only what
// changed.
std::string WorkspaceName(const std::filesystem::path& tree, Arch arch,
                          const std::vector<Fragment>& fragments);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_KERNEL_CACHE_KEY_H_
