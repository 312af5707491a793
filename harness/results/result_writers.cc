#include "harness/results/result_writers.h"

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "harness/results/xml_text.h"

namespace iommufd_conform {
namespace {

using boost::property_tree::ptree;
// Keys in the order a reader expects them (identity, counts, calls, error), not sorted.
using Json = nlohmann::ordered_json;

HarnessStatus WriteFile(const std::filesystem::path& file, const std::string& text) {
  std::error_code ec;
  std::filesystem::create_directories(file.parent_path(), ec);
  std::ofstream out(file);
  out << text;
  if (!out) return MakeError(HarnessErrorKind::kIo, "cannot write " + file.string());
  return Done{};
}

ptree& AddCase(ptree& suite, const std::string& classname, const std::string& name) {
  ptree& test = suite.add("testcase", "");
  test.put("<xmlattr>.classname", XmlSafeText(classname));
  test.put("<xmlattr>.name", XmlSafeText(name));
  return test;
}

ptree& Mark(ptree& test, const std::string& element, const std::string& message) {
  ptree& mark = test.add(element, "");
  mark.put("<xmlattr>.message", XmlSafeText(message));
  return mark;
}

void AddProperty(ptree& test, const std::string& name, const std::string& value) {
  ptree& property = test.add("properties.property", "");
  property.put("<xmlattr>.name", name);
  property.put("<xmlattr>.value", XmlSafeText(value));
}

// JUnit has no word for "ran, but not all of it was checked": such a case is reported
// skipped, with what was not compared, so no reader takes it for a pass.
std::string UnverifiedMessage(const CaseResult& c) {
  std::string message = "unverified: " + std::to_string(c.diff->Unverified()) + " of " +
                        std::to_string(c.diff->calls) + " calls not compared";
  for (const std::string& part : {c.not_covered, c.unverifiable}) {
    if (!part.empty()) message += "; " + part;
  }
  return message;
}

ptree SuiteOf(const ConfigResult& config, const std::string& suite_name,
              const std::vector<const CaseResult*>& cases) {
  ptree suite;
  std::string name = config.Name() + "." + suite_name;
  int failures = 0, skipped = 0;
  for (const CaseResult* c : cases) {
    ptree& test = AddCase(suite, name, c->name);
    test.put("<xmlattr>.time", JunitSeconds(c->seconds));
    if (c->diff) AddProperty(test, "diff_counts", FormatDiffCounts(*c->diff));
    if (c->status == CaseStatus::kPassed && c->bug_verdict == BugVerdict::kXfail) {
      // As pytest writes an expected failure: skipped, typed, with what failed.
      AddProperty(test, "xfail", c->bug_id);
      Mark(test, "skipped", "xfail [" + c->bug_id + "]: " + c->message)
          .put("<xmlattr>.type", "xfail");
      ++skipped;
    } else if (c->status == CaseStatus::kPassed && c->bug_verdict == BugVerdict::kXpass) {
      // A pass, which the property marks as a known kernel bug that did not show.
      AddProperty(test, "xpass", c->bug_id);
    } else if (c->Unverified()) {
      Mark(test, "skipped", UnverifiedMessage(*c));
      ++skipped;
    } else if (c->status == CaseStatus::kFailed) {
      Mark(test, "failure", c->message);
      ++failures;
    } else if (c->status == CaseStatus::kSkipped) {
      Mark(test, "skipped", c->message);
      ++skipped;
    }
  }
  suite.put("<xmlattr>.name", XmlSafeText(name));
  suite.put("<xmlattr>.tests", cases.size());
  suite.put("<xmlattr>.failures", failures);
  suite.put("<xmlattr>.skipped", skipped);
  suite.put("<xmlattr>.errors", 0);
  return suite;
}

ptree HarnessSuite(const ConfigResult& config) {
  ptree suite;
  std::string name = config.Name() + ".harness";
  suite.put("<xmlattr>.name", XmlSafeText(name));
  suite.put("<xmlattr>.tests", 1);
  suite.put("<xmlattr>.failures", 0);
  suite.put("<xmlattr>.skipped", 0);
  suite.put("<xmlattr>.errors", 1);
  Mark(AddCase(suite, name, "deliver_results"), "error", config.harness_error->message);
  return suite;
}

// "Suite.Name [manifest-id]" of each xpass: the kernel bugs that may be fixed here.
Json XpassCases(const ConfigResult& config) {
  Json list = Json::array();
  for (const CaseResult& c : config.cases) {
    if (c.status == CaseStatus::kPassed && c.bug_verdict == BugVerdict::kXpass) {
      list.push_back(c.suite + "." + c.name + " [" + c.bug_id + "]");
    }
  }
  return list;
}

Json CallsJson(const ConfigResult& config) {
  std::optional<DiffCounts> diff = config.DiffTotals();
  if (!diff) return nullptr;
  return {{"total", diff->calls},
          {"compared", diff->compared},
          {"accepted", diff->accepted},
          {"unverifiable", diff->unverifiable},
          {"not_covered", diff->not_covered}};
}

}  // namespace

bool NothingCompared(const ConfigResult& config) {
  std::optional<DiffCounts> diff = config.DiffTotals();
  return diff && diff->calls > 0 && diff->compared == 0;
}

std::string_view ConfigStatus(const ConfigResult& config) {
  if (config.harness_error) return "error";
  if (config.Count(CaseStatus::kFailed) || NothingCompared(config)) return "failed";
  return "passed";
}

HarnessStatus WriteJunit(const std::vector<ConfigResult>& configs,
                         const std::filesystem::path& file) {
  ptree root;
  ptree& suites = root.add("testsuites", "");
  suites.put("<xmlattr>.name", "iommufd-conform");
  for (const ConfigResult& config : configs) {
    std::map<std::string, std::vector<const CaseResult*>> by_suite;
    for (const CaseResult& c : config.cases) by_suite[c.suite].push_back(&c);
    for (const auto& [suite, cases] : by_suite) {
      suites.add_child("testsuite", SuiteOf(config, suite, cases));
    }
    if (config.harness_error) suites.add_child("testsuite", HarnessSuite(config));
  }
  std::ostringstream xml;
  boost::property_tree::write_xml(
      xml, root, boost::property_tree::xml_writer_make_settings<std::string>(' ', 2));
  return WriteFile(file, xml.str());
}

HarnessStatus WriteSummaryJson(const std::vector<ConfigResult>& configs,
                               const std::filesystem::path& file) {
  Json list = Json::array();
  for (const ConfigResult& c : configs) {
    list.push_back({{"name", c.Name()},
                    {"target", c.target},
                    {"arch", c.arch},
                    {"platform", c.platform},
                    {"kernel", c.kernel},
                    {"status", ConfigStatus(c)},
                    {"tests", c.cases.size()},
                    {"passed", c.CountPassed()},
                    {"unverified", c.CountUnverified()},
                    {"failed", c.Count(CaseStatus::kFailed)},
                    {"skipped", c.Count(CaseStatus::kSkipped)},
                    {"xfail", c.Count(BugVerdict::kXfail)},
                    {"xpass", c.Count(BugVerdict::kXpass)},
                    {"xpass_cases", XpassCases(c)},
                    {"calls", CallsJson(c)},
                    {"harness_error", c.harness_error ? Json(c.harness_error->message) : Json()}});
  }
  Json document = {{"configurations", std::move(list)}};
  // Console text is not always UTF-8: a bad byte becomes U+FFFD rather than no summary.
  return WriteFile(file, document.dump(2, ' ', false, Json::error_handler_t::replace) + "\n");
}

}  // namespace iommufd_conform
