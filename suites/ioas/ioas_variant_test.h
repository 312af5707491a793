#ifndef IOMMUFD_CONFORM_SUITES_IOAS_IOAS_VARIANT_TEST_H_
#define IOMMUFD_CONFORM_SUITES_IOAS_IOAS_VARIANT_TEST_H_

#include <cstdint>
#include <string>
#include <vector>

#include "suites/mock/mock_test.h"

namespace iommufd_conform {

// What the IOAS of an IOAS-area case has attached, as the kernel's own selftests vary their
// IOAS cases: nothing, one or two mock domains, or one mock domain with the selftest
// driver's temporary memory limit lowered, so that pinning goes in many small batches.
enum class IoasVariant { kNoDomain, kOneMockDomain, kTwoMockDomains, kMemoryLimit };

inline constexpr IoasVariant kIoasVariants[] = {IoasVariant::kNoDomain, IoasVariant::kOneMockDomain,
                                                IoasVariant::kTwoMockDomains,
                                                IoasVariant::kMemoryLimit};

std::string IoasVariantName(const testing::TestParamInfo<IoasVariant>& info);

// An IoasTest per variant. The first mock domain is the automatic one of a device attached
// to the IOAS; the second a HWPT_ALLOC'ed one with a second device on it. The variants with
// a domain need the selftest mock driver and are skipped, with the reason, where it is
// missing; the one without runs everywhere.
class IoasVariantTest : public MockTest, public testing::WithParamInterface<IoasVariant> {
 protected:
  // The limit the memory-limit variant sets (the selftests' own), and the driver's default
  // that TearDown puts back: the limit is global to the kernel.
  static constexpr uint32_t kLoweredMemoryLimit = 16;
  static constexpr uint32_t kDefaultMemoryLimit = 65536;

  void SetUp() override;
  void TearDown() override;

  bool has_domain() const { return GetParam() != IoasVariant::kNoDomain; }
  // The one range IOVA_RANGES reports for the IOAS, and its IOVA alignment.
  uapi::IommuIovaRange WholeRange() const;
  uint64_t Alignment() const;

  // Where the cases map: inside the mock aperture, so the same IOVAs serve every variant.
  static constexpr uint64_t kIova = kApertureIova + 0x100000;

  std::vector<MockDevice> devices_;

 private:
  bool limit_lowered_ = false;
};

#define INSTANTIATE_IOAS_VARIANTS(fixture) \
  INSTANTIATE_TEST_SUITE_P(Variants, fixture, testing::ValuesIn(kIoasVariants), IoasVariantName)

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_SUITES_IOAS_IOAS_VARIANT_TEST_H_
