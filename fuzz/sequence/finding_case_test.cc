#include "fuzz/sequence/finding_case.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fuzz/sequence/op_codec.h"
#include "harness/backend/model_backend.h"

namespace iommufd_conform::fuzz {
namespace {

using ::testing::HasSubstr;

// A stand-in for a differential finding, on the model alone: the signature is the first
// IOAS_MAP's errno.
RunInput OnTheModel(const MemoryArena& arena) {
  return [&arena](std::span<const uint8_t> input) {
    ModelBackend backend{model::ModelConfig{*model::KernelProfileFor("7.2"), model::Platform::kNone}};
    FindingRun run = RunRecorded(backend, arena, input, 64);
    for (size_t i = 0; i < run.ops.size() && run.signature.empty(); ++i) {
      if (CodeOf(run.ops[i]) == OpCode::kIoasMap && run.outcomes[i]) {
        run.signature = "IOMMU_IOAS_MAP " + std::string(ErrnoName(run.outcomes[i]->error));
      }
    }
    return run;
  };
}

TEST(FindingCaseTest, AFindingArrivesShrunkAndPrinted) {
  MemoryArena arena;
  // Two IOAS_ALLOCs, an IOAS_ALLOC with a short size field (EINVAL), and two maps of the
  // second IOAS (fixed, readable and writeable, three pages at the aperture's page 2). The
  // first map decides the signature, its success: an IOAS and a writeable map are left (the
  // case's name is a hash of the signature).
  std::vector<uint8_t> input = {57, 3, 0, 0, 0, 3, 0, 0, 0, 3, 0, 0, 0xe1,
                                4, 0, 1, 7, 0, 3, 2, 0, 0, 4, 0, 1, 7, 0, 3, 2, 0, 0};
  FindingCase found = MakeFindingCase(input, "IOMMU_IOAS_MAP 0", OnTheModel(arena),
                                      "a model-only example", 200);
  EXPECT_EQ(found.ops_before, 5u);
  EXPECT_EQ(found.ops_after, 2u);
  EXPECT_EQ(OnTheModel(arena)(found.input).signature, "IOMMU_IOAS_MAP 0");
  EXPECT_EQ(found.test_case,
            "// a model-only example\n"
            "// IOMMU_IOAS_MAP 0\n"
            "// shrunk from 5 to 2 operations\n"
            "TEST_F(FuzzFindingsTest, Finding287b98ca) {\n"
            "  fuzz::OpReplay replay(iommufd().backend());\n"
            "  // IoasAlloc iommufd=0 flags=0 shape=0\n"
            "  EXPECT_THAT(replay.Step({0x03, 0x00, 0x00, 0x00}), ::testing::Optional(Succeeds()));\n"
            "  // IoasMap iommufd=0 ioas=0 flags=2 user_va=r0p0 length=0 iova=0 shape=0\n"
            "  EXPECT_THAT(replay.Step({0x04, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00}), "
            "::testing::Optional(Succeeds()));\n"
            "}\n");
}

TEST(FindingCaseTest, AFindingThatDoesNotShowAgainIsPrintedUnshrunk) {
  MemoryArena arena;
  std::vector<uint8_t> input = {57, 3, 0, 0, 0, 3, 0, 0, 0};
  FindingCase found = MakeFindingCase(input, "something else", OnTheModel(arena), "note", 200);
  EXPECT_EQ(found.ops_after, 2u);
  EXPECT_EQ(found.input, EncodeOps(DecodeOps(input)));
  EXPECT_THAT(found.test_case, HasSubstr("shrunk from 2 to 2 operations"));
}

}  // namespace
}  // namespace iommufd_conform::fuzz
