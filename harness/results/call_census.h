#ifndef IOMMUFD_CONFORM_HARNESS_RESULTS_CALL_CENSUS_H_
#define IOMMUFD_CONFORM_HARNESS_RESULTS_CALL_CENSUS_H_

// Which calls a suite run made, by the kernel's name of each ioctl and selftest op, and how
// each ended. The suite writes it; the run merges it into the uAPI coverage list.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace iommufd_conform {

struct CallCount {
  int succeeded = 0;
  int failed = 0;
};

// Keyed by "IOMMU_IOAS_MAP", "IOMMU_TEST_OP_MOCK_DOMAIN", "read", ...
using CallCensus = std::map<std::string, CallCount>;

// The kernel's name of an ioctl request (from the ABI catalog), or "ioctl(0x...)".
std::string IoctlName(unsigned long request);
// The kernel's name of an IOMMU_TEST_CMD op, or "IOMMU_TEST_OP(n)".
std::string TestOpName(uint32_t op);

// One "NAME succeeded failed" line per entry.
std::string FormatCallCensus(const CallCensus& census);
// Lines that do not parse are ignored: a census is a report, not an input contract.
CallCensus ParseCallCensus(std::string_view text);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_RESULTS_CALL_CENSUS_H_
