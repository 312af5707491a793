#include "harness/coverage/gcov_json.h"

#include <gtest/gtest.h>

namespace iommufd_conform {
namespace {

// Trimmed from real `gcov --json-format --stdout` output (gcc 12).
constexpr char kTwoFiles[] = R"({"gcc_version": "12.2.0", "format_version": "1",
  "current_working_directory": "/tmp/w", "data_file": "main.gcda",
  "files": [
    {"file": "../src/drivers/iommu/iommufd/main.c",
     "lines": [{"branches": [], "count": 3, "line_number": 10, "unexecuted_block": false,
                "function_name": "f"},
               {"branches": [], "count": 0, "line_number": 11, "unexecuted_block": true,
                "function_name": "f"},
               {"branches": [], "count": 2, "line_number": 10, "unexecuted_block": false,
                "function_name": "g"}],
     "functions": [{"blocks": 4, "end_column": 1, "start_line": 9, "name": "f",
                    "blocks_executed": 3, "execution_count": 3, "demangled_name": "f",
                    "start_column": 5, "end_line": 12},
                   {"blocks": 2, "end_column": 1, "start_line": 14, "name": "g",
                    "blocks_executed": 0, "execution_count": 0, "demangled_name": "g",
                    "start_column": 5, "end_line": 15}]},
    {"file": "include/linux/err.h", "lines": [], "functions": []}]})";

TEST(GcovJsonTest, ReadsLinesAndFunctionsPerFile) {
  auto sources = ParseGcovJson(kTwoFiles);
  ASSERT_TRUE(sources.ok()) << sources.error().message;
  ASSERT_EQ(sources.value().size(), 2u);
  const SourceCoverage& main = sources.value()[0];
  EXPECT_EQ(main.file, "../src/drivers/iommu/iommufd/main.c");
  // Line 10 appears twice (two functions): its counts add up.
  EXPECT_EQ(main.lines, (std::map<int, uint64_t>{{10, 5}, {11, 0}}));
  ASSERT_EQ(main.functions.size(), 2u);
  EXPECT_EQ(main.functions.at("f").count, 3u);
  EXPECT_EQ(main.functions.at("f").start_line, 9);
  EXPECT_EQ(main.functions.at("f").end_line, 12);
  EXPECT_EQ(main.functions.at("g").count, 0u);
  EXPECT_TRUE(sources.value()[1].lines.empty());
}

TEST(GcovJsonTest, RejectsOtherFormatVersions) {
  auto sources = ParseGcovJson(R"({"format_version": "2", "files": []})");
  ASSERT_FALSE(sources.ok());
  EXPECT_NE(sources.error().message.find("format_version 2"), std::string::npos);
}

TEST(GcovJsonTest, RejectsBrokenJson) {
  EXPECT_FALSE(ParseGcovJson("{\"format_version\": \"1\", \"files\": [").ok());
  EXPECT_FALSE(ParseGcovJson(R"({"format_version": "1", "files": [{"lines": []}]})").ok());
}

}  // namespace
}  // namespace iommufd_conform
