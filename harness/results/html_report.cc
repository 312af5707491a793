#include "harness/results/html_report.h"

#include <ctemplate/template.h>

#include <fstream>
#include <memory>

#include "harness/common/build_commit.h"
#include "harness/results/conformance_matrix.h"
#include "harness/results/result_writers.h"
#include "harness/results/uapi_coverage.h"

namespace iommufd_conform {
namespace {

using ctemplate::TemplateDictionary;

// html_report.tpl, made a string literal by the build: the binary needs no file at run time.
constexpr std::string_view kTemplate =
#include "html_report_template.inc"
    ;

std::string_view VerdictClass(Verdict verdict) {
  constexpr std::string_view kClasses[kVerdictCount] = {"pass", "exp",   "unverified", "skip",
                                                        "fail", "xfail", "xpass"};
  return kClasses[static_cast<int>(verdict)];
}

// A matrix cell is coloured by its worst verdict.
std::string_view TallyClass(const Tally& tally) {
  for (Verdict verdict : {Verdict::kFail, Verdict::kXpass, Verdict::kUnverified, Verdict::kSkip,
                          Verdict::kXfail, Verdict::kExpectedDivergence, Verdict::kPass}) {
    if (tally.Count(verdict)) return VerdictClass(verdict);
  }
  return "empty";
}

void Set(TemplateDictionary* dict, const char* name, std::string_view value) {
  dict->SetValue(name, ctemplate::TemplateString(value.data(), value.size()));
}

void AddConfigurations(const std::vector<ConfigResult>& configs, TemplateDictionary& dict) {
  for (const ConfigResult& config : configs) {
    TemplateDictionary* row = dict.AddSectionDictionary("CONFIG");
    Set(row, "NAME", config.Name());
    Set(row, "TARGET", config.target);
    Set(row, "ARCH", config.arch);
    Set(row, "PLATFORM", config.platform);
    Set(row, "KERNEL", config.kernel);
    row->SetIntValue("CASES", static_cast<long>(config.cases.size()));
    std::string_view status = ConfigStatus(config);
    Set(row, "STATUS", status);
    Set(row, "STATUS_CLASS", status == "passed" ? "pass" : "fail");
  }
}

void AddMatrix(const std::vector<ConfigResult>& configs, TemplateDictionary& dict) {
  for (const MatrixGroup& group : BuildMatrix(configs)) {
    TemplateDictionary* table = dict.AddSectionDictionary("GROUP");
    Set(table, "TITLE", group.title);
    for (const ConfigResult* config : group.configs) {
      TemplateDictionary* column = table->AddSectionDictionary("COLUMN");
      Set(column, "CONFIG_NAME", config->Name());
      Set(column, "ARCH", config->arch);
      Set(column, "PLATFORM", config->platform);
      Set(column, "STATE", config->harness_error ? "harness error" : "ok");
      Set(column, "STATE_CLASS", config->harness_error ? "error" : "pass");
    }
    for (const AreaRow& area : group.rows) {
      TemplateDictionary* row = table->AddSectionDictionary("ROW");
      Set(row, "AREA", area.area);
      for (const Tally& tally : area.tallies) {
        TemplateDictionary* cell = row->AddSectionDictionary("CELL");
        Set(cell, "TEXT", tally.Text());
        Set(cell, "CLASS", TallyClass(tally));
      }
    }
  }
}

void AddNonPasses(const std::vector<ConfigResult>& configs, const HtmlReportContext& context,
                  TemplateDictionary& dict) {
  bool any = false;
  for (const ConfigResult& config : configs) {
    std::vector<NonPass> items = NonPasses(config);
    if (items.empty() && !config.harness_error) continue;
    any = true;
    TemplateDictionary* section = dict.AddSectionDictionary("DETAILS");
    Set(section, "CONFIG_NAME", config.Name());
    if (config.harness_error) {
      Set(section->AddSectionDictionary("HARNESS_ERROR"), "MESSAGE",
          config.harness_error->message);
    }
    auto diffs = context.divergences.find(config.Name());
    for (const NonPass& item : items) {
      TemplateDictionary* row = section->AddSectionDictionary("ITEM");
      Set(row, "VERDICT", VerdictName(item.verdict));
      Set(row, "CLASS", VerdictClass(item.verdict));
      Set(row, "CASE", item.result->suite + "." + item.result->name);
      Set(row, "AREA", item.area);
      Set(row, "REASON", item.reason);
      if (diffs == context.divergences.end()) continue;
      auto diff = diffs->second.find(item.result->suite + "." + item.result->name);
      if (diff != diffs->second.end()) {
        Set(row->AddSectionDictionary("DIVERGENCE"), "REPORT", diff->second);
      }
    }
  }
  if (!any) dict.ShowSection("NO_NON_PASS");
}

std::string CoverageText(const ConfigResult& config, const CoverageCell& cell) {
  switch (cell.kind) {
    case CoverageCell::Kind::kAbsent: return "absent in " + config.kernel;
    case CoverageCell::Kind::kUnreported: return "?";
    case CoverageCell::Kind::kNever: return "never";
    case CoverageCell::Kind::kCalled: break;
  }
  return std::to_string(cell.succeeded) + " ok · " + std::to_string(cell.failed) + " err";
}

void AddCoverage(const std::vector<ConfigResult>& configs, TemplateDictionary& dict) {
  UapiCoverage coverage = BuildUapiCoverage(configs);
  for (const CoverageGaps& gaps : coverage.gaps) {
    TemplateDictionary* item = dict.AddSectionDictionary("GAPS");
    Set(item, "CONFIG_NAME", gaps.config->Name());
    std::string text = "all " + std::to_string(gaps.present) + " entries exercised";
    if (!gaps.reported) text = "the suite reported no calls";
    if (!gaps.never.empty()) {
      text = "never exercised: ";
      for (const std::string& name : gaps.never) {
        text += (name == gaps.never.front() ? "" : ", ") + name;
      }
    }
    Set(item, "TEXT", text);
  }
  for (const CoverageFamily& family : coverage.families) {
    TemplateDictionary* table = dict.AddSectionDictionary("FAMILY");
    Set(table, "TITLE", family.title);
    for (const ConfigResult& config : configs) {
      Set(table->AddSectionDictionary("COLUMN"), "CONFIG_NAME", config.Name());
    }
    for (const CoverageRow& entry : family.rows) {
      TemplateDictionary* row = table->AddSectionDictionary("ROW");
      Set(row, "ENTRY", entry.entry);
      for (size_t i = 0; i < configs.size(); ++i) {
        TemplateDictionary* cell = row->AddSectionDictionary("CELL");
        Set(cell, "TEXT", CoverageText(configs[i], entry.cells[i]));
        Set(cell, "CLASS", entry.cells[i].kind == CoverageCell::Kind::kNever ? "never" : "");
      }
    }
  }
}

}  // namespace

HarnessResult<std::string> FormatHtmlReport(const std::vector<ConfigResult>& configs,
                                            const HtmlReportContext& context) {
  // The template's AUTOESCAPE pragma makes the library escape every value for HTML.
  std::unique_ptr<ctemplate::Template> page(ctemplate::Template::StringToTemplate(
      ctemplate::TemplateString(kTemplate.data(), kTemplate.size()), ctemplate::DO_NOT_STRIP));
  if (!page) return MakeError(HarnessErrorKind::kIo, "the HTML report template does not parse");
  TemplateDictionary dict("report");
  Set(&dict, "COMMIT", BuildCommit());
  Set(&dict, "COMMAND", context.command);
  Set(&dict, "GENERATED", context.generated);
  if (!context.summary.empty()) {
    Set(dict.AddSectionDictionary("SUMMARY"), "TEXT", context.summary);
  }
  AddConfigurations(configs, dict);
  AddMatrix(configs, dict);
  AddNonPasses(configs, context, dict);
  AddCoverage(configs, dict);
  std::string html;
  if (!page->Expand(&html, &dict)) {
    return MakeError(HarnessErrorKind::kIo, "the HTML report template did not expand");
  }
  return html;
}

HarnessStatus WriteHtmlReport(const std::vector<ConfigResult>& configs,
                              const HtmlReportContext& context,
                              const std::filesystem::path& file) {
  auto html = FormatHtmlReport(configs, context);
  if (!html.ok()) return html.error();
  std::ofstream out(file);
  out << html.value();
  out.close();
  if (!out) return MakeError(HarnessErrorKind::kIo, "cannot write " + file.string());
  return Done{};
}

}  // namespace iommufd_conform
