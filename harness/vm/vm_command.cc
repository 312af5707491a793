// `iommufd-conform vm exec`: boots a kernel under QEMU and runs one static binary inside it.

#include <boost/program_options.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "harness/cli/commands.h"
#include "harness/cli/exit_codes.h"
#include "harness/common/paths.h"
#include "harness/kernel/kernel_builder.h"
#include "harness/vm/guest_runner.h"
#include "harness/vm/payload_check.h"
#include "harness/vm/platform.h"

namespace iommufd_conform {
namespace {

namespace po = boost::program_options;

constexpr const char* kUsage =
    "usage: iommufd-conform vm exec --arch x86_64|arm64 --platform P\n"
    "           --kernel IMAGE|VERSION|TREE [--share DIR] [--boot-timeout S] [--timeout S]\n"
    "           [--hugepages N] [--splat-grace S]\n"
    "           [--env NAME=VALUE]... -- BINARY [ARGS...]\n"
    "\n"
    "Boots a kernel under QEMU (TCG) on platform P with an initramfs holding our init and BINARY,\n"
    "streams the guest console to stdout and exits with BINARY's exit status. BINARY must be a\n"
    "static executable for the guest's arch; a bare name such as iommufd-conform-probe is first\n"
    "looked up among this build's guest binaries for that arch. On a harness failure the exit\n"
    "code is the harness's (7 boot failed or timed out, 8 kernel splat, ...; see README) and\n"
    "stderr says so in one line. --kernel takes a kernel image file, or a Debian version (7.2)\n"
    "or kernel tree to build (or reuse from the cache) as `iommufd-conform kernel` does.\n";

void PrintPlatforms(std::ostream& out) {
  out << "\nplatforms:\n";
  for (const auto& platform : Platforms()) {
    out << "  " << ArchName(platform.arch) << " " << platform.name << ": "
        << platform.description << "\n";
  }
}

int Fail(const HarnessError& error) {
  std::string first_line = error.message.substr(0, error.message.find('\n'));
  std::fprintf(stderr, "iommufd-conform vm: %s\n", first_line.c_str());
  return ExitCodeFor(error.kind);
}

int UsageError(const std::string& message) {
  std::fprintf(stderr, "iommufd-conform vm: %s\n%s", message.c_str(), kUsage);
  return kExitUsage;
}

std::filesystem::path ResolvePayload(const std::string& name, Arch arch) {
  if (name.find('/') == std::string::npos) {
    std::filesystem::path built = GuestBinary(arch, name);
    std::error_code ec;
    if (std::filesystem::is_regular_file(built, ec)) return built;
  }
  return name;
}

int Exec(const std::vector<std::string>& args) {
  auto dashes = std::find(args.begin(), args.end(), "--");
  const std::vector<std::string> options(args.begin(), dashes);

  std::string arch_name, platform, kernel, share;
  int boot_timeout = 180, run_timeout = 600, hugepages = 0, splat_grace = 0;
  std::vector<std::string> env;
  po::options_description description("vm exec options");
  description.add_options()
      ("help,h", "show this help")
      ("arch", po::value(&arch_name)->required(), "x86_64 or arm64")
      ("platform", po::value(&platform)->required(), "emulated machine (list below)")
      ("kernel", po::value(&kernel)->required(), "kernel image, version or tree")
      ("share", po::value(&share), "host directory mounted at /share in the guest")
      ("boot-timeout", po::value(&boot_timeout)->default_value(180),
       "seconds until our init must be ready")
      ("timeout", po::value(&run_timeout)->default_value(600), "seconds the binary may run")
      ("hugepages", po::value(&hugepages)->default_value(0), "nr_hugepages to reserve first")
      ("splat-grace", po::value(&splat_grace)->default_value(0),
       "seconds the binary runs on after a kernel splat (to see its answers)")
      ("env", po::value(&env)->composing(), "NAME=VALUE for the binary (repeatable)");
  po::variables_map values;
  try {
    po::store(po::command_line_parser(options).options(description).run(), values);
    if (values.count("help")) {
      std::cout << kUsage << "\n" << description;
      PrintPlatforms(std::cout);
      return kExitOk;
    }
    po::notify(values);
    if (dashes == args.end() || dashes + 1 == args.end()) {
      return UsageError("missing '-- BINARY [ARGS...]'");
    }
  } catch (const po::error& e) {
    return UsageError(e.what());
  }
  auto arch = ParseArch(arch_name);
  if (!arch) return UsageError("--arch must be x86_64 or arm64, not '" + arch_name + "'");
  if (boot_timeout <= 0 || run_timeout <= 0 || hugepages < 0 || splat_grace < 0) {
    return UsageError("timeouts must be positive, --hugepages and --splat-grace not negative");
  }
  for (const auto& entry : env) {
    if (entry.find('=') == std::string::npos || entry.front() == '=') {
      return UsageError("--env wants NAME=VALUE, not '" + entry + "'");
    }
  }

  // Cheap checks first: resolving the kernel may mean a build of several minutes.
  if (auto known = FindPlatform(*arch, platform); !known.ok()) return Fail(known.error());
  const std::filesystem::path payload = ResolvePayload(*(dashes + 1), *arch);
  if (auto usable = CheckStaticExecutable(payload, *arch); !usable.ok()) {
    return Fail(usable.error());
  }
  auto built = ResolveKernel(kernel, *arch);
  if (!built.ok()) return Fail(built.error());

  GuestRunSpec spec;
  spec.arch = *arch;
  spec.platform = platform;
  spec.kernel_image = built.value().image;
  spec.payload = payload;
  spec.payload_args.assign(dashes + 2, args.end());
  spec.payload_env = env;
  if (!share.empty()) spec.share_dir = std::filesystem::absolute(share);
  spec.hugepages = hugepages;
  spec.boot_timeout = std::chrono::seconds(boot_timeout);
  spec.run_timeout = std::chrono::seconds(run_timeout);
  spec.splat_grace = std::chrono::seconds(splat_grace);
  spec.console_sink = [](std::string_view line) {
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
  };

  auto result = RunInGuest(spec);
  if (!result.ok()) return Fail(result.error());
  std::fprintf(stderr, "iommufd-conform vm: payload exited with status %d (ready after %.1f s, "
               "%.1f s in all)\n",
               result.value().status, result.value().boot_time.count() / 1000.0,
               result.value().total_time.count() / 1000.0);
  return result.value().status;
}

}  // namespace

int VmCommand(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::FILE* to = args.empty() ? stderr : stdout;
    std::fputs(kUsage, to);
    if (!args.empty()) PrintPlatforms(std::cout);
    return args.empty() ? kExitUsage : kExitOk;
  }
  if (args[0] != "exec") return UsageError("unknown vm subcommand '" + args[0] + "'");
  return Exec({args.begin() + 1, args.end()});
}

}  // namespace iommufd_conform
