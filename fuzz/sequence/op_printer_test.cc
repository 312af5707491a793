#include "fuzz/sequence/op_printer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fuzz/sequence/op_codec.h"

namespace iommufd_conform::fuzz {
namespace {

using ::testing::HasSubstr;

std::vector<Op> Decode(std::vector<uint8_t> input) { return DecodeOps(input); }

TEST(OpPrinterTest, AReplayLineNamesEachFieldAsItsBytes) {
  EXPECT_EQ(PrintOps(Decode({54, 3, 0, 0, 0, 4, 0, 0, 7, 0, 0, 0, 0xf0, 1, 0, 0, 0, 0, 0, 0, 0,
                             0xf8, 2, 0x11})),
            "IoasAlloc iommufd=0 flags=0 shape=0\n"
            "IoasMap iommufd=0 ioas=0 flags=7 user_va=r0p0 length=0 iova=0xf0:1 "
            "shape=0xf8@2^0x11\n");
}

TEST(OpPrinterTest, AnOperationThatFoundNoDescriptorSaysSo) {
  EXPECT_EQ(PrintOps(DecodeOps(std::vector<uint8_t>{57, 45, 3, 1}, {false, false})),
            "PollEventFd event_fd=3 no-event-fd\nCloseIommufd no-iommufd\n");
}

TEST(OpPrinterTest, AFindingPrintsAsAGoogleTestCase) {
  std::vector<Op> ops = Decode({57, 3, 0, 0, 0, 5, 0, 0, 7, 0xf0, 0, 0, 0, 0});
  std::vector<PrintedStep> steps = {{ops[0], Outcome{}}, {ops[1], Outcome{-1, EBADF}}};
  EXPECT_EQ(PrintGoogleTestCase("FuzzFindingsTest", "MapFileOfNoDescriptor",
                                "diff_fuzzer: IOMMU_IOAS_MAP_FILE result: kernel EBADF, model ok",
                                steps),
            "// diff_fuzzer: IOMMU_IOAS_MAP_FILE result: kernel EBADF, model ok\n"
            "TEST_F(FuzzFindingsTest, MapFileOfNoDescriptor) {\n"
            "  fuzz::OpReplay replay(iommufd().backend());\n"
            "  // IoasAlloc iommufd=0 flags=0 shape=0\n"
            "  EXPECT_THAT(replay.Step({0x03, 0x00, 0x00, 0x00}), ::testing::Optional(Succeeds()));\n"
            "  // IoasMapFile iommufd=0 ioas=0 flags=7 file=0xf0 start=0 length=0 iova=0 shape=0\n"
            "  EXPECT_THAT(replay.Step({0x05, 0x00, 0x00, 0x07, 0xf0, 0x00, 0x00, 0x00, 0x00}), "
            "::testing::Optional(FailsWith(EBADF)));\n"
            "}\n");
}

TEST(OpPrinterTest, AStepWithoutACallExpectsNone) {
  std::vector<Op> ops = DecodeOps(std::vector<uint8_t>{57, 45, 3}, {true, false});
  std::vector<PrintedStep> steps = {{ops[0], std::nullopt}};
  EXPECT_THAT(PrintGoogleTestCase("F", "N", "note", steps),
              HasSubstr("  EXPECT_EQ(replay.Step({0x2d, 0x03}), std::nullopt);\n"));
}

}  // namespace
}  // namespace iommufd_conform::fuzz
