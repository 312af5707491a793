#ifndef IOMMUFD_CONFORM_HARNESS_BENCH_BENCH_HTML_H_
#define IOMMUFD_CONFORM_HARNESS_BENCH_BENCH_HTML_H_

#include <string>
#include <utility>
#include <vector>

#include "harness/common/harness_error.h"

namespace iommufd_conform {

// The bench's DIR/report.html, one self-contained page: what ran (project commit, command,
// time), the Markdown report rendered by cmark-gfm (its tables; raw HTML in the Markdown is
// dropped, text escaped) and every plot inline, from BenchPlots' (file name, SVG) pairs.
HarnessResult<std::string> FormatBenchHtml(
    const std::string& markdown, const std::vector<std::pair<std::string, std::string>>& plots,
    const std::string& command, const std::string& generated);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_BENCH_BENCH_HTML_H_
