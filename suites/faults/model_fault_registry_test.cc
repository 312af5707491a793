// The model-fault registry and the verdict on a run; the runs themselves are the CTest
// vm.model_faults.x86_64.none.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "suites/faults/fault_verdict.h"
#include "suites/faults/model_fault_registry.h"

namespace iommufd_conform {
namespace {

using model::ModelFault;

TEST(ModelFaultRegistryTest, NamesAreUniqueAndKebabCase) {
  std::set<std::string_view> names;
  for (const ModelFaultSpec& spec : ModelFaults()) {
    EXPECT_TRUE(names.insert(spec.name).second) << spec.name;
    EXPECT_FALSE(spec.name.empty());
    EXPECT_TRUE(std::all_of(spec.name.begin(), spec.name.end(),
                            [](char c) { return (c >= 'a' && c <= 'z') || c == '-'; }))
        << spec.name;
    EXPECT_EQ(FindModelFault(spec.name), &spec);
  }
  EXPECT_EQ(FindModelFault("no-such-fault"), nullptr);
}

TEST(ModelFaultRegistryTest, EveryFaultIsListedOnce) {
  std::set<ModelFault> listed;
  for (const ModelFaultSpec& spec : ModelFaults()) {
    EXPECT_NE(spec.fault, ModelFault::kNone) << spec.name;
    EXPECT_TRUE(listed.insert(spec.fault).second) << spec.name;
  }
  // kWritesNothing is the enum's last value.
  EXPECT_EQ(listed.size(), static_cast<size_t>(ModelFault::kWritesNothing));
}

TEST(ModelFaultRegistryTest, EveryFaultSaysWhatADiffRunMustReport) {
  for (const ModelFaultSpec& spec : ModelFaults()) {
    EXPECT_FALSE(spec.bug.empty()) << spec.name;
    EXPECT_FALSE(spec.filter.empty()) << spec.name;
    EXPECT_FALSE(spec.call.empty()) << spec.name;
    EXPECT_FALSE(spec.detail.empty()) << spec.name;
  }
}

TEST(ModelFaultRegistryTest, AtLeastThirtyFaultsMustBeCaught) {
  auto caught = std::count_if(ModelFaults().begin(), ModelFaults().end(),
                              [](const ModelFaultSpec& spec) { return spec.known_miss.empty(); });
  EXPECT_GE(caught, 30);
}

TEST(ModelFaultRegistryTest, BothWholeModelFaultsAreListed) {
  for (ModelFault fault : {ModelFault::kEnottyForEverything, ModelFault::kWritesNothing}) {
    EXPECT_TRUE(std::any_of(ModelFaults().begin(), ModelFaults().end(),
                            [&](const ModelFaultSpec& spec) { return spec.fault == fault; }));
  }
}

// Two events as suites/support/divergence_listener.cc writes them after the run's summary:
// an accepted one and one that fails its case.
constexpr std::string_view kReport =
    "differential run against kernel 7.2, platform none\n"
    "  12 calls, 12 compared, 0 automatic IOVAs adopted by the model\n"
    "  unexpected divergences: 1\n"
    "    1x IOMMU_IOAS_MAP\n"
    "\n"
    "IoasMapTest.Other: expected (some-entry)\n"
    "IOMMU_DESTROY diverged on fd 3\n"
    "  call:   IOMMU_DESTROY(id=1)\n"
    "  kernel: fails(EBUSY)\n"
    "  model:  ok(ret=0)\n"
    "  first difference: result: kernel EBUSY, model ok(ret=0)\n"
    "  no earlier calls on this fd\n"
    "\n"
    "IoasMapTest.FixedMapOverAnExistingAreaIsEexist: unexpected\n"
    "IOMMU_IOAS_MAP diverged on fd 3\n"
    "  call:   IOMMU_IOAS_MAP(flags=7, ioas_id=1, user_va=0x7f0000, length=4096, iova=0x5000)\n"
    "  kernel: fails(EEXIST)\n"
    "  model:  fails(EINVAL)\n"
    "  first difference: result: kernel EEXIST, model EINVAL\n"
    "  earlier calls on this fd, oldest first:\n"
    "    IOMMU_IOAS_ALLOC() -> ok(ret=0) out_ioas_id=1\n";

TEST(FaultVerdictTest, ReadsTheUnexpectedDivergencesOfAReport) {
  std::vector<ReportedDivergence> found = UnexpectedDivergences(kReport);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].test, "IoasMapTest.FixedMapOverAnExistingAreaIsEexist");
  EXPECT_EQ(found[0].call, "IOMMU_IOAS_MAP");
  EXPECT_EQ(found[0].first_difference, "result: kernel EEXIST, model EINVAL");
}

const ModelFaultSpec& Spec(std::string_view name) {
  const ModelFaultSpec* spec = FindModelFault(name);
  EXPECT_NE(spec, nullptr) << name;
  return *spec;
}

TEST(FaultVerdictTest, CaughtNeedsAFailedRunNamingTheCallAndDetail) {
  const ModelFaultSpec& overlap = Spec("fixed-map-overlap-einval");
  EXPECT_EQ(JudgeFaultRun(overlap, true, kReport).kind, FaultVerdict::Kind::kCaught);
  EXPECT_EQ(JudgeFaultRun(overlap, false, "").kind, FaultVerdict::Kind::kMissed);
  EXPECT_FALSE(JudgeFaultRun(overlap, false, "").ok());
  // Another fault's expectation is not met by this report.
  const ModelFaultSpec& other = Spec("ioas-alloc-id-off-by-one");
  FaultVerdict wrong = JudgeFaultRun(other, true, kReport);
  EXPECT_EQ(wrong.kind, FaultVerdict::Kind::kWrongReport);
  EXPECT_NE(wrong.why.find("IOMMU_IOAS_MAP: result: kernel EEXIST"), std::string::npos);
  // A failure with no divergence at all (only the suite's own checks failed) is no catch.
  EXPECT_EQ(JudgeFaultRun(overlap, true, "").kind, FaultVerdict::Kind::kWrongReport);
}

TEST(FaultVerdictTest, KnownMissMustStayMissed) {
  ModelFaultSpec known = Spec("fixed-map-overlap-einval");
  known.known_miss = "for the test";
  EXPECT_EQ(JudgeFaultRun(known, false, "").kind, FaultVerdict::Kind::kKnownMiss);
  EXPECT_TRUE(JudgeFaultRun(known, false, "").ok());
  FaultVerdict caught = JudgeFaultRun(known, true, kReport);
  EXPECT_EQ(caught.kind, FaultVerdict::Kind::kKnownMissCaught);
  EXPECT_FALSE(caught.ok());
}

}  // namespace
}  // namespace iommufd_conform
