#include "harness/backend/call_record.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cerrno>

#include "harness/backend/test_records.h"
#include "reference/uapi/iommufd.h"
#include "reference/uapi/iommufd_test.h"

namespace iommufd_conform {
namespace {

using testing_records::BytesOf;
using testing_records::Ioctl;
using ::testing::Field;
using ::testing::Optional;
using ::testing::SizeIs;

constexpr uint32_t kReadWrite = uapi::kIommuIoasMapReadable | uapi::kIommuIoasMapWriteable;

uapi::IommuIoasMap MapRequest(uint32_t flags) {
  uapi::IommuIoasMap map{};
  map.size = sizeof(map);
  map.flags = flags;
  map.ioas_id = 1;
  map.user_va = 0x10000;
  map.length = 0x2000;
  return map;
}

TEST(FirstDifferenceTest, IdenticalAnswersAgree) {
  uapi::IommuIoasAlloc in{sizeof(in), 0, 0};
  uapi::IommuIoasAlloc out{sizeof(in), 0, 1};
  EXPECT_EQ(FirstDifference(Ioctl(uapi::kIoctlIoasAlloc, in, out, 0, out, 0)), std::nullopt);
}

TEST(FirstDifferenceTest, DifferentErrnoIsTheResult) {
  uapi::IommuIoasMap in = MapRequest(kReadWrite);
  auto difference = FirstDifference(Ioctl(uapi::kIoctlIoasMap, in, in, 0, in, ENOSPC));
  ASSERT_TRUE(difference);
  EXPECT_EQ(difference->pattern, "errno");
  EXPECT_EQ(difference->kernel_value, "ok(ret=0)");
  EXPECT_EQ(difference->model_value, "ENOSPC");
}

TEST(FirstDifferenceTest, StructByteIsNamedByItsField) {
  uapi::IommuIoasAlloc in{sizeof(in), 0, 0};
  uapi::IommuIoasAlloc kernel{sizeof(in), 0, 2};
  uapi::IommuIoasAlloc model{sizeof(in), 0, 1};
  auto difference = FirstDifference(Ioctl(uapi::kIoctlIoasAlloc, in, kernel, 0, model, 0));
  ASSERT_TRUE(difference);
  EXPECT_EQ(difference->pattern, "out_ioas_id");
  EXPECT_EQ(difference->where, "out_ioas_id (byte 8)");
  EXPECT_EQ(difference->kernel_value, "2");
  EXPECT_EQ(difference->model_value, "1");
}

// IOMMU_HWPT_INVALIDATE writes entry_num back also when it fails: failures with the same
// errno still differ in how many entries they handled.
TEST(FirstDifferenceTest, InvalidateEntryNumIsComparedOnFailure) {
  uapi::IommuHwptInvalidate in{};
  in.size = sizeof(in);
  in.hwpt_id = 2;
  in.entry_num = 3;
  uapi::IommuHwptInvalidate kernel = in;
  kernel.entry_num = 1;
  uapi::IommuHwptInvalidate model = in;
  model.entry_num = 0;
  auto difference =
      FirstDifference(Ioctl(uapi::kIoctlHwptInvalidate, in, kernel, EINVAL, model, EINVAL));
  ASSERT_TRUE(difference);
  EXPECT_EQ(difference->pattern, "entry_num");
  EXPECT_EQ(difference->kernel_value, "1");
  EXPECT_EQ(difference->model_value, "0");
}

TEST(FirstDifferenceTest, LargeValuesArePrintedInHex) {
  uapi::IommuIoasUnmap in{sizeof(in), 1, 0x100000, 0x200000};
  uapi::IommuIoasUnmap model = in;
  model.length = 0x1000;
  auto difference = FirstDifference(Ioctl(uapi::kIoctlIoasUnmap, in, in, 0, model, 0));
  ASSERT_TRUE(difference);
  EXPECT_EQ(difference->pattern, "length");
  EXPECT_EQ(difference->kernel_value, "0x200000");
  EXPECT_EQ(difference->model_value, "4096");
}

TEST(FirstDifferenceTest, AutomaticIovaIsFreeWhenBothSucceed) {
  uapi::IommuIoasMap in = MapRequest(kReadWrite);
  uapi::IommuIoasMap kernel = in, model = in;
  kernel.iova = 0x4000;
  model.iova = 0x1000;
  CallRecord call = Ioctl(uapi::kIoctlIoasMap, in, kernel, 0, model, 0);
  EXPECT_EQ(FirstDifference(call), std::nullopt);
  std::vector<FreeValue> free = FreeValues(call);
  ASSERT_THAT(free, SizeIs(1));
  EXPECT_EQ(free[0].field->field, "iova");
  EXPECT_EQ(free[0].kernel, 0x4000u);
  EXPECT_EQ(free[0].model, 0x1000u);
}

TEST(FirstDifferenceTest, FixedIovaIsCompared) {
  uapi::IommuIoasMap in = MapRequest(kReadWrite | uapi::kIommuIoasMapFixedIova);
  uapi::IommuIoasMap kernel = in, model = in;
  model.iova = 0x1000;
  CallRecord call = Ioctl(uapi::kIoctlIoasMap, in, kernel, 0, model, 0);
  EXPECT_THAT(FirstDifference(call), Optional(Field(&Difference::pattern, "iova")));
  EXPECT_THAT(FreeValues(call), SizeIs(0));
}

TEST(FirstDifferenceTest, CopyDestinationIovaIsFree) {
  uapi::IommuIoasCopy in{sizeof(in), kReadWrite, 1, 1, 0x1000, 0, 0x4000};
  uapi::IommuIoasCopy kernel = in, model = in;
  kernel.dst_iova = 0x8000;
  model.dst_iova = 0x2000;
  CallRecord call = Ioctl(uapi::kIoctlIoasCopy, in, kernel, 0, model, 0);
  EXPECT_EQ(FirstDifference(call), std::nullopt);
  EXPECT_THAT(FreeValues(call), SizeIs(1));
}

TEST(FirstDifferenceTest, RegionElementIsNamedByIndexAndField) {
  uapi::IommuIoasIovaRanges in{sizeof(in), 1, 2, 0, 0x5000, 0};
  uapi::IommuIoasIovaRanges out = in;
  out.out_iova_alignment = 1;
  CallRecord call = Ioctl(uapi::kIoctlIoasIovaRanges, in, out, 0, out, 0);
  const OutputRegion& region = FindIoctlShape(uapi::kIoctlIoasIovaRanges)->regions[0];
  uapi::IommuIovaRange kernel_ranges[2] = {{0, 0xfff}, {0x2000, 0xffff'ffff}};
  uapi::IommuIovaRange model_ranges[2] = {{0, 0xfff}, {0x2000, 0x7fff'ffff}};
  call.kernel.regions = {{&region, 0x5000, true, BytesOf(kernel_ranges)}};
  call.model.regions = {{&region, 0x5000, true, BytesOf(model_ranges)}};
  auto difference = FirstDifference(call);
  ASSERT_TRUE(difference);
  EXPECT_EQ(difference->pattern, "allowed_iovas[].last");
  EXPECT_EQ(difference->where, "allowed_iovas[1].last (region byte 27)");
  EXPECT_EQ(difference->kernel_value, "0xffffffff");
  EXPECT_EQ(difference->model_value, "0x7fffffff");
}

TEST(FirstDifferenceTest, TestCmdFieldsAreNamedByTheSelectedUnionMember) {
  uapi::IommuTestCmd in{};
  in.size = sizeof(in);
  in.op = uapi::kIommuTestOpMockDomain;
  in.id = 1;
  uapi::IommuTestCmd kernel = in, model = in;
  kernel.mock_domain.out_hwpt_id = 3;
  model.mock_domain.out_hwpt_id = 4;
  auto difference = FirstDifference(Ioctl(uapi::kIoctlTestCmd, in, kernel, 0, model, 0));
  EXPECT_THAT(difference, Optional(Field(&Difference::pattern, "mock_domain.out_hwpt_id")));
}

TEST(FirstDifferenceTest, OpensCompareSuccessNotDescriptorNumbers) {
  CallRecord call;
  call.kind = CallRecord::Kind::kOpenIommufd;
  call.kernel.outcome = Outcome::Success(5);
  call.model.outcome = Outcome::Success(3);
  EXPECT_EQ(FirstDifference(call), std::nullopt);
  call.model.outcome = Outcome::Failure(ENOENT);
  EXPECT_THAT(FirstDifference(call), Optional(Field(&Difference::pattern, "errno")));
}

TEST(FirstDifferenceTest, ReadDataIsCompared) {
  CallRecord call;
  call.kind = CallRecord::Kind::kRead;
  std::byte kernel[] = {std::byte{1}, std::byte{2}};
  std::byte model[] = {std::byte{1}, std::byte{3}};
  call.kernel.outcome = Outcome::Success(2, kernel);
  call.model.outcome = Outcome::Success(2, model);
  auto difference = FirstDifference(call);
  ASSERT_TRUE(difference);
  EXPECT_EQ(difference->pattern, "data");
  EXPECT_EQ(difference->where, "read byte 1");
}

TEST(CallRecordTest, NamesComeFromTheCatalog) {
  CallRecord call;
  call.request = uapi::kIoctlIoasIovaRanges;
  EXPECT_EQ(call.CallName(), "IOMMU_IOAS_IOVA_RANGES");
  call.request = 0x3b9f;
  EXPECT_EQ(call.CallName(), "ioctl(0x3b9f)");
  call.kind = CallRecord::Kind::kOpenDevice;
  EXPECT_EQ(call.CallName(), "open(device)");
}

}  // namespace
}  // namespace iommufd_conform
