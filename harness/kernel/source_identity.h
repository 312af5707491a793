#ifndef IOMMUFD_CONFORM_HARNESS_KERNEL_SOURCE_IDENTITY_H_
#define IOMMUFD_CONFORM_HARNESS_KERNEL_SOURCE_IDENTITY_H_

#include <filesystem>
#include <string>

#include "harness/common/harness_error.h"

namespace iommufd_conform {

// A string that changes whenever the tree's content does, so it can go into a cache key:
//  - a tree unpacked by fetch-source.sh: "debian:<.deb file name>" (the tree never changes);
//  - a git checkout: "git:<HEAD> diff:<sha256 of git diff HEAD> untracked:<sha256 of the
//    untracked files' names and contents>";
//  - anything else: "files:<sha256 over every file's relative path, size and mtime>".
HarnessResult<std::string> SourceIdentity(const std::filesystem::path& tree);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_KERNEL_SOURCE_IDENTITY_H_
