#include "harness/gate/gate_junit.h"

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <map>
#include <sstream>

#include "harness/results/xml_text.h"

namespace iommufd_conform::gate {
namespace {

using boost::property_tree::ptree;

struct Counts {
  int tests = 0, failures = 0, errors = 0, skipped = 0;
};

ptree& AddCase(ptree& suite, Counts& counts, const std::string& classname,
               const std::string& name) {
  ptree& test = suite.add("testcase", "");
  test.put("<xmlattr>.classname", XmlSafeText(classname));
  test.put("<xmlattr>.name", XmlSafeText(name));
  ++counts.tests;
  return test;
}

void Mark(ptree& test, Counts& counts, const std::string& element, const std::string& message,
          const std::string& text = "") {
  ptree& mark = test.add(element, XmlSafeText(text));
  mark.put("<xmlattr>.message", XmlSafeText(message));
  if (element == "failure") ++counts.failures;
  if (element == "error") ++counts.errors;
  if (element == "skipped") ++counts.skipped;
}

void PutCounts(ptree& suite, const Counts& counts) {
  suite.put("<xmlattr>.tests", counts.tests);
  suite.put("<xmlattr>.failures", counts.failures);
  suite.put("<xmlattr>.errors", counts.errors);
  suite.put("<xmlattr>.skipped", counts.skipped);
}

ptree GateSuite(const GateReport& report) {
  ptree suite;
  suite.put("<xmlattr>.name", "gate");
  Counts counts;
  ptree& verdict = AddCase(suite, counts, "gate", "verdict");
  if (report.verdict.kind == Verdict::Kind::kRegression) {
    Mark(verdict, counts, "failure", report.verdict.headline);
  } else if (report.verdict.kind != Verdict::Kind::kPass) {
    Mark(verdict, counts, "error", report.verdict.headline);
  }
  ptree& abi = AddCase(suite, counts, "gate", "uapi_abi");
  if (!report.abi.checked) {
    Mark(abi, counts, "skipped", report.abi.not_checked_reason);
  } else if (!report.abi.breaks.empty()) {
    std::string text;
    for (const std::string& line : report.abi.breaks) text += line + "\n";
    Mark(abi, counts, "failure", "the patch breaks the uAPI", text);
  }
  for (const Finding& f : report.findings) {
    if (!f.test.empty() || f.arch.empty()) continue;  // cases below, uAPI above
    std::string where = f.arch + (f.platform.empty() ? "" : ":" + f.platform);
    ptree& test = AddCase(suite, counts, "gate." + where, std::string(FindingKindName(f.kind)));
    if (IsRegression(f.kind)) {
      Mark(test, counts, "failure", f.detail, f.evidence);
    } else if (f.kind == FindingKind::kBaseBroken) {
      Mark(test, counts, "error", f.detail, f.evidence);
    }
  }
  for (const std::string& item : report.not_done) {
    ptree& test = AddCase(suite, counts, "gate.not_run", item);
    Mark(test, counts, "skipped", "not run by this gate yet");
  }
  PutCounts(suite, counts);
  return suite;
}

ptree PlatformSuite(const GateReport& report, const PlatformRun& run) {
  std::map<std::string, const Finding*> findings;
  for (const Finding& f : report.findings) {
    if (f.arch == run.config.arch && f.platform == run.config.platform && !f.test.empty()) {
      findings.emplace(f.test, &f);
    }
  }
  std::string where = run.config.arch + "-" + run.config.platform;
  ptree suite;
  suite.put("<xmlattr>.name", "patched." + where);
  Counts counts;
  for (const CaseResult& c : run.config.cases) {
    std::string name = c.suite + "." + c.name;
    ptree& test = AddCase(suite, counts, where + "." + c.suite, c.name);
    test.put("<xmlattr>.time", JunitSeconds(c.seconds));
    auto found = findings.find(name);
    const Finding* finding = found == findings.end() ? nullptr : found->second;
    if (finding && IsRegression(finding->kind)) {
      Mark(test, counts, "failure", finding->detail, c.message);
    } else if (c.status == CaseStatus::kFailed) {
      Mark(test, counts, "skipped", "fails on the base too, not counted against the patch",
           c.message);
    } else if (c.status == CaseStatus::kSkipped) {
      Mark(test, counts, "skipped", c.message);
    }
  }
  PutCounts(suite, counts);
  return suite;
}

}  // namespace

std::string FormatJunit(const GateReport& report) {
  ptree root;
  ptree& suites = root.add("testsuites", "");
  suites.put("<xmlattr>.name", "iommufd-conform gate");
  suites.add_child("testsuite", GateSuite(report));
  for (const PlatformRun& run : report.patched.runs) {
    suites.add_child("testsuite", PlatformSuite(report, run));
  }
  std::ostringstream out;
  boost::property_tree::write_xml(out, root,
                                  boost::property_tree::xml_writer_make_settings<std::string>(' ', 1));
  return out.str();
}

}  // namespace iommufd_conform::gate
