// The VFIO device operations on the model of a VT-d guest, whose VFIO cdev is the modelled
// edu device: they decode, run, move bytes by DMA, and shrink.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>

#include "fuzz/sequence/model_numbers.h"
#include "fuzz/sequence/op_codec.h"
#include "fuzz/sequence/op_printer.h"
#include "fuzz/sequence/op_shrinker.h"
#include "fuzz/sequence/sequence_runner.h"
#include "harness/backend/model_backend.h"

namespace iommufd_conform::fuzz {
namespace {

using ::testing::ElementsAre;

model::ModelConfig VtdModel() {
  return {*model::KernelProfileFor("7.2"), model::Platform::kVtd};
}

// Open the cdev, bind it to the first iommufd, allocate an IOAS and attach the device to it.
const std::vector<uint8_t> kAttached = {
    62,
    57, 0,                 // VfioDeviceOpen: cdev 0
    58, 0, 0, 0, 0,        // VfioDeviceBind: device 0, iommufd 0, flags 0, shape 0
    3, 0, 0, 0,            // IoasAlloc
    59, 0, 0, 0, 0, 0, 0,  // VfioDeviceAttach: device 0, IOAS slot 0, flags 0, PASID 0, shape 0
};

std::vector<uint8_t> Then(std::vector<uint8_t> input, std::vector<uint8_t> more) {
  input.insert(input.end(), more.begin(), more.end());
  return input;
}

class SequenceVfioOpsTest : public ::testing::Test {
 protected:
  // Each call the input made, as "Op errno", and the last DMA's bytes.
  std::vector<std::string> Calls(const std::vector<uint8_t>& input, bool device_dma = true) {
    std::vector<std::string> calls;
    SequenceRunner runner(backend_, arena_);
    runner.set_device_dma(device_dma);
    runner.on_step = [&](const StepRecord& step) {
      calls.push_back(std::string(OpCodeName(step.op)) + " " + ErrnoName(step.outcome.error));
      if (step.call.starts_with("DMA")) dma_out_ = step.outcome.out;
    };
    runner.Run(input, 64);
    return calls;
  }
  uint8_t* Page(uint8_t page) {
    return reinterpret_cast<uint8_t*>(arena_.Address(0, page));
  }

  MemoryArena arena_;
  ModelBackend backend_{VtdModel()};
  std::vector<std::byte> dma_out_;
};

TEST_F(SequenceVfioOpsTest, ACdevIsOpenedBoundAndAttached) {
  EXPECT_THAT(Calls(kAttached),
              ElementsAre("OpenIommufd 0", "VfioDeviceOpen 0", "VfioDeviceBind 0", "IoasAlloc 0",
                          "VfioDeviceAttach 0"));
}

TEST_F(SequenceVfioOpsTest, WithoutACdevTheDeviceOperationsMakeNoCalls) {
  ModelBackend none{{*model::KernelProfileFor("7.2"), model::Platform::kNone}};
  std::vector<std::string> calls;
  SequenceRunner runner(none, arena_);
  runner.on_step = [&](const StepRecord& step) { calls.push_back(std::string(OpCodeName(step.op))); };
  runner.Run(kAttached, 64);
  EXPECT_THAT(calls, ElementsAre("OpenIommufd", "IoasAlloc"));
}

TEST_F(SequenceVfioOpsTest, TheDeviceWritesAndReadsTheMappedPage) {
  std::memset(Page(1), 0, 64);
  std::vector<uint8_t> input = Then(kAttached, {
      4, 0, 0, 7, 0, 1, 0, 0, 0,  // IoasMap: fixed R|W, rw page 1, one page at 1 << 24
      61, 0, 1, 0, 2, 3, 0x40,    // VfioDeviceDma: write 4 bytes at 1 << 24 + 32, seed 0x40
      61, 0, 0, 0, 2, 5, 0,       // VfioDeviceDma: read 6 bytes there
  });
  EXPECT_THAT(Calls(input),
              ElementsAre("OpenIommufd 0", "VfioDeviceOpen 0", "VfioDeviceBind 0", "IoasAlloc 0",
                          "VfioDeviceAttach 0", "IoasMap 0",
                          // the bounce page mapped, the DMA, the bounce page unmapped
                          "VfioDeviceDma 0", "VfioDeviceDma 0", "VfioDeviceDma 0",
                          "VfioDeviceDma 0", "VfioDeviceDma 0", "VfioDeviceDma 0"));
  EXPECT_THAT(std::vector<uint8_t>(Page(1) + 32, Page(1) + 36), ElementsAre(0x40, 0x47, 0x4e, 0x55));
  EXPECT_THAT(dma_out_, ElementsAre(std::byte{0x40}, std::byte{0x47}, std::byte{0x4e},
                                    std::byte{0x55}, std::byte{0}, std::byte{0}));
}

TEST_F(SequenceVfioOpsTest, NoDmaUnlessTheRunnerMayDriveTheDevice) {
  std::vector<std::string> calls = Calls(Then(kAttached, {61, 0, 1, 0, 0, 0, 0}), false);
  EXPECT_EQ(calls.back(), "VfioDeviceAttach 0");
}

TEST_F(SequenceVfioOpsTest, NoDmaOnceDetached) {
  std::vector<std::string> calls = Calls(Then(kAttached, {
      60, 0, 0, 0, 0,           // VfioDeviceDetach: device 0, flags 0, PASID 0, shape 0
      61, 0, 1, 0, 0, 0, 0,     // VfioDeviceDma: nothing to reach the bounce page through
  }));
  EXPECT_EQ(calls.back(), "VfioDeviceDetach 0");
}

TEST_F(SequenceVfioOpsTest, TheBoundDeviceIdServesHwptAllocGetHwInfoAndAttach) {
  std::vector<uint8_t> input = Then(kAttached, {
      11, 0, 0, 0, 0, 0, 0, 0,  // HwptAlloc: device slot 0 (the cdev), on IOAS slot 0
      12, 0, 32, 0,             // GetHwInfo: device slot 0, 32 bytes of data
      59, 0, 1, 0, 0, 0, 0,     // VfioDeviceAttach: on HWPT slot 0, a replace
      61, 0, 1, 0, 0, 0, 0,     // VfioDeviceDma: a write through the HWPT's IOAS (unmapped)
  });
  EXPECT_THAT(Calls(input),
              ElementsAre("OpenIommufd 0", "VfioDeviceOpen 0", "VfioDeviceBind 0", "IoasAlloc 0",
                          "VfioDeviceAttach 0", "HwptAlloc 0", "GetHwInfo 0",
                          "VfioDeviceAttach 0", "VfioDeviceDma 0", "VfioDeviceDma 0",
                          "VfioDeviceDma 0"));
}

TEST_F(SequenceVfioOpsTest, APasidAttachIsRefusedOnADeviceWithoutPasids) {
  std::vector<std::string> calls = Calls(Then(kAttached, {59, 0, 0, 0, 1, 5, 0}));
  EXPECT_EQ(calls.back(), "VfioDeviceAttach EINVAL");
}

TEST_F(SequenceVfioOpsTest, TheOperationsPrintAsTheyDecode) {
  std::vector<Op> ops = DecodeOps(Then(kAttached, {60, 1, 0, 2, 0, 61, 0, 1, 0x81, 2, 3, 4}));
  EXPECT_EQ(PrintOps(ops),
            "VfioDeviceOpen cdev=0\n"
            "VfioDeviceBind device=0 iommufd=0 flags=0 shape=0\n"
            "IoasAlloc iommufd=0 flags=0 shape=0\n"
            "VfioDeviceAttach device=0 on_hwpt=0 pt=0 flags=0 pasid=0 shape=0\n"
            "VfioDeviceDetach device=1 flags=0 pasid=2 shape=0\n"
            "VfioDeviceDma device=0 write=1 iova=0x81 offset=2 length=3 seed=4\n");
}

TEST_F(SequenceVfioOpsTest, AFindingInAnAttachShrinksToTheCallsItNeeds) {
  // A stand-in finding: an attach that succeeds. One of the two IOAS allocations (the
  // first goes), the unmap and the option call are not needed.
  std::vector<uint8_t> input = {62, 3, 0, 0, 0, 57, 0, 6, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0,
                                58, 0, 0, 0, 0, 10, 0, 0, 1, 0, 59, 0, 0, 0, 0, 0, 0};
  FindingCheck attaches = [this](std::span<const uint8_t> candidate)
      -> std::optional<std::vector<Op>> {
    ModelBackend backend{VtdModel()};
    SequenceRunner runner(backend, arena_);
    runner.set_record_ops(true);
    bool found = false;
    runner.on_step = [&](const StepRecord& step) {
      found = found || (step.op == OpCode::kVfioDeviceAttach && step.outcome.ok());
    };
    runner.Run(candidate, 64);
    if (!found) return std::nullopt;
    return runner.ops();
  };
  ASSERT_TRUE(attaches(input).has_value());
  ShrinkResult shrunk = ShrinkOps(*attaches(input), attaches, 500);
  EXPECT_EQ(PrintOps(shrunk.ops),
            "VfioDeviceOpen cdev=0\n"
            "IoasAlloc iommufd=0 flags=0 shape=0\n"
            "VfioDeviceBind device=0 iommufd=0 flags=0 shape=0\n"
            "VfioDeviceAttach device=0 on_hwpt=0 pt=0 flags=0 pasid=0 shape=0\n");
}

TEST_F(SequenceVfioOpsTest, EveryCdevIsClosedAfterwards) {
  ModelBackend backend{VtdModel(), FarDescriptorNumbers()};
  {
    SequenceRunner runner(backend, arena_);
    runner.Run(kAttached, 64);
    // The iommufd, then the cdev (FarDescriptorNumbers: from 1 << 24 up).
    ASSERT_TRUE(backend.model().Owns((1 << 24) + 1));
  }
  EXPECT_FALSE(backend.model().Owns(1 << 24));
  EXPECT_FALSE(backend.model().Owns((1 << 24) + 1));
}

}  // namespace
}  // namespace iommufd_conform::fuzz
