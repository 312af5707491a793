#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "harness/cli/commands.h"
#include "harness/cli/exit_codes.h"

namespace {

struct Subcommand {
  std::string_view name;
  std::string_view summary;
  int (*run)(const std::vector<std::string>&);
};

constexpr Subcommand kSubcommands[] = {
    {"gate", "gate a kernel patch: base and patched kernels, suite on both, a verdict",
     iommufd_conform::GateCommand},
    {"mutate", "apply mutant patches to a kernel tree and report what the gate's checks kill",
     iommufd_conform::MutateCommand},
    {"run", "run the conformance suite on the model, in guests or on this host",
     iommufd_conform::RunCommand},
    {"kernel", "build (and cache) a guest kernel from a Debian source package or a tree",
     iommufd_conform::KernelCommand},
    {"vm", "boot a kernel under QEMU and run a binary inside it",
     iommufd_conform::VmCommand},
    {"fuzz", "run a fuzzing campaign on the model or differentially in a guest",
     iommufd_conform::FuzzCommand},
    {"bench", "benchmark map/unmap paths: native iommufd, compat, type1, and the model",
     iommufd_conform::BenchCommand},
    {"coverage", "kernel coverage of our suite next to the kernel's own iommufd selftests",
     iommufd_conform::CoverageCommand},
    {"abi", "compare this project's uAPI definitions with a kernel's exported headers",
     iommufd_conform::AbiCommand},
};

void PrintUsage(std::FILE* to) {
  std::fprintf(to, "usage: iommufd-conform <command> [options]\n\ncommands:\n");
  for (const auto& command : kSubcommands) {
    std::fprintf(to, "  %-8.*s %.*s\n", static_cast<int>(command.name.size()),
                 command.name.data(), static_cast<int>(command.summary.size()),
                 command.summary.data());
  }
  std::fprintf(to, "\n'iommufd-conform <command> --help' describes each one.\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    PrintUsage(stderr);
    return iommufd_conform::kExitUsage;
  }
  std::string_view name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    PrintUsage(stdout);
    return iommufd_conform::kExitOk;
  }
  for (const auto& command : kSubcommands) {
    if (command.name == name) return command.run({argv + 2, argv + argc});
  }
  std::fprintf(stderr, "iommufd-conform: unknown command '%s'\n", argv[1]);
  PrintUsage(stderr);
  return iommufd_conform::kExitUsage;
}
