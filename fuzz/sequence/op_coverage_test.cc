// Every described ioctl and test op is one the fuzzer's operations issue
// (reference/uapi/ioctl_descriptions.h against fuzz/sequence/sequence_*ops.cc), or is listed
// below with the reason it is not. Adding an ioctl to the descriptions fails this test until
// an operation issues it (append one to op_code.h; never renumber).
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "reference/uapi/ioctl_descriptions.h"

namespace iommufd_conform::fuzz {
namespace {

// Described calls no operation issues, each with why.
const std::map<std::string, std::string> kNotFuzzed = {
    {"kIoctlIoasNoiommuGetPa", "7.3's noiommu mode is not modelled, so no diff run could judge it"},
    {"kIoctlVfioIommuDirtyPages", "iommufd's compat layer refuses it whatever it holds"},
    {"kIoctlVfioDeviceGetInfo", "the device's regions are the harness's business, not iommufd's"},
};

std::string OpSources() {
  std::string text;
  for (const char* file : {"sequence_ops.cc", "sequence_test_ops.cc", "sequence_vfio_ops.cc"}) {
    std::ifstream in(std::string(IOMMUFD_CONFORM_SOURCE_DIR) + "/fuzz/sequence/" + file);
    EXPECT_TRUE(in) << file;
    std::stringstream buffer;
    buffer << in.rdbuf();
    text += buffer.str();
  }
  return text;
}

bool Issued(const std::string& sources, std::string_view constant) {
  return std::regex_search(sources, std::regex("\\b" + std::string(constant) + "\\b"));
}

void ExpectFuzzed(const std::string& sources, std::string_view constant) {
  bool issued = Issued(sources, constant);
  auto exempt = kNotFuzzed.find(std::string(constant));
  if (exempt == kNotFuzzed.end()) {
    EXPECT_TRUE(issued) << constant << " is described but no fuzz operation issues it";
  } else {
    EXPECT_FALSE(issued) << constant << " is fuzzed now: drop it from kNotFuzzed";
  }
}

TEST(OpCoverageTest, EveryDescribedIoctlHasAnOperation) {
  std::string sources = OpSources();
  for (const uapi::IoctlDescription& description : uapi::kIoctlDescriptions) {
    ExpectFuzzed(sources, description.constant);
  }
}

TEST(OpCoverageTest, EveryDescribedTestOpHasAnOperation) {
  std::string sources = OpSources();
  for (const uapi::TestOpDescription& op : uapi::kTestOpDescriptions) {
    ExpectFuzzed(sources, op.constant);
  }
}

TEST(OpCoverageTest, EveryExemptionNamesADescription) {
  for (const auto& [constant, reason] : kNotFuzzed) {
    bool described = false;
    for (const uapi::IoctlDescription& description : uapi::kIoctlDescriptions) {
      described = described || description.constant == constant;
    }
    EXPECT_TRUE(described) << constant;
  }
}

}  // namespace
}  // namespace iommufd_conform::fuzz
