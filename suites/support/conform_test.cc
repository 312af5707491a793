#include "suites/support/conform_test.h"

#include "suites/support/suite_backend.h"

namespace iommufd_conform {

void ConformTest::SetUp() {
  session_ = std::make_unique<IommufdSession>(SuiteBackend());
  ASSERT_THAT(session_->open_outcome(), Succeeds()) << "cannot open the iommufd";
}

void ConformTest::TearDown() {
  session_.reset();
  bool has_mock = false;
  for (const DeviceInfo& device : SuiteBackend().Devices()) {
    has_mock |= device.kind == DeviceInfo::Kind::kMock;
  }
  if (!has_mock) return;
  IommufdSession fresh(SuiteBackend());
  EXPECT_THAT(fresh.CheckRefs(buffer(), kBufferPages * page_size(), 0), Succeeds())
      << "a page of the buffer is still pinned after the iommufd was closed";
}

uint32_t ConformTest::IoasAllocOk() {
  Outcome outcome = iommufd().IoasAlloc();
  EXPECT_THAT(outcome, Succeeds());
  return outcome.As<uapi::IommuIoasAlloc>().out_ioas_id;
}

void ConformTest::DestroyOk(uint32_t id) { EXPECT_THAT(iommufd().Destroy(id), Succeeds()); }

uint64_t ConformTest::MapFixedOk(uint32_t ioas, const void* va, uint64_t length, uint64_t iova) {
  Outcome outcome = iommufd().IoasMap(ioas, va, length, iova, kFixedReadWrite);
  EXPECT_THAT(outcome, Succeeds());
  return outcome.As<uapi::IommuIoasMap>().iova;
}

uint64_t ConformTest::MapAutoOk(uint32_t ioas, const void* va, uint64_t length) {
  Outcome outcome = iommufd().IoasMap(ioas, va, length, 0, kReadWrite);
  EXPECT_THAT(outcome, Succeeds());
  return outcome.As<uapi::IommuIoasMap>().iova;
}

uint64_t ConformTest::UnmapOk(uint32_t ioas, uint64_t iova, uint64_t length) {
  Outcome outcome = iommufd().IoasUnmap(ioas, iova, length);
  EXPECT_THAT(outcome, Succeeds());
  return outcome.As<uapi::IommuIoasUnmap>().length;
}

std::vector<uapi::IommuIovaRange> ConformTest::IovaRangesOk(uint32_t ioas, uint64_t* alignment) {
  std::vector<uapi::IommuIovaRange> ranges(8);
  Outcome outcome = iommufd().IoasIovaRanges(ioas, ranges);
  EXPECT_THAT(outcome, Succeeds());
  auto reply = outcome.As<uapi::IommuIoasIovaRanges>();
  ranges.resize(outcome.ok() ? reply.num_iovas : 0);
  if (alignment) *alignment = reply.out_iova_alignment;
  return ranges;
}

}  // namespace iommufd_conform
