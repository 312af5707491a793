#include "harness/bench/bench_html.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>
#include <ctemplate/template.h>

#include <cstdlib>
#include <memory>
#include <optional>

#include "harness/common/build_commit.h"

namespace iommufd_conform {
namespace {

// bench_report.tpl, made a string literal by the build.
constexpr std::string_view kTemplate =
#include "bench_report_template.inc"
    ;

// GitHub-flavoured Markdown (tables) to HTML. Without CMARK_OPT_UNSAFE the library drops raw
// HTML and escapes all text, so the result is safe to insert unescaped.
std::optional<std::string> MarkdownToHtml(const std::string& markdown) {
  cmark_gfm_core_extensions_ensure_registered();
  std::unique_ptr<cmark_parser, decltype(&cmark_parser_free)> parser(
      cmark_parser_new(CMARK_OPT_DEFAULT), cmark_parser_free);
  cmark_syntax_extension* table = cmark_find_syntax_extension("table");
  if (!parser || !table || !cmark_parser_attach_syntax_extension(parser.get(), table)) {
    return std::nullopt;
  }
  cmark_parser_feed(parser.get(), markdown.data(), markdown.size());
  std::unique_ptr<cmark_node, decltype(&cmark_node_free)> document(
      cmark_parser_finish(parser.get()), cmark_node_free);
  if (!document) return std::nullopt;
  std::unique_ptr<char, decltype(&std::free)> html(
      cmark_render_html(document.get(), CMARK_OPT_DEFAULT,
                        cmark_parser_get_syntax_extensions(parser.get())),
      std::free);
  if (!html) return std::nullopt;
  return std::string(html.get());
}

// An SVG document goes into HTML as an element: its XML declaration stays out.
std::string InlineSvg(const std::string& svg) {
  if (!svg.starts_with("<?xml")) return svg;
  size_t end = svg.find("?>");
  return end == std::string::npos ? svg : svg.substr(svg.find('<', end));
}

void Set(ctemplate::TemplateDictionary* dict, const char* name, std::string_view value) {
  dict->SetValue(name, ctemplate::TemplateString(value.data(), value.size()));
}

}  // namespace

HarnessResult<std::string> FormatBenchHtml(
    const std::string& markdown, const std::vector<std::pair<std::string, std::string>>& plots,
    const std::string& command, const std::string& generated) {
  std::optional<std::string> body = MarkdownToHtml(markdown);
  if (!body) return MakeError(HarnessErrorKind::kIo, "cmark-gfm could not render the report");
  std::unique_ptr<ctemplate::Template> page(ctemplate::Template::StringToTemplate(
      ctemplate::TemplateString(kTemplate.data(), kTemplate.size()), ctemplate::DO_NOT_STRIP));
  if (!page) return MakeError(HarnessErrorKind::kIo, "the bench HTML template does not parse");
  ctemplate::TemplateDictionary dict("bench");
  Set(&dict, "COMMIT", BuildCommit());
  Set(&dict, "COMMAND", command);
  Set(&dict, "GENERATED", generated);
  Set(&dict, "BODY", *body);
  for (const auto& [name, svg] : plots) {
    ctemplate::TemplateDictionary* plot = dict.AddSectionDictionary("PLOT");
    Set(plot, "NAME", name);
    Set(plot, "SVG", InlineSvg(svg));
  }
  std::string html;
  if (!page->Expand(&html, &dict)) {
    return MakeError(HarnessErrorKind::kIo, "the bench HTML template did not expand");
  }
  return html;
}

}  // namespace iommufd_conform
