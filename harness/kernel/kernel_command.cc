// `iommufd-conform kernel build|list|clean`.
#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "harness/cli/commands.h"
#include "harness/cli/exit_codes.h"
#include "harness/kernel/config_fragments.h"
#include "harness/kernel/file_lock.h"
#include "harness/kernel/kernel_arch.h"
#include "harness/kernel/kernel_builder.h"
#include "harness/kernel/kernel_cache.h"
#include "harness/kernel/source_registry.h"

namespace iommufd_conform {
namespace {

namespace po = boost::program_options;

constexpr char kUsage[] =
    "usage: iommufd-conform kernel build --source VERSION|PATH [--arch ARCH] [--extra LIST]\n"
    "                                    [--fragment FILE]...\n"
    "       iommufd-conform kernel list\n"
    "       iommufd-conform kernel clean\n";

constexpr char kDescription[] =
    "build   Builds a guest kernel (tinyconfig + harness/kernel/configs fragments), or finds\n"
    "        it in the cache, and prints the image path as the last line of stdout.\n"
    "        The final .config must satisfy configs/*.required, else nothing is compiled.\n"
    "list    Shows the cached kernels.\n"
    "clean   Removes kbuild object directories (kept for incremental rebuilds of a changed\n"
    "        tree); cached kernels stay.\n"
    "\n"
    "Cache: $IOMMUFD_CONFORM_CACHE, else $XDG_CACHE_HOME/iommufd-conform, else\n"
    "~/.cache/iommufd-conform. Kernels are keyed on the source (Debian package, git HEAD +\n"
    "diff + untracked files, or file list), the fragments, the arch and the compiler.\n"
    "\n"
    "exit codes: 0 ok, 2 usage (unknown version, arch or extra), 3 missing tool,\n"
    "  4 source unavailable (fetch failed, not a kernel tree), 5 build failed (log tail shown,\n"
    "  full log in the object directory), 6 required config option missing, 10 I/O error\n";

int Fail(const HarnessError& error) {
  std::fprintf(stderr, "iommufd-conform kernel: %s\n", error.message.c_str());
  return ExitCodeFor(error.kind);
}

int UsageError(const std::string& message) {
  return Fail(MakeError(HarnessErrorKind::kUsage, message + "\n" + kUsage));
}

std::vector<std::string> SplitCommas(const std::vector<std::string>& values) {
  std::vector<std::string> items;
  for (const auto& value : values) {
    std::stringstream stream(value);
    for (std::string item; std::getline(stream, item, ',');) {
      if (!item.empty()) items.push_back(item);
    }
  }
  return items;
}

int Build(const std::vector<std::string>& args) {
  std::string known_extras;
  for (std::string_view extra : kKnownExtras) {
    known_extras += (known_extras.empty() ? "" : ", ") + std::string(extra);
  }
  std::string source_help = "a Debian version (" + KnownVersionList() + ") or a kernel tree";
  std::string extra_help = "comma-separated extras: " + known_extras;
  po::options_description options("kernel build options");
  options.add_options()("help,h", "show this help")("source", po::value<std::string>(),
                                                    source_help.c_str())(
      "arch", po::value<std::string>()->default_value(std::string(ArchName(HostArch()))),
      "x86_64 or arm64")("extra", po::value<std::vector<std::string>>()->composing(),
                         extra_help.c_str())(
      "fragment", po::value<std::vector<std::string>>()->composing(),
      "an extra config fragment, merged last (e.g. to try an option)");
  po::variables_map values;
  try {
    po::store(po::command_line_parser(args).options(options).run(), values);
    po::notify(values);
  } catch (const po::error& error) {
    return UsageError(error.what());
  }
  if (values.count("help")) {
    std::cout << kUsage << "\n" << kDescription << "\n" << options;
    return kExitOk;
  }
  if (!values.count("source")) return UsageError("--source is required");
  auto arch = ParseArch(values["arch"].as<std::string>());
  if (!arch)
    return UsageError("unknown arch '" + values["arch"].as<std::string>() + "' (x86_64 or arm64)");

  KernelRequest request{.source = values["source"].as<std::string>(), .arch = *arch};
  if (values.count("extra")) {
    request.extras = SplitCommas(values["extra"].as<std::vector<std::string>>());
  }
  if (values.count("fragment")) {
    for (const auto& file : values["fragment"].as<std::vector<std::string>>()) {
      request.user_fragments.emplace_back(file);
    }
  }
  auto kernel = EnsureKernel(request);
  if (!kernel.ok()) return Fail(kernel.error());
  std::printf("%s\n", kernel.value().image.c_str());
  return kExitOk;
}

int List() {
  auto entries = ListCachedKernels();
  if (entries.empty()) {
    std::printf("no cached kernels in %s\n", KernelsDir().c_str());
    return kExitOk;
  }
  std::printf("%-16s  %-6s  %-16s  %-14s  %-20s  %s\n", "KEY", "ARCH", "RELEASE", "EXTRAS", "BUILT",
              "SOURCE");
  for (auto& entry : entries) {
    auto& metadata = entry.metadata;
    std::printf("%-16s  %-6s  %-16s  %-14s  %-20s  %s\n", entry.key.c_str(),
                metadata["arch"].c_str(), metadata["release"].c_str(),
                metadata["extras"].empty() ? "-" : metadata["extras"].c_str(),
                metadata["built_at"].c_str(), metadata["source"].c_str());
  }
  std::printf("(in %s)\n", KernelsDir().c_str());
  return kExitOk;
}

int Clean() {
  std::error_code error;
  for (const auto& dir : std::filesystem::directory_iterator(WorkspacesDir(), error)) {
    std::string name = dir.path().filename().string();
    // A workspace a build is using right now stays.
    auto lock = FileLock::TryAcquire(LocksDir() / ("build-" + name + ".lock"));
    if (!lock.ok()) {
      std::fprintf(stderr, "kernel: %s is in use, kept\n", name.c_str());
      continue;
    }
    std::filesystem::remove_all(dir.path(), error);
    if (error)
      return Fail(MakeError(HarnessErrorKind::kIo,
                            "cannot remove " + dir.path().string() + ": " + error.message()));
    std::printf("removed %s\n", dir.path().c_str());
  }
  return kExitOk;
}

}  // namespace

int KernelCommand(const std::vector<std::string>& args) {
  if (args.empty()) {
    std::fputs(kUsage, stderr);
    return kExitUsage;
  }
  const std::string& action = args.front();
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (action == "--help" || action == "-h" || action == "help") {
    std::cout << kUsage << "\n" << kDescription << "\n'kernel build --help' lists its options.\n";
    return kExitOk;
  }
  if (action == "build") return Build(rest);
  if (action == "list" && rest.empty()) return List();
  if (action == "clean" && rest.empty()) return Clean();
  return UsageError("unknown kernel action '" + action + "'");
}

}  // namespace iommufd_conform
