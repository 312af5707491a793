#ifndef IOMMUFD_CONFORM_FUZZ_FAILNTH_FAIL_NTH_SEQUENCES_H_
#define IOMMUFD_CONFORM_FUZZ_FAILNTH_FAIL_NTH_SEQUENCES_H_

// The sequences the fault-injection walk runs. They cover the paths the kernel's own
// fail-nth selftest walks (tools/testing/selftests/iommu/iommufd_fail_nth.c: IOAS basics,
// filling one or two mock domains from user memory and from a memfd, access read/write,
// access pinning with and without a domain, and the device/HWPT/vIOMMU/vDEVICE/HW queue/
// fault/vEVENTQ/PASID chain), written here as our own call lists. Unlike the selftest, each
// ends with a probe of the IOAS state and closes its iommufd, so a fault that leaves
// something behind shows up as a divergence.

#include <span>
#include <string_view>

#include "fuzz/failnth/fail_nth_script.h"

namespace iommufd_conform::fuzz {

struct FailNthSequence {
  std::string_view name;
  void (*run)(Script&);
};

std::span<const FailNthSequence> FailNthSequences();

}  // namespace iommufd_conform::fuzz

#endif  // IOMMUFD_CONFORM_FUZZ_FAILNTH_FAIL_NTH_SEQUENCES_H_
