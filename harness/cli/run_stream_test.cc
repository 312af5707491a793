// A guest that dies mid-run keeps its finished cases: `run --target vm` against a stand-in
// QEMU that prints what our init and the suite would print (with console noise and a line cut
// short), then is killed by SIGKILL before any XML exists.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "harness/cli/exit_codes.h"
#include "harness/common/paths.h"
#include "harness/common/process.h"
#include "harness/guest/guest_protocol.h"
#include "harness/results/case_stream.h"

namespace iommufd_conform {
namespace {

namespace fs = std::filesystem;
namespace gp = guest_protocol;
using ::testing::HasSubstr;

CaseResult Case(std::string name, CaseStatus status, std::string message) {
  return CaseResult{"StreamTest", std::move(name), "/src/stream_test.cc", status,
                    std::move(message), 0.5, "", ""};
}

// A shell script standing in for qemu-system-x86_64: writes its pidfile (QEMU's -pidfile, for
// the harness's watchdog), prints `console`, then kills itself as `kill -9` on QEMU would.
void WriteFakeQemu(const fs::path& bin, const std::string& console) {
  fs::create_directories(bin);
  fs::path script = bin / "qemu-system-x86_64";
  std::ofstream(script) << "#!/bin/sh\n"
                        << "while [ $# -gt 0 ]; do\n"
                        << "  [ \"$1\" = -pidfile ] && echo $$ > \"$2\"\n"
                        << "  shift\n"
                        << "done\n"
                        << "cat <<'CONSOLE'\n"
                        << console << "CONSOLE\n"
                        << "kill -9 $$\n";
  fs::permissions(script, fs::perms::owner_all | fs::perms::group_read | fs::perms::others_read);
}

TEST(RunStreamTest, AKilledGuestKeepsItsFinishedCasesAndNamesTheRunningOne) {
  fs::path dir = fs::temp_directory_path() / "iommufd-conform-run-stream-test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string end_b = FormatCaseEnd(Case("B", CaseStatus::kFailed, "x.cc:3\nValue of: ret"));
  std::string console =
      std::string(gp::kInitStartedMarker) + "\n" + std::string(gp::kReadyMarker) + "\n" +
      FormatCaseStart("StreamTest", "A") + "\n" + "[ RUN      ] StreamTest.A\n" +
      FormatCaseEnd(Case("A", CaseStatus::kPassed, "")) + "\n" +
      "[    3.100] iommufd: noise " + FormatCaseStart("StreamTest", "B") + "\n" + end_b + "\n" +
      FormatCaseStart("StreamTest", "C") + "\n" +
      // C's end line, cut where the console stopped: not a result.
      FormatCaseEnd(Case("C", CaseStatus::kPassed, "")).substr(0, 40) + "\n";
  WriteFakeQemu(dir / "bin", console);
  std::ofstream(dir / "bzImage") << "not really a kernel";

  auto run = RunProcess({{(BuildDir() / "iommufd-conform").string(), "run", "--target", "vm",
                          "--platform", "x86_64:none", "--kernel", (dir / "bzImage").string(),
                          "--results", (dir / "results").string()},
                         "",
                         {"PATH=" + (dir / "bin").string() + ":" + getenv("PATH")},
                         std::chrono::minutes(2)});
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(run.value().exit_code, kExitBootFailed) << run.value().output;
  EXPECT_THAT(run.value().output, HasSubstr("1 passed,   0 unverified,   1 failed,   0 skipped"));
  EXPECT_THAT(run.value().output,
              HasSubstr("QEMU was killed, while StreamTest.C was running; 2 finished cases kept "
                        "(0 case results lost, 1 garbled result lines)"));
  std::ifstream junit(dir / "results" / "junit.xml");
  std::string xml((std::istreambuf_iterator<char>(junit)), {});
  EXPECT_THAT(xml, HasSubstr("name=\"A\""));
  EXPECT_THAT(xml, HasSubstr("Value of: ret"));
  std::ifstream summary(dir / "results" / "summary.json");
  std::string json((std::istreambuf_iterator<char>(summary)), {});
  EXPECT_THAT(json, HasSubstr("\"tests\": 2,"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace iommufd_conform
