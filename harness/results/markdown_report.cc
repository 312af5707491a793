#include "harness/results/markdown_report.h"

#include <fstream>

#include "harness/results/conformance_matrix.h"

namespace iommufd_conform {
namespace {

// Table cells must stay on one line and must not end the cell early.
std::string CellText(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  std::string escaped;
  for (char c : text) {
    if (c == '|') escaped += '\\';
    escaped += c;
  }
  constexpr size_t kLimit = 300;
  if (escaped.size() > kLimit) escaped = escaped.substr(0, kLimit) + " …";
  return escaped;
}

void AppendGroup(const MatrixGroup& group, std::string& out) {
  out += "## " + group.title + "\n\n| area |";
  for (const ConfigResult* config : group.configs) {
    out += " " + config->arch + " " + config->platform + " |";
  }
  out += "\n|---|";
  for (size_t i = 0; i < group.configs.size(); ++i) out += "---|";
  out += "\n";
  for (const AreaRow& row : group.rows) {
    out += "| " + row.area + " |";
    for (const Tally& tally : row.tallies) out += " " + tally.Text() + " |";
    out += "\n";
  }
  out += "| **configuration** |";
  for (const ConfigResult* config : group.configs) {
    out += config->harness_error ? " **harness error** |" : " ok |";
  }
  out += "\n\n";

  for (const ConfigResult* config : group.configs) {
    std::string details;
    if (config->harness_error) {
      details += "- **harness error**: " + CellText(config->harness_error->message) + "\n";
    }
    for (const NonPass& item : NonPasses(*config)) {
      details += "- " + std::string(VerdictName(item.verdict)) + ": `" + item.result->suite +
                 "." + item.result->name + "` (" + item.area + "): " + CellText(item.reason) +
                 "\n";
    }
    if (details.empty()) continue;
    out += "### " + config->Name() + ": every case that did not plainly pass\n\n" + details + "\n";
  }
}

}  // namespace

std::string FormatMarkdownReport(const std::vector<ConfigResult>& configs) {
  std::string out = "# iommufd conformance report\n\n";
  out += "Cells count cases per uAPI area (one suite source file each): pass; exp = passed with "
         "a divergence the manifest (reference/divergences.txt) accepts; unverified = no "
         "assertion failed, but some calls were not compared (they ran on the kernel only, "
         "or the two states were already apart), so the case proves nothing about them; "
         "skip = a stated precondition was missing; FAIL; xfail = a kernel bug's reproducer failed "
         "on a kernel its manifest entry lists, as expected; XPASS = such a reproducer passed: "
         "the bug may be fixed there (the run does not fail for it; update the entry).\n\n";
  for (const MatrixGroup& group : BuildMatrix(configs)) AppendGroup(group, out);
  return out;
}

HarnessStatus WriteMarkdownReport(const std::vector<ConfigResult>& configs,
                                  const std::filesystem::path& file) {
  std::ofstream out(file);
  out << FormatMarkdownReport(configs);
  out.close();
  if (!out) return MakeError(HarnessErrorKind::kIo, "cannot write " + file.string());
  return Done{};
}

}  // namespace iommufd_conform
