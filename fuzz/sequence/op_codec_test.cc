#include "fuzz/sequence/op_codec.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "fuzz/sequence/op_printer.h"

namespace iommufd_conform::fuzz {
namespace {

std::vector<uint8_t> ParseHex(std::string_view text) {
  std::vector<uint8_t> bytes;
  std::istringstream in{std::string(text)};
  for (unsigned value; in >> std::hex >> value;) bytes.push_back(static_cast<uint8_t>(value));
  return bytes;
}

std::string Hex(uint8_t byte) {
  const char* digits = "0123456789abcdef";
  return {digits[byte >> 4], digits[byte & 15]};
}

std::vector<uint8_t> EncodeOne(const Op& op) {
  ByteWriter out;
  EncodeOp(op, out);
  return out.bytes();
}

// fuzz/sequence/golden_ops.txt: per opcode, an operation's bytes (opcode first) and how it
// prints. A change to how an operation reads its bytes shows here as a changed line.
TEST(OpCodecTest, EveryOpcodeDecodesItsGoldenInput) {
  std::ifstream file(IOMMUFD_CONFORM_GOLDEN_OPS);
  std::set<unsigned> opcodes;
  for (std::string line; std::getline(file, line);) {
    if (line.empty() || line.starts_with('#')) continue;
    size_t bar = line.find(" | ");
    ASSERT_NE(bar, std::string::npos) << line;
    std::vector<uint8_t> bytes = ParseHex(line.substr(0, bar));
    std::vector<uint8_t> input = {kOpCodeCount};
    input.insert(input.end(), bytes.begin(), bytes.end());
    std::vector<Op> ops = DecodeOps(input);
    ASSERT_EQ(ops.size(), 1u) << line;
    EXPECT_EQ(PrintOp(ops[0]), line.substr(bar + 3));
    EXPECT_EQ(EncodeOne(ops[0]), bytes) << line;
    opcodes.insert(bytes[0]);
  }
  EXPECT_EQ(opcodes.size(), kOpCodeCount);
}

// Writes golden_ops.txt from a fixed byte pattern (mostly wide choices, so most optional
// bytes are read): run with --gtest_also_run_disabled_tests after appending an operation.
TEST(OpCodecTest, DISABLED_WriteGoldenInputs) {
  std::ofstream file(IOMMUFD_CONFORM_GOLDEN_OPS);
  file << "# Per opcode: an operation's bytes, opcode first, | how it prints (op_codec_test.cc)\n";
  for (unsigned code = 0; code < kOpCodeCount; ++code) {
    std::vector<uint8_t> input = {kOpCodeCount, static_cast<uint8_t>(code)};
    for (unsigned i = 0; i < 120; ++i) {
      input.push_back(static_cast<uint8_t>(i % 3 == 0 ? 0xf8 + i % 8 : (i * 37 + code) & 0xff));
    }
    Op op = DecodeOps(input).front();
    for (uint8_t byte : EncodeOne(op)) file << Hex(byte) << ' ';
    file << "| " << PrintOp(op) << '\n';
  }
}

TEST(OpCodecTest, DecodingTheEncodingGivesTheSameOperations) {
  uint64_t state = 12345;
  for (int i = 0; i < 2000; ++i) {
    std::vector<uint8_t> input(2 + i % 300);
    for (uint8_t& byte : input) {
      state = state * 6364136223846793005 + 1442695040888963407;
      byte = static_cast<uint8_t>(state >> 56);
    }
    input[0] = kOpCodeCount;
    for (bool held : {false, true}) {
      OpDecodeState decode_state{held, held};
      std::vector<Op> ops = DecodeOps(input, decode_state);
      // The same bytes but for opcodes (written as they are, not modulo the count) and the
      // zeros read past the input's end; and they decode to the same operations.
      std::vector<uint8_t> encoded = EncodeOps(ops);
      ASSERT_GE(encoded.size(), input.size());
      ASSERT_EQ(EncodeOps(DecodeOps(encoded, decode_state)), encoded) << "input " << i;
      ASSERT_EQ(PrintOps(DecodeOps(encoded, decode_state)), PrintOps(ops)) << "input " << i;
    }
  }
}

TEST(OpCodecTest, AnOldInputsOpcodesAreTakenModuloItsCount) {
  // Written when only four operations existed: 7 means 7 % 4 = 3, IoasAlloc.
  std::vector<Op> ops = DecodeOps(std::vector<uint8_t>{4, 7, 0, 0, 0});
  ASSERT_EQ(ops.size(), 1u);
  EXPECT_EQ(CodeOf(ops[0]), OpCode::kIoasAlloc);
  EXPECT_EQ(EncodeOps(ops), (std::vector<uint8_t>{kOpCodeCount, 3, 0, 0, 0}));
}

TEST(OpCodecTest, AFirstByteAboveTheCountMeansTheFirst57Operations) {
  // Inputs written when 57 operations existed kept their first byte, whatever it was: 200
  // still means 57, so opcode 60 is 60 % 57 = 3, IoasAlloc, not the appended VfioDeviceDma.
  std::vector<Op> ops = DecodeOps(std::vector<uint8_t>{200, 60, 0, 0, 0});
  ASSERT_EQ(ops.size(), 1u);
  EXPECT_EQ(CodeOf(ops[0]), OpCode::kIoasAlloc);
}

TEST(OpCodecTest, WithoutAnEventQueueOnlyTheDescriptorByteIsRead) {
  std::vector<uint8_t> input = {kOpCodeCount, 43, 5, 43, 5, 9};
  EXPECT_EQ(DecodeOps(input, {true, false}).size(), 3u);  // read, read, IoasAllowIovas
  EXPECT_EQ(DecodeOps(input, {true, true}).size(), 2u);   // read(count 43), IoasMapFile
}

}  // namespace
}  // namespace iommufd_conform::fuzz
