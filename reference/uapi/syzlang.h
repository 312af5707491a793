#ifndef IOMMUFD_CONFORM_REFERENCE_UAPI_SYZLANG_H_
#define IOMMUFD_CONFORM_REFERENCE_UAPI_SYZLANG_H_

// syzkaller's description of /dev/iommu (syzlang, syzkaller's
// docs/syscall_descriptions_syntax.md), written from the ioctl descriptions: one ioctl$NAME
// per iommufd ioctl, VFIO compat ioctl and IOMMU_TEST_CMD op, its struct with each field's
// type from its role (object ids as resources, so syzkaller chains calls; pointers with
// their length fields; reserved fields as zero constants). Numbers are written as numbers,
// so the file needs no constant extraction. `reports/syzkaller/dev_iommu.txt` is its output
// for our table (syzlang_test keeps it so).

#include <span>
#include <string>

#include "reference/uapi/abi_catalog.h"
#include "reference/uapi/ioctl_description.h"

namespace iommufd_conform::uapi {

std::string DevIommuSyzlang(std::span<const IoctlDescription> ioctls,
                            std::span<const TestOpDescription> test_ops,
                            std::span<const StructEntry> catalog);

}  // namespace iommufd_conform::uapi

#endif  // IOMMUFD_CONFORM_REFERENCE_UAPI_SYZLANG_H_
