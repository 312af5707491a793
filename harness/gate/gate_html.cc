#include "harness/gate/gate_html.h"

#include "harness/gate/gate_summary.h"
#include "harness/results/html_report.h"

namespace iommufd_conform::gate {

HarnessResult<std::string> FormatGateHtml(const GateReport& report, const std::string& command) {
  HtmlReportContext context;
  context.command = command;
  context.generated = report.started_at;
  context.summary = FormatSummary(report);
  std::vector<ConfigResult> configs;
  for (const PlatformRun& run : report.patched.runs) {
    configs.push_back(run.config);
    auto& by_case = context.divergences[run.config.Name()];
    for (const Divergence& divergence : run.divergences) {
      std::string& text = by_case[divergence.test];
      text += (text.empty() ? "" : "\n\n") + divergence.report;
    }
  }
  return FormatHtmlReport(configs, context);
}

}  // namespace iommufd_conform::gate
