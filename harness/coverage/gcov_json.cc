#include "harness/coverage/gcov_json.h"

#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <sstream>

namespace iommufd_conform {
namespace {

namespace pt = boost::property_tree;

SourceCoverage ReadFile(const pt::ptree& file) {
  SourceCoverage source;
  source.file = file.get<std::string>("file");
  if (auto lines = file.get_child_optional("lines")) {
    for (const auto& [ignored, line] : *lines) {
      source.lines[line.get<int>("line_number")] += line.get<uint64_t>("count");
    }
  }
  if (auto functions = file.get_child_optional("functions")) {
    for (const auto& [ignored, function] : *functions) {
      FunctionCount& entry = source.functions[function.get<std::string>("name")];
      entry.start_line = function.get<int>("start_line");
      entry.end_line = function.get<int>("end_line");
      entry.count += function.get<uint64_t>("execution_count");
    }
  }
  return source;
}

}  // namespace

HarnessResult<std::vector<SourceCoverage>> ParseGcovJson(std::string_view json) {
  std::istringstream in{std::string(json)};
  pt::ptree root;
  try {
    pt::read_json(in, root);
    if (root.get<std::string>("format_version") != "1") {
      return MakeError(HarnessErrorKind::kIo,
                       "gcov JSON format_version " + root.get<std::string>("format_version") +
                           " is not the version 1 this parser reads");
    }
    std::vector<SourceCoverage> sources;
    if (auto files = root.get_child_optional("files")) {
      for (const auto& [ignored, file] : *files) sources.push_back(ReadFile(file));
    }
    return sources;
  } catch (const pt::ptree_error& e) {
    return MakeError(HarnessErrorKind::kIo, std::string("unreadable gcov JSON: ") + e.what());
  }
}

}  // namespace iommufd_conform
