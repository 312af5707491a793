#include "suites/support/conform_test.h"

#include "suites/support/suite_backend.h"

namespace iommufd_conform {

ConformTest::~ConformTest() {
  // A fixture whose TearDown stopped early never reached ConformTest's: the held-back
  // failures are judged all the same.
  if (expected_failure_) expected_failure_->Finish();
}

void ConformTest::SetUp() {
  before_case_ = CurrentLeftovers(SuiteModel());
  session_ = std::make_unique<IommufdSession>(SuiteBackend());
  ASSERT_THAT(session_->open_outcome(), Succeeds()) << "cannot open the iommufd";
}

void ConformTest::TearDown() {
  if (const model::Model* model = SuiteModel()) {
    for (const std::string& rule : model->InvariantViolations()) {
      ADD_FAILURE() << "a model invariant is broken at the end of the case: " << rule;
    }
  }
  session_.reset();
  for (const std::string& leftover : NewLeftovers(before_case_, CurrentLeftovers(SuiteModel()))) {
    ADD_FAILURE() << "left behind once the case's descriptors were closed: " << leftover;
  }
  bool has_mock = false;
  for (const DeviceInfo& device : SuiteBackend().Devices()) {
    has_mock |= device.kind == DeviceInfo::Kind::kMock;
  }
  if (has_mock) {
    IommufdSession fresh(SuiteBackend());
    EXPECT_THAT(fresh.CheckRefs(buffer(), kBufferPages * page_size(), 0), Succeeds())
        << "a page of the buffer is still pinned after the iommufd was closed";
  }
  if (expected_failure_) expected_failure_->Finish();
}

void ConformTest::AcceptLeftoversOfKernelBug(std::string_view id) {
  const ManifestEntry* entry = SuiteManifest().Find(id);
  if (!entry || ExpectationOf(*entry, CurrentSuiteTarget(), SuitePlatform()) ==
                    BugExpectation::kPasses) {
    ADD_FAILURE() << "left behind by kernel bug [" << id
                  << "], which reference/divergences.txt does not list for this kernel";
    return;
  }
  before_case_ = CurrentLeftovers(SuiteModel());
}

bool ConformTest::ReproducesKernelBug(std::string_view id) {
  const ManifestEntry* entry = SuiteManifest().Find(id);
  if (!entry || !entry->kernel_bug) {
    ADD_FAILURE() << "KERNEL_BUG_REPRODUCER(\"" << id
                  << "\"): reference/divergences.txt has no kernel-bug entry of that id";
    return true;
  }
  const SuiteTarget& target = CurrentSuiteTarget();
  std::string where = (target.kernel_answers ? "kernel " : "the model of kernel ") +
                      target.kernel_version + ", platform " +
                      std::string(model::PlatformName(SuitePlatform()));
  switch (ExpectationOf(*entry, target, SuitePlatform())) {
    case BugExpectation::kPasses: return true;
    case BugExpectation::kFails:
      expected_failure_ = std::make_unique<ExpectedFailure>(entry->id, where);
      return true;
    case BugExpectation::kFailsNotRun:
      ExpectedFailure::RecordNotRun(
          entry->id, "on " + where + " it " +
                         (entry->hazard == ManifestEntry::Hazard::kWarn ? "WARNs" : "never returns"));
      return false;
  }
  return true;
}

uint32_t ConformTest::IoasAllocOk() {
  return Require(iommufd().IoasAlloc(), "IOAS_ALLOC").As<uapi::IommuIoasAlloc>().out_ioas_id;
}

void ConformTest::DestroyOk(uint32_t id) {
  (void)Require(iommufd().Destroy(id), "DESTROY of " + std::to_string(id));
}

uint64_t ConformTest::MapFixedOk(uint32_t ioas, const void* va, uint64_t length, uint64_t iova) {
  return Require(
             iommufd().IoasMap(ioas, va, length, iova, kFixedReadWrite),
             "fixed IOAS_MAP of " + std::to_string(length) + " bytes at " + std::to_string(iova))
      .As<uapi::IommuIoasMap>()
      .iova;
}

uint64_t ConformTest::MapAutoOk(uint32_t ioas, const void* va, uint64_t length) {
  return Require(iommufd().IoasMap(ioas, va, length, 0, kReadWrite),
                 "IOAS_MAP of " + std::to_string(length) + " bytes")
      .As<uapi::IommuIoasMap>()
      .iova;
}

uint64_t ConformTest::UnmapOk(uint32_t ioas, uint64_t iova, uint64_t length) {
  return Require(iommufd().IoasUnmap(ioas, iova, length),
                 "IOAS_UNMAP of " + std::to_string(length) + " bytes at " + std::to_string(iova))
      .As<uapi::IommuIoasUnmap>()
      .length;
}

std::vector<uapi::IommuIovaRange> ConformTest::IovaRangesOk(uint32_t ioas, uint64_t* alignment) {
  std::vector<uapi::IommuIovaRange> ranges(8);
  auto reply = Require(iommufd().IoasIovaRanges(ioas, ranges), "IOAS_IOVA_RANGES")
                   .As<uapi::IommuIoasIovaRanges>();
  ranges.resize(reply.num_iovas);
  if (alignment) *alignment = reply.out_iova_alignment;
  return ranges;
}

}  // namespace iommufd_conform
