// The CLI's answers to bad input: one clear error line and the documented exit code.
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
  auto exit = RunProcess({args, "", env, std::chrono::seconds(120)});
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

std::filesystem::path CachedX86Kernel() {
  std::error_code ec;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(
           CacheDir() / "kernels", std::filesystem::directory_options::skip_permission_denied,
           ec)) {
    if (entry.path().filename() == "bzImage") return entry.path();
  }
  return {};
}

TEST(CliBadInputTest, FileThatIsNoKernelIsRefused) {
  auto dir = TempDir("bogus-kernel");
  std::ofstream(dir / "bzImage") << "not a kernel";
  CliRun run = RunCli({"vm", "exec", "--platform", "none", "--arch", "x86_64", "--kernel",
                       (dir / "bzImage").string(), "--",
                       (BuildDir() / "iommufd-conform-probe").string()});
  EXPECT_EQ(run.exit_code, kExitUsage);
}

TEST(CliBadInputTest, GuestThatDoesNotBootInTimeIsABootFailure) {
  std::filesystem::path image = CachedX86Kernel();
  if (image.empty()) GTEST_SKIP() << "no cached x86_64 kernel yet";
  // No TCG guest reaches userspace within a second: the run must end, not hang.
  CliRun run = RunCli({"vm", "exec", "--platform", "none", "--arch", "x86_64", "--kernel",
                       image.string(), "--boot-timeout", "1", "--",
                       (BuildDir() / "iommufd-conform-probe").string()});
  EXPECT_EQ(run.exit_code, kExitBootFailed);
}

TEST(CliBadInputTest, MissingQemuIsNamed) {
  std::filesystem::path image = CachedX86Kernel();
  if (image.empty()) GTEST_SKIP() << "no cached x86_64 kernel yet";
  // A PATH without QEMU; the CLI itself is started by absolute path.
  CliRun run = RunCli({"vm", "exec", "--platform", "none", "--arch", "x86_64", "--kernel",
                       image.string(), "--", (BuildDir() / "iommufd-conform-probe").string()},
                      {"PATH=/nonexistent"});
  EXPECT_EQ(run.exit_code, kExitMissingTool);
  EXPECT_THAT(run.output, HasSubstr("qemu-system-x86_64"));
}

}  // namespace
}  // namespace iommufd_conform
