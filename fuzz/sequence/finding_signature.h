#ifndef IOMMUFD_CONFORM_FUZZ_SEQUENCE_FINDING_SIGNATURE_H_
#define IOMMUFD_CONFORM_FUZZ_SEQUENCE_FINDING_SIGNATURE_H_

// What makes two differential findings the same: the call and where the two sides first
// differed. A campaign records a signature once and then keeps fuzzing past it.
//
//   "IOMMU_IOAS_ALLOC result: kernel EFAULT, model E2BIG"   (the answers are the finding)
//   "IOMMU_IOAS_IOVA_RANGES allowed_iovas[].last"           (values and positions vary)

#include <string>
#include <string_view>

namespace iommufd_conform::fuzz {

// The signature of a divergence report (FormatDivergence's text); empty when `report` has no
// "first difference" line.
std::string FindingSignature(std::string_view report);

}  // namespace iommufd_conform::fuzz

#endif  // IOMMUFD_CONFORM_FUZZ_SEQUENCE_FINDING_SIGNATURE_H_
