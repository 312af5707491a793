// How compiler diagnostics are pinned on probe lines; needs no kernel or compiler.

#include "reference/uapi/abi_probe.h"

#include <gtest/gtest.h>

namespace iommufd_conform::uapi {
namespace {

// Abridged GCC 12 output: a missing field, and a macro in a header whose expansion fails.
constexpr std::string_view kDiagnostics =
    "probe.c: In function 'P7':\n"
    "probe.c:12:42: error: 'struct iommu_ioas_map' has no member named 'iova'\n"
    "   12 | static void P7(void) { ... }\n"
    "In file included from probe.c:3:\n"
    "include/linux/iommufd.h:220:41: error: 'IOMMUFD_CMD_X' undeclared\n"
    "probe.c:20:63: note: in expansion of macro 'IOMMU_X'\n";

TEST(AbiProbeTest, BlamesItemLinesWithTheirError) {
  auto blamed = BlamedLines(kDiagnostics, "probe.c");
  ASSERT_EQ(blamed.size(), 2u);
  EXPECT_EQ(blamed[12], "error: 'struct iommu_ioas_map' has no member named 'iova'");
  EXPECT_EQ(blamed[20], "error: 'IOMMUFD_CMD_X' undeclared");
  // That header error is claimed by probe line 20, so the header itself is fine.
  EXPECT_TRUE(BrokenIncludes(kDiagnostics, "probe.c").empty());
}

TEST(AbiProbeTest, HeaderErrorsNoProbeLineClaimsBreakTheHeader) {
  constexpr std::string_view kBroken =
      "In file included from probe.c:5:\n"
      "iommufd_test.h:1:2: error: #error broken on purpose\n"
      "probe.c: In function 'P9':\n"
      "probe.c:14:30: error: invalid use of undefined type 'struct iommu_test_cmd'\n";
  auto broken = BrokenIncludes(kBroken, "probe.c");
  ASSERT_EQ(broken.size(), 1u);
  EXPECT_EQ(broken[5], "error: #error broken on purpose");
}

TEST(AbiProbeTest, EveryItemGetsItsOwnLine) {
  std::vector<ProbeItem> items = ProbeItemsFor(KernelVersion::k7_2);
  ProbeSource probe = GenerateProbe(items, {});
  EXPECT_EQ(probe.item_at_line.size(), items.size());
  EXPECT_EQ(probe.header_at_line.size(), 3u);

  ProbeSource without_test_header = GenerateProbe(items, [&] {
    std::set<std::size_t> skip;
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (items[i].Header() == KernelHeader::kIommufdTest) skip.insert(i);
    }
    return skip;
  }());
  EXPECT_EQ(without_test_header.header_at_line.size(), 2u);
  EXPECT_EQ(without_test_header.text.find("iommufd_test.h"), std::string::npos);
}

TEST(AbiProbeTest, ParsesProbeOutput) {
  auto values = ParseProbeOutput("0 40 8\n5 15237\n");
  EXPECT_EQ(values[0], (std::vector<std::uint64_t>{40, 8}));
  EXPECT_EQ(values[5], (std::vector<std::uint64_t>{15237}));
}

}  // namespace
}  // namespace iommufd_conform::uapi
