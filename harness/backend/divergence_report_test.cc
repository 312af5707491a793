#include "harness/backend/divergence_report.h"

#include <gtest/gtest.h>

#include <cerrno>

#include "harness/backend/test_records.h"
#include "reference/uapi/iommufd.h"
#include "reference/uapi/vfio.h"

namespace iommufd_conform {
namespace {

using testing_records::Ioctl;

constexpr uint32_t kReadWrite = uapi::kIommuIoasMapReadable | uapi::kIommuIoasMapWriteable;

uapi::IommuIoasMap AutoMap() {
  uapi::IommuIoasMap map{};
  map.size = sizeof(map);
  map.flags = kReadWrite;
  map.ioas_id = 1;
  map.user_va = 0x7f0000010000;
  map.length = 0x2000;
  return map;
}

TEST(DescribeCallTest, ShowsNonZeroFieldsAndHidesTheUsualSize) {
  uapi::IommuIoasMap map = AutoMap();
  CallRecord call = Ioctl(uapi::kIoctlIoasMap, map, map, 0, map, 0);
  EXPECT_EQ(DescribeCall(call),
            "IOMMU_IOAS_MAP(flags=6, ioas_id=1, user_va=0x7f0000010000, length=8192)");
}

TEST(DescribeCallTest, ShowsAnUnusualSize) {
  uapi::IommuDestroy destroy{4, 7};
  CallRecord call = Ioctl(uapi::kIoctlDestroy, destroy, destroy, EINVAL, destroy, EINVAL);
  EXPECT_EQ(DescribeCall(call), "IOMMU_DESTROY(size=4, id=7)");
}

TEST(DescribeCallTest, ShortArgumentsSayHowShort) {
  uint32_t size = 4;
  CallRecord call = Ioctl(uapi::kIoctlDestroy, size, size, EINVAL, size, EINVAL);
  EXPECT_EQ(DescribeCall(call), "IOMMU_DESTROY(size=4, 4 of 8 bytes)");
}

TEST(DescribeCallTest, IntegerArgumentsShowTheirValue) {
  CallRecord call;
  call.request = uapi::kIoctlVfioCheckExtension;
  call.arg = 3;
  EXPECT_EQ(DescribeCall(call), "VFIO_CHECK_EXTENSION(3)");
}

TEST(DescribeCallTest, UnknownRequestsShowNumberAndArgument) {
  CallRecord call;
  call.request = 0xc3b81;
  call.arg = 0x7ffe0000;
  EXPECT_EQ(DescribeCall(call), "ioctl(0xc3b81, 0x7ffe0000)");
}

TEST(DescribeSideTest, ListsTheFieldsTheCallChanged) {
  uapi::IommuIoasMap in = AutoMap();
  uapi::IommuIoasMap kernel = in;
  kernel.iova = 0x4000;
  CallRecord call = Ioctl(uapi::kIoctlIoasMap, in, kernel, 0, in, ENOSPC);
  EXPECT_EQ(DescribeSide(call, call.kernel), "ok(ret=0) iova=16384");
  EXPECT_EQ(DescribeSide(call, call.model), "fails(ENOSPC)");
}

TEST(FormatDivergenceTest, ReportsCallOutcomesDifferenceAndHistory) {
  uapi::IommuIoasMap in = AutoMap();
  uapi::IommuIoasMap kernel = in;
  kernel.iova = 0x4000;
  CallRecord call = Ioctl(uapi::kIoctlIoasMap, in, kernel, 0, in, ENOSPC);
  Difference difference{"errno", "result", "ok(ret=0)", "ENOSPC", ""};
  std::vector<std::string> earlier = {"open(/dev/iommu) -> ok(ret=3)",
                                      "IOMMU_IOAS_ALLOC() -> ok(ret=0) out_ioas_id=1"};
  EXPECT_EQ(FormatDivergence(call, difference, earlier),
            "IOMMU_IOAS_MAP diverged on fd 3\n"
            "  call:   IOMMU_IOAS_MAP(flags=6, ioas_id=1, user_va=0x7f0000010000, length=8192)\n"
            "  kernel: ok(ret=0) iova=16384\n"
            "  model:  fails(ENOSPC)\n"
            "  first difference: result: kernel ok(ret=0), model ENOSPC\n"
            "  earlier calls on this fd, oldest first:\n"
            "    open(/dev/iommu) -> ok(ret=3)\n"
            "    IOMMU_IOAS_ALLOC() -> ok(ret=0) out_ioas_id=1\n");
}

TEST(FormatDivergenceTest, ExplainsARefusedFreeValue) {
  uapi::IommuIoasMap in = AutoMap();
  CallRecord call = Ioctl(uapi::kIoctlIoasMap, in, in, 0, in, 0);
  Difference difference{"iova", "iova", "0x4100", "16384", "not in the allowed ranges"};
  std::string text = FormatDivergence(call, difference, {});
  EXPECT_NE(text.find("  first difference: iova: kernel 0x4100, model 16384\n"
                      "  why: not in the allowed ranges\n"
                      "  no earlier calls on this fd\n"),
            std::string::npos)
      << text;
}

TEST(LogLineTest, IsTheCallAndTheKernelsAnswer) {
  uapi::IommuIoasAlloc in{sizeof(in), 0, 0};
  uapi::IommuIoasAlloc out{sizeof(in), 0, 1};
  CallRecord call = Ioctl(uapi::kIoctlIoasAlloc, in, out, 0, out, 0);
  EXPECT_EQ(LogLine(call), "IOMMU_IOAS_ALLOC() -> ok(ret=0) out_ioas_id=1");
}

}  // namespace
}  // namespace iommufd_conform
