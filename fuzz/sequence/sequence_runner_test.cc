#include "fuzz/sequence/sequence_runner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cerrno>

#include "harness/backend/model_backend.h"

namespace iommufd_conform::fuzz {
namespace {

using ::testing::ElementsAre;

class SequenceRunnerTest : public ::testing::Test {
 protected:
  // The ops each step ran, and how each ended.
  std::vector<std::string> Ops(std::vector<uint8_t> input) {
    std::vector<std::string> ops;
    SequenceRunner runner(backend_, arena_);
    runner.on_step = [&](const StepRecord& step) {
      ops.push_back(std::string(OpCodeName(step.op)) + " " + ErrnoName(step.outcome.error));
    };
    runner.Run(input, 64);
    return ops;
  }

  MemoryArena arena_;
  ModelBackend backend_{model::ModelConfig{*model::KernelProfileFor("7.2"), model::Platform::kNone}};
};

// A pinned input and what it means. If this changes, old corpora and regression inputs
// changed meaning too: append a new operation instead of changing an existing one.
TEST_F(SequenceRunnerTest, AnOldInputKeepsItsMeaning) {
  std::vector<uint8_t> input = {
      54,                  // written for 54 operations
      3, 0, 0, 0,          // IoasAlloc: iommufd 0, flags byte 0, shape 0
      4, 0, 0, 7, 0, 0, 0, 0, 0,  // IoasMap: iommufd 0, ioas 0, flags 7 (fixed R|W), rw page 0,
                                  // one page, iova choice 0 (1 << 24), shape 0
      6, 0, 0, 0, 0, 0, 0,        // IoasUnmap: iommufd 0, ioas 0, a range, iova 0, one page, shape 0
  };
  EXPECT_THAT(Ops(input), ElementsAre("OpenIommufd 0", "IoasAlloc 0", "IoasMap 0",
                                      "IoasUnmap 0"));
}

TEST_F(SequenceRunnerTest, OpcodesAreTakenModuloTheCountTheInputWasWrittenFor) {
  // Written when only four operations existed: 7 means 7 % 4 = 3, IoasAlloc.
  EXPECT_THAT(Ops({4, 7, 0, 0, 0}), ElementsAre("OpenIommufd 0", "IoasAlloc 0"));
}

TEST_F(SequenceRunnerTest, APrefixOfAnInputRunsAPrefixOfItsSteps) {
  std::vector<uint8_t> input = {54, 3, 0, 0, 0, 3, 0, 0, 0};
  EXPECT_THAT(Ops(input), ElementsAre("OpenIommufd 0", "IoasAlloc 0", "IoasAlloc 0"));
  input.resize(5);
  EXPECT_THAT(Ops(input), ElementsAre("OpenIommufd 0", "IoasAlloc 0"));
}

TEST_F(SequenceRunnerTest, TheShapeByteMalformsTheStruct) {
  // 0xe0: size field 0, below any minimum; 0xf0: a non-zero byte past the struct.
  EXPECT_THAT(Ops({54, 3, 0, 0, 0xe0, 3, 0, 0, 0xf0}),
              ElementsAre("OpenIommufd 0", "IoasAlloc EINVAL", "IoasAlloc E2BIG"));
}

TEST_F(SequenceRunnerTest, WildIdsReachTheLookupErrors) {
  // Destroy, kind 0 (IOAS), slot byte 0xf8: a wild id 0x12345678 that names nothing.
  EXPECT_THAT(Ops({54, 2, 0, 0, 0xf8, 0x78, 0x56, 0x34, 0x12, 0}),
              ElementsAre("OpenIommufd 0", "Destroy ENOENT"));
}

TEST_F(SequenceRunnerTest, TestDmabufsAreMappedAndRevoked) {
  std::vector<uint8_t> input = {
      57,                          // written for 57 operations
      3, 0, 0, 0,                  // IoasAlloc
      54, 0, 3, 0, 0,              // TestDmabufGet: iommufd 0, four pages, flags 0, shape 0
      56, 0, 0, 7, 0, 0, 0, 0, 0,  // IoasMapDmabuf: ioas 0, fixed R|W, dmabuf 0, offset 0,
                                   // one page at 1 << 24, shape 0
      55, 0, 0, 1, 0,              // TestDmabufRevoke: iommufd 0, dmabuf 0, revoked 1
      56, 0, 0, 7, 0, 0, 0, 0, 0,  // IoasMapDmabuf again
  };
  EXPECT_THAT(Ops(input), ElementsAre("OpenIommufd 0", "IoasAlloc 0", "TestDmabufGet 0",
                                      "IoasMapDmabuf 0", "TestDmabufRevoke 0",
                                      "IoasMapDmabuf ENODEV"));
}

TEST_F(SequenceRunnerTest, ADevicesCacheEntryIsCheckedAgainstItsDefault) {
  std::vector<uint8_t> input = {
      57,
      3, 0, 0, 0,      // IoasAlloc
      24, 0, 0, 0, 0,  // TestMockDomain on the IOAS
      36, 0, 0, 1, 0,  // TestDevCheckCache: device 0, entry 0, the default value
      36, 0, 0, 0, 0,  // TestDevCheckCache: device 0, entry 0, 0
  };
  EXPECT_THAT(Ops(input), ElementsAre("OpenIommufd 0", "IoasAlloc 0", "TestMockDomain 0",
                                      "TestDevCheckCache 0", "TestDevCheckCache EINVAL"));
}

TEST_F(SequenceRunnerTest, EveryDescriptorIsClosedAfterwards) {
  (void)Ops({54, 0, 0, 3, 0, 0, 0});
  // The model hands out descriptors from 3 up; none may be left open.
  EXPECT_FALSE(backend_.model().Owns(3));
  EXPECT_FALSE(backend_.model().Owns(4));
}

}  // namespace
}  // namespace iommufd_conform::fuzz
