#include "fuzz/sequence/finding_signature.h"

#include <gtest/gtest.h>

namespace iommufd_conform::fuzz {
namespace {

TEST(FindingSignatureTest, ResultDifferencesKeepBothAnswers) {
  EXPECT_EQ(FindingSignature("IOMMU_IOAS_ALLOC diverged on fd 3\n"
                             "  call:   IOMMU_IOAS_ALLOC(size=4278190092)\n"
                             "  kernel: fails(EFAULT)\n"
                             "  model:  fails(E2BIG)\n"
                             "  first difference: result: kernel EFAULT, model E2BIG\n"
                             "  no earlier calls on this fd\n"),
            "IOMMU_IOAS_ALLOC result: kernel EFAULT, model E2BIG");
  EXPECT_EQ(FindingSignature("IOMMU_IOAS_MAP diverged on fd 5\n"
                             "  first difference: result: kernel ok(ret=0), model ENOSPC\n"),
            "IOMMU_IOAS_MAP result: kernel ok, model ENOSPC");
}

TEST(FindingSignatureTest, FieldDifferencesDropValuesAndPositions) {
  EXPECT_EQ(FindingSignature("IOMMU_IOAS_IOVA_RANGES diverged on fd 3\n"
                             "  first difference: allowed_iovas[1].last (region byte 24): "
                             "kernel 0xfff, model 0x1fff\n"),
            "IOMMU_IOAS_IOVA_RANGES allowed_iovas[].last");
  EXPECT_EQ(FindingSignature("read diverged on fd 7\n"
                             "  first difference: read byte 12: kernel 0x01, model 0x00\n"),
            "read read byte");
}

TEST(FindingSignatureTest, NoDifferenceLineNoSignature) {
  EXPECT_EQ(FindingSignature("IOMMU_IOAS_MAP diverged on fd 5\n"), "");
  EXPECT_EQ(FindingSignature(""), "");
}

}  // namespace
}  // namespace iommufd_conform::fuzz
