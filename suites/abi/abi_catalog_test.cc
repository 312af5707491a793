// Self-consistency of the ABI catalog; needs no kernel.

#include "reference/uapi/abi_catalog.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "reference/uapi/ioctl_sizes.h"

namespace iommufd_conform::uapi {
namespace {

const StructEntry& Struct(std::string_view name) {
  for (const StructEntry& entry : CatalogStructs()) {
    if (entry.name == name) return entry;
  }
  throw std::out_of_range(std::string(name));
}

TEST(AbiCatalogTest, NewestKernelHasOurExactLayouts) {
  for (const StructEntry& entry : CatalogStructs()) {
    EXPECT_EQ(SizeIn(entry, kNewestKernel), entry.size) << entry.name;
    EXPECT_EQ(AlignIn(entry, kNewestKernel), entry.align) << entry.name;
  }
}

TEST(AbiCatalogTest, OlderKernelsLackTheLaterFields) {
  EXPECT_EQ(SizeIn(Struct("IommuHwptSelftest"), KernelVersion::k6_12), 4u);
  EXPECT_EQ(SizeIn(Struct("VfioDeviceBindIommufd"), KernelVersion::k6_12), 16u);
  EXPECT_EQ(AlignIn(Struct("VfioDeviceBindIommufd"), KernelVersion::k6_12), 4u);
  EXPECT_EQ(SizeIn(Struct("VfioDeviceAttachIommufdPt"), KernelVersion::k6_12), 12u);
  EXPECT_EQ(SizeIn(Struct("VfioDeviceDetachIommufdPt"), KernelVersion::k6_12), 8u);
  EXPECT_EQ(SizeIn(Struct("IommuTestCmd"), KernelVersion::k6_12), 72u);
  EXPECT_EQ(SizeIn(Struct("IommuHwInfo"), KernelVersion::k6_12), 40u);
}

TEST(AbiCatalogTest, KernelNamesAreUniquePerVersion) {
  for (KernelVersion version : {KernelVersion::k6_12, KernelVersion::k7_2, KernelVersion::k7_3}) {
    std::set<std::string_view> names;
    for (const ConstantEntry& constant : CatalogConstants()) {
      if (!constant.versions.Contains(version)) continue;
      EXPECT_TRUE(names.insert(constant.kernel_name).second)
          << constant.kernel_name << " in " << VersionName(version);
    }
    for (const StructEntry& entry : CatalogStructs()) {
      EXPECT_TRUE(names.insert(entry.kernel_name).second) << entry.kernel_name;
    }
  }
}

TEST(AbiCatalogTest, EveryIoctlIsAnIoOnTheIommufdType) {
  int ioctls = 0;
  for (const ConstantEntry& constant : CatalogConstants()) {
    if (!constant.name.starts_with("kIoctl")) continue;
    ++ioctls;
    EXPECT_EQ(constant.value >> 8, 0x3bu) << constant.name;
  }
  // 22 iommufd ioctls, IOMMU_TEST_CMD and 11 VFIO ones.
  EXPECT_EQ(ioctls, 34);
}

TEST(AbiCatalogTest, EveryIommufdIoctlHasSizes) {
  for (const ConstantEntry& constant : CatalogConstants()) {
    if (!constant.name.starts_with("kIoctl") || constant.name.starts_with("kIoctlVfio") ||
        constant.kernel_name.starts_with("VFIO_")) {
      continue;
    }
    const IoctlSizes* sizes = FindIoctlSizes(constant.value);
    ASSERT_NE(sizes, nullptr) << constant.name;
    EXPECT_LE(sizes->min_size, sizes->struct_size) << constant.name;
  }
  EXPECT_EQ(FindIoctlSizes(kIoctlIoasMap)->min_size, 40u);
  EXPECT_EQ(FindIoctlSizes(0x3b64), nullptr);  // VFIO_GET_API_VERSION: the compat layer's
}

TEST(AbiCatalogTest, VersionNamesRoundTrip) {
  for (KernelVersion version : {KernelVersion::k6_12, KernelVersion::k7_2, KernelVersion::k7_3}) {
    EXPECT_EQ(ParseKernelVersion(VersionName(version)), version);
  }
  EXPECT_EQ(ParseKernelVersion("7.4"), std::nullopt);
  EXPECT_EQ(ParseKernelVersion("7"), std::nullopt);
}

}  // namespace
}  // namespace iommufd_conform::uapi
