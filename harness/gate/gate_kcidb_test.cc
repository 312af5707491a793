#include "harness/gate/gate_kcidb.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <regex>
#include <set>

#include "harness/gate/gate_test_data.h"

namespace iommufd_conform::gate {
namespace {

using nlohmann::json;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using namespace gate_test;  // NOLINT: the hand-made result builders

// What the KCIDB I/O schema requires, written down as facts from kcidb-io's
// kcidb_io/schema/v04_05.py (schema version 4.5; repository kernelci/kcidb-io, read at commit
// 8971c02). Checked here: the top-level object, `version`, and every property of checkouts,
// builds and tests that the schema defines (names, JSON types, patterns, the status enum,
// log_excerpt's 16384-character limit, required properties, no additional properties, no
// nulls). Not checked: `format` annotations beyond date-time's shape (uri, email), and the
// issues/incidents objects, which the gate does not emit.
enum class Type { kString, kNumber, kInteger, kBoolean, kObject, kArray };

struct Property {
  Type type;
  std::string pattern = "";  // a full-match regular expression, for strings
  size_t max_length = 0;     // 0: none
};

const std::string kOriginPattern = "[a-z0-9_]+";
const std::string kIdPattern = "[a-z0-9_]+:.*";
const std::string kDateTime = R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d))";
constexpr size_t kExcerpt = 16384;

const std::map<std::string, Property> kCheckout = {
    {"_timestamp", {Type::kString, kDateTime}},
    {"id", {Type::kString, kIdPattern}},
    {"origin", {Type::kString, kOriginPattern}},
    {"tree_name", {Type::kString}},
    {"git_repository_url", {Type::kString, "(https|git)://.*"}},
    {"git_commit_hash", {Type::kString, "[0-9a-f]{40}"}},
    {"git_commit_name", {Type::kString}},
    {"git_commit_tags", {Type::kArray}},
    {"git_commit_message", {Type::kString}},
    {"git_repository_branch", {Type::kString}},
    {"git_repository_branch_tip", {Type::kBoolean}},
    {"patchset_files", {Type::kArray}},
    {"patchset_hash", {Type::kString, "|[0-9a-f]{64}"}},
    {"message_id", {Type::kString}},
    {"comment", {Type::kString}},
    {"start_time", {Type::kString, kDateTime}},
    {"contacts", {Type::kArray}},
    {"log_url", {Type::kString}},
    {"log_excerpt", {Type::kString, "", kExcerpt}},
    {"valid", {Type::kBoolean}},
    {"misc", {Type::kObject}},
};
const std::map<std::string, Property> kBuild = {
    {"_timestamp", {Type::kString, kDateTime}},
    {"checkout_id", {Type::kString, kIdPattern}},
    {"id", {Type::kString, kIdPattern}},
    {"origin", {Type::kString, kOriginPattern}},
    {"comment", {Type::kString}},
    {"start_time", {Type::kString, kDateTime}},
    {"duration", {Type::kNumber}},
    {"architecture", {Type::kString, "[a-z0-9_]*"}},
    {"command", {Type::kString}},
    {"compiler", {Type::kString}},
    {"input_files", {Type::kArray}},
    {"output_files", {Type::kArray}},
    {"config_name", {Type::kString}},
    {"config_url", {Type::kString}},
    {"log_url", {Type::kString}},
    {"log_excerpt", {Type::kString, "", kExcerpt}},
    {"valid", {Type::kBoolean}},
    {"misc", {Type::kObject}},
};
const std::map<std::string, Property> kTest = {
    {"_timestamp", {Type::kString, kDateTime}},
    {"build_id", {Type::kString, kIdPattern}},
    {"id", {Type::kString, kIdPattern}},
    {"origin", {Type::kString, kOriginPattern}},
    {"environment", {Type::kObject}},
    {"path", {Type::kString, "[.a-zA-Z0-9_-]*"}},
    {"comment", {Type::kString}},
    {"log_url", {Type::kString}},
    {"log_excerpt", {Type::kString, "", kExcerpt}},
    {"status", {Type::kString, "FAIL|ERROR|MISS|PASS|DONE|SKIP"}},
    {"number", {Type::kObject}},
    {"waived", {Type::kBoolean}},
    {"start_time", {Type::kString, kDateTime}},
    {"duration", {Type::kNumber}},
    {"output_files", {Type::kArray}},
    {"misc", {Type::kObject}},
};
const std::map<std::string, Property> kEnvironment = {
    {"compatible", {Type::kArray}}, {"comment", {Type::kString}}, {"misc", {Type::kObject}}};

bool HasType(const json& value, Type type) {
  switch (type) {
    case Type::kString: return value.is_string();
    case Type::kNumber: return value.is_number();
    case Type::kInteger: return value.is_number_integer();
    case Type::kBoolean: return value.is_boolean();
    case Type::kObject: return value.is_object();
    case Type::kArray: return value.is_array();
  }
  return false;
}

void CheckObject(const json& object, const std::string& where,
                 const std::map<std::string, Property>& schema,
                 const std::vector<std::string>& required, std::vector<std::string>& errors) {
  if (!object.is_object()) {
    errors.push_back(where + ": not an object");
    return;
  }
  for (const std::string& name : required) {
    if (!object.contains(name)) errors.push_back(where + ": required '" + name + "' missing");
  }
  for (const auto& [name, value] : object.items()) {
    auto property = schema.find(name);
    if (property == schema.end()) {
      errors.push_back(where + ": '" + name + "' is not a schema property");
      continue;
    }
    if (!HasType(value, property->second.type)) {
      errors.push_back(where + "." + name + ": wrong type (" + value.type_name() + ")");
      continue;
    }
    if (!value.is_string()) continue;
    const std::string text = value.get<std::string>();
    if (!property->second.pattern.empty() &&
        !std::regex_match(text, std::regex(property->second.pattern))) {
      errors.push_back(where + "." + name + ": '" + text.substr(0, 80) +
                       "' does not match the schema's pattern");
    }
    if (property->second.max_length && text.size() > property->second.max_length) {
      errors.push_back(where + "." + name + ": longer than " +
                       std::to_string(property->second.max_length));
    }
  }
}

// Every violation of the v4.5 schema facts above; empty for a valid document.
std::vector<std::string> SchemaViolations(const json& document) {
  std::vector<std::string> errors;
  if (!document.is_object()) return {"document: not an object"};
  const std::set<std::string> top = {"version", "checkouts", "builds", "tests", "issues",
                                     "incidents"};
  for (const auto& [name, value] : document.items()) {
    if (!top.contains(name)) errors.push_back("document: '" + name + "' is not a property");
  }
  if (!document.contains("version")) errors.push_back("document: required 'version' missing");
  if (document.contains("version")) {
    const json& version = document["version"];
    if (!version.is_object() || !version.contains("major") ||
        !version["major"].is_number_integer() || version["major"] != 4) {
      errors.push_back("version.major: must be the integer 4");
    }
    if (version.is_object() && version.contains("minor") &&
        (!version["minor"].is_number_integer() || version["minor"] < 0 || version["minor"] > 5)) {
      errors.push_back("version.minor: must be an integer from 0 to 5");
    }
    for (const auto& [name, value] : version.items()) {
      if (name != "major" && name != "minor") errors.push_back("version: '" + name + "' extra");
    }
  }
  auto each = [&](const char* list, const std::map<std::string, Property>& schema,
                  const std::vector<std::string>& required) {
    if (!document.contains(list)) return;
    if (!document[list].is_array()) {
      errors.push_back(std::string(list) + ": not an array");
      return;
    }
    for (size_t i = 0; i < document[list].size(); ++i) {
      std::string where = std::string(list) + "[" + std::to_string(i) + "]";
      CheckObject(document[list][i], where, schema, required, errors);
      if (document[list][i].contains("environment")) {
        CheckObject(document[list][i]["environment"], where + ".environment", kEnvironment, {},
                    errors);
      }
    }
  };
  each("checkouts", kCheckout, {"id", "origin"});
  each("builds", kBuild, {"checkout_id", "id", "origin"});
  each("tests", kTest, {"build_id", "id", "origin"});
  return errors;
}

GateReport SampleReport() {
  PlatformRun splat = MakeRun("x86_64", "vtd", {MakeCase("Param/A.B/0", CaseStatus::kPassed)});
  splat.config.harness_error =
      MakeError(HarnessErrorKind::kGuestCrashed, std::string(20000, 'x') + "Oops");
  GateSide base = MakeSide("base",
                       {MakeRun("x86_64", "none", {MakeCase("A.B", CaseStatus::kPassed)}),
                        MakeRun("x86_64", "vtd", {MakeCase("Param/A.B/0", CaseStatus::kPassed)})},
                       "/b");
  GateSide patched =
      MakeSide("patched",
           {MakeRun("x86_64", "none", {MakeCase("A.B", CaseStatus::kFailed, "wrong length")}), splat},
           "/p");
  patched.builds.push_back(
      {.arch = "arm64", .error = MakeError(HarnessErrorKind::kBuildFailed, "error: x")});
  base.replays = {{.arch = "x86_64", .platform = "none", .corpus = "fuzz/corpus/model",
                   .inputs = 739, .executed = 739, .finished = true}};
  patched.replays = {{.arch = "x86_64", .platform = "none", .corpus = "fuzz/corpus/model",
                      .inputs = 739, .executed = 3, .finding = "IOMMU_IOAS_MAP result",
                      .report = "kernel ok, model EINVAL"}};
  base.walks = {{.arch = "x86_64", .platform = "none", .finished = true, .runs = 40,
                 .fault_sites = 31, .outcome = "40 runs over 31 fault sites, clean"}};
  patched.walks = base.walks;
  patched.walks[0].splats = {{"ioas_map call 2: WARNING", "WARNING: at pages.c:1201"}};
  return MakeReport(base, patched,
                {.checked = true, .breaks = {"IOMMU_IOAS_MAP: ours 0x3b85, kernel 0x3b86"}});
}

TEST(GateKcidbTest, DocumentMeetsTheV4Schema) {
  json document = KcidbDocument(SampleReport());
  EXPECT_THAT(SchemaViolations(document), IsEmpty()) << document.dump(1);
  EXPECT_EQ(document["version"]["major"], 4);
  EXPECT_EQ(document["checkouts"].size(), 2u);
  EXPECT_EQ(document["builds"].size(), 3u);  // base x86_64, patched x86_64 and arm64
}

TEST(GateKcidbTest, TestsLinkToTheirBuildsAndBuildsToTheirCheckouts) {
  json document = KcidbDocument(SampleReport());
  std::set<std::string> checkouts, builds;
  for (const json& c : document["checkouts"]) checkouts.insert(c["id"]);
  for (const json& b : document["builds"]) {
    builds.insert(b["id"]);
    EXPECT_TRUE(checkouts.contains(b["checkout_id"])) << b.dump();
  }
  for (const json& t : document["tests"]) EXPECT_TRUE(builds.contains(t["build_id"])) << t.dump();
}

TEST(GateKcidbTest, StatusesSayWhatHappened) {
  json document = KcidbDocument(SampleReport());
  std::map<std::string, std::string> status;  // id -> status, patched side
  std::vector<std::string> paths;
  for (const json& t : document["tests"]) {
    status[t["id"]] = t["status"];
    paths.push_back(t["path"]);
  }
  std::string patched_build = "iommufd_conform:" + std::string(40, 'a') + "+" +
                              std::string(64, 'b') + ":x86_64";
  EXPECT_EQ(status[patched_build + ":none:A.B"], "FAIL");
  EXPECT_EQ(status[patched_build + ":vtd"], "FAIL");  // the splat blames the kernel
  EXPECT_EQ(status[patched_build + ":uapi_abi"], "FAIL");
  EXPECT_EQ(status[patched_build + ":none:fuzz_replay"], "FAIL");
  EXPECT_EQ(status["iommufd_conform:" + std::string(40, 'a') + ":x86_64:none:fuzz_replay"],
            "PASS");
  EXPECT_EQ(status[patched_build + ":none:fail_nth"], "FAIL");
  EXPECT_EQ(status["iommufd_conform:" + std::string(40, 'a') + ":x86_64:none:fail_nth"], "PASS");
  EXPECT_THAT(paths, Contains("iommufd_conform.vtd.Param_A.B_0"));
  EXPECT_THAT(paths, Contains("iommufd_conform.none.fail_nth"));
}

// The coverage test of the patched gcov build, by status.
std::map<std::string, std::string> CoverageStatus(const GateReport& report) {
  std::map<std::string, std::string> out;
  json document = KcidbDocument(report);
  for (const json& t : document["tests"]) {
    if (t["path"] == "iommufd_conform.changed_line_coverage") out[t["build_id"]] = t["status"];
  }
  return out;
}

TEST(GateKcidbTest, ChangedLineCoverageIsATestOfTheGcovBuild) {
  GateReport report = SampleReport();
  report.coverage = MakeCoverage();
  json document = KcidbDocument(report);
  EXPECT_THAT(SchemaViolations(document), IsEmpty()) << document.dump(1);
  std::string gcov_build = "iommufd_conform:" + std::string(40, 'a') + "+" +
                           std::string(64, 'b') + ":x86_64:gcov";
  std::set<std::string> builds;
  for (const json& b : document["builds"]) builds.insert(b["id"]);
  EXPECT_TRUE(builds.contains(gcov_build));
  // A line no case ran is to review: DONE, not FAIL (the verdict does not count it).
  EXPECT_EQ(CoverageStatus(report), (std::map<std::string, std::string>{{gcov_build, "DONE"}}));
  for (const json& t : document["tests"]) {
    if (t["build_id"] != gcov_build) continue;
    EXPECT_THAT(t["log_excerpt"].get<std::string>(),
                HasSubstr("drivers/iommu/intel/iommu.c:4321: \t\treturn -ENOSPC;"));
  }

  report.coverage.files[1].not_executed.clear();
  EXPECT_EQ(CoverageStatus(report)[gcov_build], "PASS");
  report.coverage.files.clear();
  EXPECT_EQ(CoverageStatus(report)[gcov_build], "SKIP");
  report.coverage.state = ChangedLineCoverage::State::kFailed;
  EXPECT_EQ(CoverageStatus(report)[gcov_build], "ERROR");
  report.coverage = {.state = ChangedLineCoverage::State::kSkipped, .note = "--no-coverage"};
  EXPECT_TRUE(CoverageStatus(report).empty());
}

TEST(GateKcidbTest, TheCheckerRejectsWhatTheSchemaForbids) {
  // The checker itself must be able to fail, or the tests above prove nothing.
  json document = KcidbDocument(SampleReport());
  document["tests"][0].erase("build_id");
  document["tests"][1]["status"] = "BROKEN";
  document["builds"][0]["valid"] = "yes";
  document["builds"][1]["architecture"] = "x86-64";
  document["checkouts"][0]["git_commit_hash"] = "abc";
  document["checkouts"][1]["url"] = "https://x";
  document["tests"][2]["log_excerpt"] = std::string(kExcerpt + 1, 'x');
  document["version"]["major"] = 5;
  auto errors = SchemaViolations(document);
  EXPECT_EQ(errors.size(), 8u) << ::testing::PrintToString(errors);
  EXPECT_THAT(errors, Contains(HasSubstr("required 'build_id' missing")));
}

TEST(GateKcidbTest, PathComponentsKeepOnlyWhatThePathPatternAllows) {
  EXPECT_EQ(KcidbPathComponent("Params/IoasMap.Fixed/3"), "Params_IoasMap_Fixed_3");
  EXPECT_EQ(KcidbPathComponent("x86_64-none"), "x86_64-none");
  EXPECT_THAT(KcidbPathComponent("a b:c"), Not(HasSubstr(" ")));
}

}  // namespace
}  // namespace iommufd_conform::gate
