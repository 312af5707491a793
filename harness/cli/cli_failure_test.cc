// The CLI's answers to bad input and failing guests: one clear error line and the
// documented exit code, never a hang.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "harness/cli/exit_codes.h"
#include "harness/common/paths.h"
#include "harness/common/process.h"

namespace iommufd_conform {
namespace {

using ::testing::HasSubstr;

struct CliRun {
  int exit_code;
  std::string output;
};

CliRun RunCli(std::vector<std::string> args, std::vector<std::string> env = {}) {
  args.insert(args.begin(), (BuildDir() / "iommufd-conform").string());
  // Generous: the first guest case may build a kernel.
  auto exit = RunProcess({args, "", env, std::chrono::minutes(40)});
  EXPECT_TRUE(exit.ok());
  return {exit.value().exit_code, exit.value().output};
}

std::filesystem::path TempDir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("iommufd-conform-cli-test-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

TEST(CliBadInputTest, UnknownCommand) {
  CliRun run = RunCli({"frobnicate"});
  EXPECT_EQ(run.exit_code, kExitUsage);
  EXPECT_THAT(run.output, HasSubstr("unknown command 'frobnicate'"));
}

TEST(CliBadInputTest, UnknownPlatform) {
  CliRun run = RunCli({"run", "--target", "vm", "--platform", "sparc-iommu"});
  EXPECT_EQ(run.exit_code, kExitUsage);
  EXPECT_THAT(run.output, HasSubstr("unknown platform 'sparc-iommu'"));
}

TEST(CliBadInputTest, PlatformOnTheWrongArch) {
  CliRun run = RunCli({"run", "--target", "vm", "--platform", "arm64:vtd"});
  EXPECT_EQ(run.exit_code, kExitUsage);
  EXPECT_THAT(run.output, HasSubstr("does not exist on arm64"));
}

TEST(CliBadInputTest, CoverageHelpNamesTheReport) {
  CliRun run = RunCli({"coverage", "--help"});
  EXPECT_EQ(run.exit_code, kExitOk);
  EXPECT_THAT(run.output, HasSubstr("coverage.md"));
}

TEST(CliBadInputTest, CoverageNeedsTheCoverageExtra) {
  CliRun run = RunCli({"coverage", "--extras", "kcov"});
  EXPECT_EQ(run.exit_code, kExitUsage);
  EXPECT_THAT(run.output, HasSubstr("--extras must include coverage"));
}

TEST(CliBadInputTest, CoverageNeedsAKnownVersion) {
  // The selftests are built from the same Debian source as the kernel.
  CliRun run = RunCli({"coverage", "--kernel", "/tmp"});
  EXPECT_EQ(run.exit_code, kExitUsage);
  EXPECT_THAT(run.output, HasSubstr("--kernel must be a known version"));
}

TEST(CliBadInputTest, ModelOfAnUnknownKernel) {
  CliRun run = RunCli({"run", "--kernel", "5.4"});
  EXPECT_EQ(run.exit_code, kExitUsage);
  EXPECT_THAT(run.output, HasSubstr("not '5.4'"));
}

TEST(CliBadInputTest, KernelVersionNotInTheRegistry) {
  auto results = TempDir("unknown-version");
  CliRun run = RunCli({"run", "--target", "vm", "--platform", "none", "--kernel", "9.9",
                       "--results", results.string()});
  EXPECT_EQ(run.exit_code, kExitUsage);
  EXPECT_THAT(run.output, HasSubstr("9.9"));
  // The failed configuration is still reported.
  std::ifstream summary(results / "summary.json");
  std::string text((std::istreambuf_iterator<char>(summary)), {});
  EXPECT_THAT(text, HasSubstr("\"status\": \"error\""));
}

TEST(CliBadInputTest, HostTargetWithoutDevIommuIsRefused) {
  if (std::filesystem::exists("/dev/iommu")) GTEST_SKIP() << "this host has /dev/iommu";
  CliRun run = RunCli({"run", "--target", "host"});
  EXPECT_EQ(run.exit_code, kExitNoDevice);
  EXPECT_THAT(run.output, HasSubstr("/dev/iommu"));
}

// Guest cases name the kernel by version: the first one builds it if the cache lacks it.
constexpr char kKernel[] = "7.2";

std::vector<std::string> VmExec(std::vector<std::string> extra, std::vector<std::string> payload) {
  std::vector<std::string> args{"vm", "exec", "--platform", "none", "--arch", "x86_64",
                                "--kernel", kKernel};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back("--");
  args.insert(args.end(), payload.begin(), payload.end());
  return args;
}

TEST(CliGuestFailureTest, GuestPanicIsReportedWithItsText) {
  CliRun run = RunCli(VmExec({"--timeout", "120"}, {"iommufd-conform-vmcheck", "panic"}));
  EXPECT_EQ(run.exit_code, kExitGuestCrashed);
  EXPECT_THAT(run.output, HasSubstr("Kernel panic - not syncing"));
}

TEST(CliGuestFailureTest, PayloadExitStatusIsPassedOn) {
  CliRun run = RunCli(VmExec({}, {"iommufd-conform-vmcheck", "exit", "3"}));
  EXPECT_EQ(run.exit_code, 3);
}

TEST(CliGuestFailureTest, HungPayloadHitsTheRunTimeout) {
  CliRun run = RunCli(VmExec({"--timeout", "5"}, {"iommufd-conform-vmcheck", "hang"}));
  EXPECT_EQ(run.exit_code, kExitBootFailed);
  EXPECT_THAT(run.output, HasSubstr("timed out"));
}

TEST(CliGuestFailureTest, GuestThatDoesNotBootInTimeIsABootFailure) {
  // No TCG guest reaches userspace within a second: the run must end, not hang.
  CliRun run = RunCli(VmExec({"--boot-timeout", "1"}, {"iommufd-conform-probe"}));
  EXPECT_EQ(run.exit_code, kExitBootFailed);
}

TEST(CliGuestFailureTest, FileThatIsNoKernelNeverBoots) {
  auto dir = TempDir("bogus-kernel");
  std::ofstream(dir / "bzImage") << "not a kernel";
  CliRun run = RunCli({"vm", "exec", "--platform", "none", "--arch", "x86_64", "--kernel",
                       (dir / "bzImage").string(), "--boot-timeout", "20", "--",
                       "iommufd-conform-probe"});
  EXPECT_EQ(run.exit_code, kExitBootFailed);
}

TEST(CliGuestFailureTest, MissingQemuIsNamed) {
  // The image path of the kernel the cases above used: `kernel build` prints it last.
  CliRun build = RunCli({"kernel", "build", "--source", kKernel, "--arch", "x86_64"});
  ASSERT_EQ(build.exit_code, kExitOk) << build.output;
  std::string output = build.output.substr(0, build.output.find_last_not_of('\n') + 1);
  std::string image = output.substr(output.find_last_of('\n') + 1);
  // A PATH without QEMU; the CLI itself is started by absolute path.
  CliRun run = RunCli({"vm", "exec", "--platform", "none", "--arch", "x86_64", "--kernel", image,
                       "--", "iommufd-conform-probe"},
                      {"PATH=/nonexistent"});
  EXPECT_EQ(run.exit_code, kExitMissingTool);
  EXPECT_THAT(run.output, HasSubstr("qemu-system-x86_64"));
}

}  // namespace
}  // namespace iommufd_conform
