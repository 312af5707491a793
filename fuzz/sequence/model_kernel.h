#ifndef IOMMUFD_CONFORM_FUZZ_SEQUENCE_MODEL_KERNEL_H_
#define IOMMUFD_CONFORM_FUZZ_SEQUENCE_MODEL_KERNEL_H_

#include <string>

namespace iommufd_conform::fuzz {

// The kernel profile a guest fuzzer's model follows: IOMMUFD_CONFORM_FUZZ_KERNEL when set,
// else the running kernel's major.minor ("7.2" from "7.2.13").
std::string ModelKernel();

}  // namespace iommufd_conform::fuzz

#endif  // IOMMUFD_CONFORM_FUZZ_SEQUENCE_MODEL_KERNEL_H_
