#include "harness/results/test_report.h"

#include <algorithm>
#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>

namespace iommufd_conform {

std::string ConfigResult::Name() const {
  std::string kernel_part = kernel;
  std::replace(kernel_part.begin(), kernel_part.end(), '/', '_');
  return target + "-" + arch + "-" + platform + "-" + kernel_part;
}

int ConfigResult::Count(CaseStatus status) const {
  return static_cast<int>(std::count_if(cases.begin(), cases.end(),
                                        [&](const CaseResult& c) { return c.status == status; }));
}

int ConfigResult::CountUnverified() const {
  return static_cast<int>(std::count_if(cases.begin(), cases.end(),
                                        [](const CaseResult& c) { return c.Unverified(); }));
}

int ConfigResult::Count(BugVerdict verdict) const {
  return static_cast<int>(std::count_if(
      cases.begin(), cases.end(), [&](const CaseResult& c) {
        return c.status == CaseStatus::kPassed && c.bug_verdict == verdict;
      }));
}

int ConfigResult::CountPassed() const {
  return Count(CaseStatus::kPassed) - CountUnverified() - Count(BugVerdict::kXfail) -
         Count(BugVerdict::kXpass);
}

std::optional<DiffCounts> ConfigResult::DiffTotals() const {
  std::optional<DiffCounts> totals;
  for (const CaseResult& c : cases) {
    if (!c.diff) continue;
    if (!totals) totals.emplace();
    totals->calls += c.diff->calls;
    totals->compared += c.diff->compared;
    totals->accepted += c.diff->accepted;
    totals->unverifiable += c.diff->unverifiable;
    totals->not_covered += c.diff->not_covered;
  }
  return totals;
}

HarnessResult<std::vector<CaseResult>> ReadGtestXml(const std::filesystem::path& file) {
  namespace pt = boost::property_tree;
  pt::ptree tree;
  try {
    pt::read_xml(file.string(), tree);
  } catch (const pt::xml_parser_error& e) {
    return MakeError(HarnessErrorKind::kIo, "cannot read " + file.string() + ": " + e.what());
  }
  std::vector<CaseResult> cases;
  auto suites = tree.get_child_optional("testsuites");
  if (!suites) return MakeError(HarnessErrorKind::kIo, file.string() + " has no <testsuites>");
  for (const auto& [tag, suite] : *suites) {
    if (tag != "testsuite") continue;
    for (const auto& [case_tag, test] : suite) {
      if (case_tag != "testcase") continue;
      // Cases left out (DISABLED_, or by a filter) are listed with status "notrun".
      if (test.get<std::string>("<xmlattr>.status", "") == "notrun") continue;
      CaseResult result;
      result.suite = test.get<std::string>("<xmlattr>.classname", "");
      result.name = test.get<std::string>("<xmlattr>.name", "");
      result.file = test.get<std::string>("<xmlattr>.file", "");
      result.seconds = test.get<double>("<xmlattr>.time", 0);
      // RecordProperty lands in <properties><property name= value=/>.
      auto properties = test.get_child_optional("properties");
      for (const auto& [property_tag, property] : properties ? *properties : pt::ptree()) {
        if (property_tag != "property") continue;
        std::string name = property.get<std::string>("<xmlattr>.name", "");
        std::string value = property.get<std::string>("<xmlattr>.value", "");
        if (name == "diff_expected") result.expected_divergences = value;
        if (name == "diff_not_covered") result.not_covered = value;
        if (name == "diff_unverifiable") result.unverifiable = value;
        if (name == "diff_counts") result.diff = ParseDiffCounts(value);
        if (name == "xfail") result.bug_verdict = BugVerdict::kXfail;
        if (name == "xpass") result.bug_verdict = BugVerdict::kXpass;
        if (name == "xfail" || name == "xpass") result.bug_id = value;
        if (name == "xfail_reason") result.message = value;
      }
      if (auto failure = test.get_child_optional("failure")) {
        result.status = CaseStatus::kFailed;
        result.message = failure->get<std::string>("<xmlattr>.message", "");
      } else if (test.get<std::string>("<xmlattr>.result", "") == "skipped" ||
                 test.get_child_optional("skipped")) {
        result.status = CaseStatus::kSkipped;
        if (auto skipped = test.get_child_optional("skipped")) {
          result.message = skipped->get<std::string>("<xmlattr>.message", "");
        }
      }
      cases.push_back(std::move(result));
    }
  }
  return cases;
}

}  // namespace iommufd_conform
