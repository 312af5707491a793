// html_report_fixture DIR: writes DIR/report.html from report_fixture.h's run, the page the
// headless-browser test (html_report_browser_test.sh) opens.
#include <cstdio>
#include <filesystem>

#include "harness/results/html_report.h"
#include "harness/results/report_fixture.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: html_report_fixture DIR\n");
    return 2;
  }
  std::filesystem::path dir = argv[1];
  std::filesystem::create_directories(dir);
  auto status = iommufd_conform::WriteHtmlReport(iommufd_conform::FixtureRun(),
                                                 iommufd_conform::FixtureContext(),
                                                 dir / "report.html");
  if (!status.ok()) {
    std::fprintf(stderr, "html_report_fixture: %s\n", status.error().message.c_str());
    return 1;
  }
  return 0;
}
